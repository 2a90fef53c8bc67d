// Whether an edition wants a verified phone for bookings and waiting-list entries: its rule `verifyPhone`, else the
// service's default (VERIFY_PHONE: on in production, off elsewhere so a newcomer can try the demo without a gateway).
import { phoneErrors } from './phones.errors.js';

export function phoneProofRequired(rules: { verifyPhone?: boolean }, byDefault: boolean): boolean {
  return rules.verifyPhone ?? byDefault;
}

/**
 * Refuses a contact phone that the request has not proven when the edition wants proof: no token (401), or a token for
 * another phone (403). A request that carries a proof is always held to it, even where none is required.
 */
export function checkPhoneProof(required: boolean, contactPhone: string, verifiedPhone: string | undefined): void {
  if (verifiedPhone === undefined) {
    if (required) throw phoneErrors.notVerified();
    return;
  }
  if (verifiedPhone !== contactPhone) throw phoneErrors.otherPhone();
}
