// What a booking's answer links to: the signed QR token for the door, and the key of its image and calendar links.
import type { PiiHasher } from '../../shared/pii.js';
import type { BookingLinks } from './booking.views.js';
import type { TokenSigner } from './qr-token.js';

export interface QrLinks {
  of(code: string, sessionId: number): BookingLinks;
}

export function createQrLinks(signer: TokenSigner, pii: PiiHasher): QrLinks {
  return { of: (code, sessionId) => ({ token: signer.issue({ code, sessionId }), urlKey: pii.urlKey(code) }) };
}

/** The family's pass page (its QR code, code, venue and time), opened with the key printed in the link. */
export function passLink(publicBaseUrl: string, code: string, urlKey: string): string {
  return `${publicBaseUrl}/bookings/${code}?key=${urlKey}`;
}
