import Joi from 'joi';
import { id, localDate } from '../../shared/http/schemas.js';
import { bookingCode, idNumber, phone } from '../bookings/bookings.schemas.js';

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

export interface FindInput {
  idNumber?: string;
  phone?: string;
  surname?: string;
  venueId?: number;
}

export interface UndoInput {
  admissionIds: number[];
  reason: string;
}

export interface SyncInput {
  deviceId: string;
  entries: unknown[];
}

export const findBody = Joi.object<FindInput>({
  idNumber: idNumber(),
  phone: phone(),
  surname: Joi.string().trim().min(1).max(20),
  venueId: id(),
})
  .xor('idNumber', 'phone')
  .and('phone', 'surname')
  .messages({ 'object.missing': 'idNumber, or phone and surname, is required', 'object.xor': 'give idNumber or phone, not both' })
  .required();

export const undoBody = Joi.object<UndoInput>({
  admissionIds: Joi.array().items(id()).min(1).max(100).unique().required(),
  reason: Joi.string().trim().min(2).max(200).required(),
}).required();

export const venueQuery = Joi.object<{ venueId?: number; date?: string }>({ venueId: id(), date: localDate() });

export const syncBody = Joi.object<SyncInput>({
  deviceId: Joi.string()
    .trim()
    .pattern(/^[A-Za-z0-9_-]{8,64}$/)
    .required(),
  // Entries are checked one by one (a malformed one is answered invalid, the others still apply).
  entries: Joi.array().items(Joi.any()).required(),
}).required();
