import Joi from 'joi';
import { bookingCode } from '../bookings/bookings.schemas.js';

export interface CheckinInput {
  token?: string;
  code?: string;
  gate?: string;
  admitted?: number;
}

export const checkinBody = Joi.object<CheckinInput>({
  token: Joi.string().trim().max(300),
  code: bookingCode(),
  gate: Joi.string().trim().max(32),
  admitted: Joi.number().integer().min(1).max(100),
})
  .xor('token', 'code')
  .messages({ 'object.missing': 'token or code is required', 'object.xor': 'give either token or code, not both' })
  .required();
