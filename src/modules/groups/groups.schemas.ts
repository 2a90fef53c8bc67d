// Joi schemas of group visits: a teacher's request, and the manager's answers.
import Joi from 'joi';
import { id } from '../../shared/http/schemas.js';
import { visitorsSchema, type VisitorInput } from '../bookings/bookings.schemas.js';

export interface GroupRequestInput {
  venueId: number;
  school: string;
  className: string;
  pupils: number;
  ageFrom: number;
  ageTo: number;
  /** Accompanying adults, named; their ID numbers where the venue admits by real name. */
  adults: VisitorInput[];
  /** Up to three sessions of the venue, in preference order. */
  sessionIds: number[];
  note?: string;
  contactName: string;
  language: 'zh' | 'en';
}

const text = (max: number) =>
  Joi.string()
    .trim()
    .min(1)
    .max(max)
    .pattern(/^[^\p{Cc}<>]+$/u, 'printable characters');

export const groupRequestBody = Joi.object<GroupRequestInput>({
  venueId: id().required(),
  school: text(200).required(),
  className: text(100).required().description('class or grade, e.g. 五年级二班'),
  pupils: Joi.number().integer().min(1).max(500).required(),
  ageFrom: Joi.number().integer().min(3).max(25).required(),
  ageTo: Joi.number().integer().min(Joi.ref('ageFrom')).max(25).required(),
  adults: visitorsSchema().max(20).required(),
  sessionIds: Joi.array().items(id()).min(1).max(3).unique().required(),
  note: text(500),
  contactName: text(50).required(),
  language: Joi.string().valid('zh', 'en').default('zh'),
}).required();

export const offerBody = Joi.object<{ sessionId: number; note?: string }>({
  sessionId: id().required(),
  note: text(500),
}).required();

export const declineBody = Joi.object<{ reason: string }>({ reason: text(500).required() }).required();

export const groupListQuery = Joi.object<{ venueId?: number; status?: string }>({
  venueId: id(),
  status: Joi.string().valid('requested', 'offered', 'confirmed', 'declined', 'expired'),
});

export const groupReportQuery = Joi.object<{ editionId?: number }>({ editionId: id().description('an edition other than the current one') });
