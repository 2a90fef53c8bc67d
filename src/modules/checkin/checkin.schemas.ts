import Joi from 'joi';
import { bookingCode } from '../bookings/bookings.schemas.js';

export interface CheckinInput {
  token?: string;
  code?: string;
  gate?: string;
  /** The visitors to admit (ticked at the door); without it and without count, everyone still expected. */
  visitorIds?: number[];
  /** How many of the party to admit, for a party without names. */
  count?: number;
  /** The former name of count. */
  admitted?: number;
}

const tokenOrCode = { token: Joi.string().trim().max(300), code: bookingCode() };
const xorMessages = { 'object.missing': 'token or code is required', 'object.xor': 'give either token or code, not both' };
export const gate = () => Joi.string().trim().max(32);

export const checkinBody = Joi.object<CheckinInput>({
  ...tokenOrCode,
  gate: gate(),
  visitorIds: Joi.array().items(Joi.number().integer().min(1)).min(1).max(100).unique(),
  count: Joi.number().integer().min(1).max(100),
  admitted: Joi.number().integer().min(1).max(100),
})
  .xor('token', 'code')
  .oxor('visitorIds', 'count', 'admitted')
  .messages({ ...xorMessages, 'object.oxor': 'give visitorIds or count, not both' })
  .required();

export interface LookupInput {
  token?: string;
  code?: string;
}

export const lookupBody = Joi.object<LookupInput>(tokenOrCode).xor('token', 'code').messages(xorMessages).required();
