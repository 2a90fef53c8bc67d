// Joi schemas of the staff capacity-management API: sessions (create, edit, cancel, roster) and venue details.
import Joi from 'joi';
import type { LocalDate, LocalTime } from '../../shared/time.js';
import { id, isLocalTime, localDate, localTime } from '../../shared/http/schemas.js';

export const MAX_CAPACITY = 500;

/** Zero-padded HH:MM strings order like the times they name. */
export function timesInOrder(start: LocalTime, end: LocalTime): boolean {
  return start < end;
}

/** endTime after startTime, when the same body gives both (a PATCH with one of them is checked by the service). */
const endAfterStart = () =>
  localTime()
    .custom((value: string, helpers) => {
      const start = (helpers.state.ancestors[0] as { startTime?: unknown } | undefined)?.startTime;
      const comparable = isLocalTime(start) && isLocalTime(value);
      return comparable && !timesInOrder(start, value) ? helpers.error('time.order') : value;
    })
    .rule({ message: { 'time.order': '{{#label}} must be later than startTime' } });

const capacity = () => Joi.number().integer().min(1).max(MAX_CAPACITY);

export interface ManageSessionsQuery {
  venueId?: number;
  date?: LocalDate;
}

export const manageSessionsQuery = Joi.object<ManageSessionsQuery>({
  venueId: id(),
  date: localDate(),
});

export interface NewSessionInput {
  venueId: number;
  date: LocalDate;
  startTime: LocalTime;
  endTime: LocalTime;
  capacity: number;
}

export const createSessionBody = Joi.object<NewSessionInput>({
  venueId: id().required(),
  date: localDate().required(),
  startTime: localTime().required(),
  endTime: endAfterStart().required(),
  capacity: capacity().required(),
}).required();

export interface SessionChanges {
  capacity?: number;
  startTime?: LocalTime;
  endTime?: LocalTime;
  status?: 'open' | 'closed';
}

export const updateSessionBody = Joi.object<SessionChanges>({
  capacity: capacity(),
  startTime: localTime(),
  endTime: endAfterStart(),
  status: Joi.string().valid('open', 'closed'),
})
  .min(1)
  .rule({ message: { 'object.min': 'give at least one of capacity, startTime, endTime, status' } })
  .required();

export const cancelSessionBody = Joi.object<{ reason: string }>({
  reason: Joi.string().trim().min(1).max(500).required(),
}).required();

export const rosterQuery = Joi.object<{ format: 'json' | 'csv' }>({
  format: Joi.string().valid('json', 'csv').default('json'),
});
