// Joi schemas every module's routes share: ids, local dates and times of day.
import Joi from 'joi';
import { isLocalDate } from '../time.js';

export const id = () => Joi.number().integer().min(1).max(2_147_483_647);

export const idParams = Joi.object<{ id: number }>({ id: id().required() });

export const localDate = () =>
  Joi.string()
    .custom((value: string, helpers) => (isLocalDate(value) ? value : helpers.error('date.local')))
    .rule({ message: { 'date.local': '{{#label}} must be a date as YYYY-MM-DD' } });

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A local time of day, HH:MM (00:00–23:59). */
export const localTime = () =>
  Joi.string()
    .pattern(TIME)
    .rule({ message: { 'string.pattern.base': '{{#label}} must be a time as HH:MM' } });

export function isLocalTime(value: unknown): value is string {
  return typeof value === 'string' && TIME.test(value);
}

/** A page of a list: 1-based page number and a bounded page size. */
export const page = () => Joi.number().integer().min(1).max(100_000).default(1);
export const pageSize = (max: number, fallback: number) => Joi.number().integer().min(1).max(max).default(fallback);
