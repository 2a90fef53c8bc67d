// Refusals of the venue registry.
import { ConflictError, defineError } from '../../shared/errors.js';

export const venuesErrors = {
  venueExists: defineError(ConflictError, 'venue_exists', (code: string) => ({
    zh: '已有相同编码的场馆',
    en: 'A venue with this code exists already',
    details: { code },
  })),
};
