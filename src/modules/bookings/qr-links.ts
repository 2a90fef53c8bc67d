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
