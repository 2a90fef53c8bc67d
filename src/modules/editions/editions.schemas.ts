// Joi schemas of the editions API.
import Joi from 'joi';
import { isValidTimeZone, type LocalDate } from '../../shared/time.js';
import { localDate } from '../../shared/http/schemas.js';
import type { EditionRules } from '../catalogue/edition.js';

const minutes = () =>
  Joi.number()
    .integer()
    .min(0)
    .max(7 * 24 * 60);

export const rulesSchema = Joi.object<Partial<EditionRules>>({
  bookingCutoffMinutes: minutes(),
  maxPartySize: Joi.number().integer().min(1).max(20),
  maxBookingsPerPhone: Joi.number().integer().min(1).max(50),
  checkinOpensMinutesBefore: minutes(),
  checkinClosesMinutesAfterEnd: minutes(),
  noShowLimit: Joi.number().integer().min(1).max(50),
  noShowGraceMinutes: minutes(),
  waitlistOfferMinutes: Joi.number()
    .integer()
    .min(5)
    .max(7 * 24 * 60),
});

/** An instant with its offset (2027-05-10T09:00:00+08:00): a bare local time would be read in the server's zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?([Zz]|[+-]\d{2}:\d{2})$/;
const instant = () =>
  Joi.string()
    .max(40)
    .custom((v: string, h) => (INSTANT.test(v) && !Number.isNaN(Date.parse(v)) ? v : h.error('instant.offset')))
    .rule({ message: { 'instant.offset': '{{#label}} must be a date and time with its offset, e.g. 2027-05-10T09:00:00+08:00' } });

const timezone = () =>
  Joi.string()
    .max(64)
    .custom((v: string, h) => (isValidTimeZone(v) ? v : h.error('timezone.invalid')))
    .rule({ message: { 'timezone.invalid': '{{#label}} must be an IANA time zone such as Asia/Shanghai' } });

const slug = () =>
  Joi.string()
    .trim()
    .lowercase()
    .max(64)
    .pattern(/^[a-z0-9][a-z0-9-]*$/)
    .rule({ message: { 'string.pattern.base': '{{#label}} may hold only a-z, 0-9 and -' } });

export interface EditionInput {
  slug: string;
  nameZh: string;
  nameEn: string;
  cityZh: string;
  cityEn: string;
  startDate: LocalDate;
  endDate: LocalDate;
  timezone: string;
  bookingOpensAt: string;
  rules: Partial<EditionRules>;
}

/** endDate not before startDate, when the same body gives both (a PATCH with one of them is checked by the service). */
const endDate = () =>
  localDate()
    .custom((value: string, helpers) => {
      const start = (helpers.state.ancestors[0] as { startDate?: unknown } | undefined)?.startDate;
      return typeof start === 'string' && value < start ? helpers.error('dates.order') : value;
    })
    .rule({ message: { 'dates.order': '{{#label}} must not be before startDate' } });

export const createEditionBody = Joi.object<EditionInput>({
  slug: slug().required(),
  nameZh: Joi.string().trim().min(1).max(200).required(),
  nameEn: Joi.string().trim().min(1).max(200).required(),
  cityZh: Joi.string().trim().min(1).max(64).required(),
  cityEn: Joi.string().trim().min(1).max(64).required(),
  startDate: localDate().required(),
  endDate: endDate().required(),
  timezone: timezone().default('Asia/Shanghai'),
  bookingOpensAt: instant().required(),
  rules: rulesSchema.default({}),
}).required();

export type EditionChanges = Partial<EditionInput>;

export const updateEditionBody = Joi.object<EditionChanges>({
  slug: slug(),
  nameZh: Joi.string().trim().min(1).max(200),
  nameEn: Joi.string().trim().min(1).max(200),
  cityZh: Joi.string().trim().min(1).max(64),
  cityEn: Joi.string().trim().min(1).max(64),
  startDate: localDate(),
  endDate: endDate(),
  timezone: timezone(),
  bookingOpensAt: instant(),
  rules: rulesSchema,
})
  .min(1)
  .rule({ message: { 'object.min': 'give at least one field to change' } })
  .required();

export interface CopyInput {
  slug: string;
  startDate: LocalDate;
  nameZh?: string;
  nameEn?: string;
  bookingOpensAt?: string;
}

export const copyEditionBody = Joi.object<CopyInput>({
  slug: slug().required(),
  startDate: localDate().required(),
  nameZh: Joi.string().trim().min(1).max(200),
  nameEn: Joi.string().trim().min(1).max(200),
  bookingOpensAt: instant(),
}).required();

export const editionParticipationBody = Joi.object<{ venueIds: number[] }>({
  venueIds: Joi.array().items(Joi.number().integer().min(1)).min(1).max(5000).unique().required(),
}).required();
