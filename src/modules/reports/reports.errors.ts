// Refusals of the reports.
import { defineError, RuleViolationError } from '../../shared/errors.js';

export const reportErrors = {
  dateOutsideEdition: defineError(RuleViolationError, 'date_outside_edition', (field: string, startDate: string, endDate: string) => ({
    zh: `日期须在本届活动周（${startDate} 至 ${endDate}）之内`,
    en: `The dates must fall within the edition (${startDate} to ${endDate})`,
    details: { field, startDate, endDate },
  })),
};
