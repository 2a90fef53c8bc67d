// The catalogue's refusals.
import { defineError, NotFoundError } from '../../shared/errors.js';

export const catalogueErrors = {
  noEdition: defineError(NotFoundError, 'not_found', { zh: '尚无开放周安排', en: 'No edition of the week has been scheduled' }),
  noVenue: defineError(NotFoundError, 'not_found', (venueId?: number) => ({
    zh: '未找到该场馆',
    en: 'No such venue',
    details: venueId === undefined ? {} : { venueId },
  })),
  noSession: defineError(NotFoundError, 'not_found', (sessionId?: number) => ({
    zh: '未找到该场次',
    en: 'No such session',
    details: sessionId === undefined ? {} : { sessionId },
  })),
};
