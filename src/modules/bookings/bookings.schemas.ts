// Joi schemas for booking requests: names trimmed and bounded, phones and ID numbers normalised and checked.
import Joi from 'joi';
import { id } from '../../shared/http/schemas.js';
import { CODE_PATTERN, normaliseCode } from './booking-code.js';
import { DOCUMENT_TYPES, documentProblem, NEEDS_BIRTH_DATE, normaliseDocumentNumber, type DocumentType } from './documents.js';
import { birthDateOf, normaliseIdNumber } from './id-number.js';
import { isContactPhone, normalisePhone } from './phone.js';

/** Upper bound of any party, before the venue's own (smaller) limit is applied as a rule. */
export const MAX_VISITORS_ACCEPTED = 50;

const personName = () =>
  Joi.string()
    .trim()
    .min(1)
    .max(50)
    .pattern(/^[^\p{Cc}<>]+$/u, 'printable characters')
    .rule({ message: { 'string.pattern.name': '{{#label}} contains characters a name cannot have' } });

export const phone = () =>
  Joi.string()
    .max(32)
    .custom((value: string, helpers) => {
      const p = normalisePhone(value);
      return isContactPhone(p) ? p : helpers.error('phone.mobile');
    })
    .rule({
      message: {
        'phone.mobile': '{{#label}} must be a mainland China mobile number (11 digits, starting 13–19) or an international number (+ and country code)',
      },
    });

const ID_MESSAGES: Record<string, string> = {
  'idNumber.format': '{{#label}} does not have the format of this document (ID card: 17 digits followed by a digit or X)',
  'idNumber.birth_date': '{{#label}} does not hold a real birth date',
  'idNumber.check_digit': '{{#label}} has a wrong check digit',
  'birthDate.required': '{{#label}} is required with this document (it does not show the birth date)',
};

/**
 * A visitor's document number, checked by the format of the document named beside it (`idType`, default the
 * mainland ID card); a document that shows no birth date needs `birthDate` beside it.
 */
export const idNumber = () =>
  Joi.string()
    .max(32)
    .custom((value: string, helpers) => {
      const visitor = (helpers.state.ancestors[0] ?? {}) as { idType?: unknown; birthDate?: unknown };
      if (visitor.idType !== undefined && !(DOCUMENT_TYPES as readonly unknown[]).includes(visitor.idType)) return value; // idType says what is wrong
      const type = (visitor.idType as DocumentType | undefined) ?? 'id_card';
      const n = type === 'id_card' ? normaliseIdNumber(value) : normaliseDocumentNumber(value);
      const problem = documentProblem(type, n);
      if (problem) return helpers.error(`idNumber.${problem}`);
      if (NEEDS_BIRTH_DATE.has(type) && visitor.birthDate === undefined) {
        return helpers.error('birthDate.required', {}, { ...helpers.state, path: [...(helpers.state.path ?? []).slice(0, -1), 'birthDate'] });
      }
      return n;
    })
    .rule({ message: ID_MESSAGES });

/** A birth date typed beside a document: YYYY-MM-DD, a real date from 1900 on. */
const birthDate = () =>
  Joi.string()
    .pattern(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
    .custom((value: string, helpers) => (birthDateOf(`000000${value.replace(/-/g, '')}0000`) ? value : helpers.error('birthDate.real')))
    .rule({ message: { 'birthDate.real': '{{#label}} is not a real date' } });

export const bookingCode = () =>
  Joi.string()
    .max(32)
    .custom((value: string, helpers) => {
      const c = normaliseCode(value);
      return CODE_PATTERN.test(c) ? c : helpers.error('code.format');
    })
    .rule({ message: { 'code.format': '{{#label}} is not a booking code' } });

export interface VisitorInput {
  name: string;
  /** The kind of document `idNumber` is (default: the mainland resident ID card). */
  idType?: DocumentType;
  idNumber?: string;
  /** YYYY-MM-DD, for documents that do not show it. */
  birthDate?: string;
}

export interface ContactInput {
  name: string;
  phone: string;
}

export interface CreateBookingInput {
  sessionId: number;
  contact: ContactInput;
  visitors: VisitorInput[];
  language: 'zh' | 'en';
}

export const visitorsSchema = () =>
  Joi.array()
    .items(
      Joi.object<VisitorInput>({
        name: personName().required(),
        idType: Joi.string().valid(...DOCUMENT_TYPES),
        idNumber: idNumber(),
        birthDate: birthDate(),
      }),
    )
    .min(1)
    .max(MAX_VISITORS_ACCEPTED)
    .unique((a: VisitorInput, b: VisitorInput) => a.idNumber !== undefined && a.idNumber === b.idNumber && (a.idType ?? 'id_card') === (b.idType ?? 'id_card'))
    .rule({ message: { 'array.unique': '{{#label}} repeats an ID number already in this party' } });

export const contactSchema = () => Joi.object<ContactInput>({ name: personName().required(), phone: phone().required() });

export const createBookingBody = Joi.object<CreateBookingInput>({
  sessionId: id().required(),
  contact: contactSchema().required(),
  visitors: visitorsSchema().required(),
  language: Joi.string().valid('zh', 'en').default('zh'),
}).required();

export const codeParams = Joi.object<{ code: string }>({ code: bookingCode().required() });

export interface BookingAccess {
  phone?: string;
  key?: string;
}

/** Who may see a booking: the phone it was made with, or the key printed in its own links. */
export const accessQuery = Joi.object<BookingAccess>({
  phone: phone(),
  key: Joi.string()
    .max(64)
    .pattern(/^[A-Za-z0-9_-]+$/),
})
  .or('phone', 'key')
  .messages({ 'object.missing': 'phone is required' });

export const cancelBody = Joi.object<{ phone: string }>({ phone: phone().required() }).required();

export const idempotencyKey = Joi.string()
  .min(8)
  .max(128)
  .pattern(/^[A-Za-z0-9_.:-]+$/)
  .label('Idempotency-Key');
