// Joi schemas of the waiting-list routes.
import Joi from 'joi';
import { contactSchema, phone, visitorsSchema, type CreateBookingInput } from '../bookings/bookings.schemas.js';

export const joinWaitlistBody = Joi.object<Omit<CreateBookingInput, 'sessionId'>>({
  contact: contactSchema().required(),
  visitors: visitorsSchema().required(),
  language: Joi.string().valid('zh', 'en').default('zh'),
}).required();

export const phoneBody = Joi.object<{ phone: string }>({ phone: phone().required() }).required();
export const phoneQuery = Joi.object<{ phone: string }>({ phone: phone().required() });
