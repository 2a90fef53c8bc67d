// Joi schemas of the public catalogue's query strings and path parameters.
import Joi from 'joi';
import { id, localDate } from '../../shared/http/schemas.js';
import { VENUE_KINDS, VENUE_LEVELS, type VenueKind, type VenueLevel } from './venue.js';

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
