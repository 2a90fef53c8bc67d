// The one refusal of a rate limit.
import { defineError, TooManyRequestsError } from '../../shared/errors.js';

export const limitErrors = {
  rateLimited: defineError(TooManyRequestsError, 'rate_limited', (retryAfterSeconds: number) => ({
    zh: '操作过于频繁，请稍后再试',
    en: 'Too many attempts: try again later',
    details: { retryAfterSeconds },
  })),
};
