// Joi schemas of the public catalogue's query strings and path parameters.
import Joi from 'joi';
import { id, localDate, page, pageSize } from '../../shared/http/schemas.js';
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
  page: page(),
  pageSize: pageSize(100, 20),
});

export interface ListSessionsQuery {
  venueId?: number;
  date?: string;
  page: number;
  pageSize: number;
}

/** A page of at most 200 sessions: a national edition has some 140,000, so no answer lists them all. */
export const listSessionsQuery = Joi.object<ListSessionsQuery>({
  venueId: id(),
  date: localDate(),
  page: page(),
  pageSize: pageSize(200, 100),
});

/** The party a suggestion must fit (up to the largest party any venue takes). */
export const alternativesQuery = Joi.object<{ party: number }>({ party: Joi.number().integer().min(1).max(50).default(1) });
