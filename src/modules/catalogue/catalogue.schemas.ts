// Joi schemas of the public catalogue's query strings and path parameters.
import Joi from 'joi';
import { isLocalDate } from '../../shared/time.js';
import { VENUE_KINDS, VENUE_LEVELS, type VenueKind, type VenueLevel } from './venue.model.js';

export const localDate = () =>
  Joi.string()
    .custom((value: string, helpers) => (isLocalDate(value) ? value : helpers.error('date.local')))
    .rule({ message: { 'date.local': '{{#label}} must be a date as YYYY-MM-DD' } });

export const id = () => Joi.number().integer().min(1).max(2_147_483_647);

export const idParams = Joi.object<{ id: number }>({ id: id().required() });

export interface ListVenuesQuery {
  kind?: VenueKind;
  level?: VenueLevel;
  district?: string;
  date?: string;
  available?: boolean;
  q?: string;
  page: number;
  pageSize: number;
}

export const listVenuesQuery = Joi.object<ListVenuesQuery>({
  kind: Joi.string().valid(...VENUE_KINDS),
  level: Joi.string().valid(...VENUE_LEVELS),
  district: Joi.string().trim().min(1).max(32),
  date: localDate(),
  available: Joi.boolean(),
  q: Joi.string().trim().min(1).max(100),
  page: Joi.number().integer().min(1).max(100_000).default(1),
  pageSize: Joi.number().integer().min(1).max(100).default(20),
});

export interface ListSessionsQuery {
  venueId?: number;
  date?: string;
}

export const listSessionsQuery = Joi.object<ListSessionsQuery>({
  venueId: id(),
  date: localDate(),
});
