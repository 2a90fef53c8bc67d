// Joi schemas of the phone-proof routes.
import Joi from 'joi';
import { phone } from '../bookings/bookings.schemas.js';
import { CODE_DIGITS } from './phone-code.js';

export interface CodeRequest {
  phone: string;
  language: 'zh' | 'en';
}

export const codeRequestBody = Joi.object<CodeRequest>({
  phone: phone().required(),
  language: Joi.string().valid('zh', 'en').default('zh'),
}).required();

export const verifyBody = Joi.object<{ phone: string; code: string }>({
  phone: phone().required(),
  code: Joi.string()
    .trim()
    .pattern(new RegExp(`^\\d{${CODE_DIGITS}}$`), `${CODE_DIGITS} digits`)
    .required(),
}).required();
