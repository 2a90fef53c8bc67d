// Joi schemas of the venue registry API.
import Joi from 'joi';
import { id, page, pageSize } from '../../shared/http/schemas.js';
import { VENUE_KINDS, VENUE_LEVELS } from '../catalogue/venue.js';
import { FIELD_RULES, REQUIRED_ON_CREATE, type VenueFields } from './venue-fields.js';

export type NewVenueInput = Pick<VenueFields, (typeof REQUIRED_ON_CREATE)[number]> & Partial<VenueFields>;
export type VenueUpdate = Partial<VenueFields>;

const required = new Set<string>(REQUIRED_ON_CREATE);

export const createVenueBody = Joi.object<NewVenueInput>(
  Object.fromEntries(Object.entries(FIELD_RULES).map(([k, rule]) => [k, required.has(k) ? rule.required() : rule])),
).required();

export const updateVenueBody = Joi.object<VenueUpdate>(FIELD_RULES)
  .min(1)
  .rule({ message: { 'object.min': 'give at least one field to change' } })
  .required();

export interface RegistryQuery {
  q?: string;
  district?: string;
  kind?: (typeof VENUE_KINDS)[number];
  level?: (typeof VENUE_LEVELS)[number];
  editionId?: number;
  page: number;
  pageSize: number;
}

export const registryQuery = Joi.object<RegistryQuery>({
  q: Joi.string().trim().max(100),
  district: Joi.string().trim().max(32),
  kind: Joi.string().valid(...VENUE_KINDS),
  level: Joi.string().valid(...VENUE_LEVELS),
  editionId: id(),
  page: page(),
  pageSize: pageSize(500, 50),
});
