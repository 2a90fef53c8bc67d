// Joi schemas of the retention rule.
import Joi from 'joi';
import type { LocalDate } from '../../shared/time.js';
import { localDate } from '../../shared/http/schemas.js';

export interface RetentionRuleInput {
  /** null: the default, 13 days after the last day. */
  summaryDeadline: LocalDate | null;
  retentionDays: number;
}

export const retentionRuleBody = Joi.object<RetentionRuleInput>({
  summaryDeadline: localDate().allow(null).required().description('local date the summary is due; null for the default (13 days after the last day)'),
  retentionDays: Joi.number().integer().min(0).max(3650).required().description('days personal data is kept after the summary deadline'),
}).required();
