// Joi schemas of draws: the manager's draw of a session, and a family's application (the body of a booking).
import Joi from 'joi';
import { joinWaitlistBody } from '../waitlist/waitlist.schemas.js';

export interface CreateDrawInput {
  opensAt: Date;
  closesAt: Date;
  confirmMinutes: number;
}

export const createDrawBody = Joi.object<CreateDrawInput>({
  opensAt: Joi.date().iso().required().description('applications open (ISO 8601 instant)'),
  closesAt: Joi.date().iso().greater(Joi.ref('opensAt')).required().description('applications close and the draw runs (before booking closes)'),
  confirmMinutes: Joi.number()
    .integer()
    .min(10)
    .max(7 * 24 * 60)
    .default(24 * 60)
    .description('how long winners have to confirm (never past the booking cutoff)'),
}).required();

/** The same body as a booking or a waiting-list join. */
export const applyBody = joinWaitlistBody;
