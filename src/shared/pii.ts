// Keyed hashes of personal identifiers: comparable for duplicate checks, useless without the server's key.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function createPiiHasher(key: string) {
  return {
    /** HMAC-SHA256 of an identifier, hex. */
    hash(value: string, purpose = 'id'): string {
      return createHmac('sha256', key).update(`${purpose}:${value}`).digest('hex');
    },
    /** A short capability for a URL (QR image, calendar) that reveals nothing about the booking. */
    urlKey(code: string): string {
      return createHmac('sha256', key).update(`url:${code}`).digest().subarray(0, 12).toString('base64url');
    },
    /**
     * Whether two phone numbers are the same, compared as keyed hashes in constant time: the same work whether they
     * match or not, and whether or not there was a stored one to compare with (`stored` undefined).
     */
    samePhone(stored: string | undefined, given: string): boolean {
      const a = createHmac('sha256', key)
        .update(`phone:${stored ?? ''}`)
        .digest();
      const b = createHmac('sha256', key).update(`phone:${given}`).digest();
      return timingSafeEqual(a, b) && stored !== undefined;
    },
    sameUrlKey(code: string, given: string): boolean {
      const expected = Buffer.from(this.urlKey(code));
      const actual = Buffer.from(given);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
}

export type PiiHasher = ReturnType<typeof createPiiHasher>;
