// Joi schemas of the slot schedule API.
import Joi from 'joi';
import { id, localDate, localTime } from '../../shared/http/schemas.js';
import type { SchedulePattern } from './schedule.js';

export const MAX_SLOT_CAPACITY = 500;

const slot = {
  start: localTime().required(),
  end: localTime().required(),
  capacity: Joi.number().integer().min(1).max(MAX_SLOT_CAPACITY).required(),
};

export const scheduleBody = Joi.object<SchedulePattern>({
  weekly: Joi.array()
    .items(Joi.object({ weekday: Joi.number().integer().min(1).max(7).required(), ...slot }))
    .max(7 * 24)
    .default([]),
  dates: Joi.array()
    .items(Joi.object({ date: localDate().required(), ...slot }))
    .max(1000)
    .default([]),
  closedDates: Joi.array().items(localDate()).max(400).unique().default([]),
}).required();

export const scheduleQuery = Joi.object<{ editionId: number }>({ editionId: id().required() });
