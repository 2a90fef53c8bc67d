// The waiting list of a full session: join, look, confirm an offer, leave; and the job that expires and offers.
import type { CreateBookingInput } from '../bookings/bookings.schemas.js';
import { confirmOffer } from './confirm.js';
import { expireAndOffer } from './expire.js';
import { joinWaitlist } from './join.js';
import { leaveWaitlist } from './leave.js';
import { offerFreedPlaces } from './offer.js';
import { entriesOfPhone } from './phone-entries.js';
import type { WaitlistDeps } from './waitlist.deps.js';
import { ownedEntry } from './waitlist-entry.js';
import { waitlistView } from './waitlist.views.js';

export function createWaitlistService(deps: WaitlistDeps) {
  // Places given back anywhere (a cancellation, a capacity raised, an offer given up) are offered at once.
  deps.placesFreed.on((sessionId) => offerFreedPlaces(deps, sessionId));
  return {
    join: (input: CreateBookingInput, verifiedPhone?: string) => joinWaitlist(deps, input, verifiedPhone),
    get: async (id: number, phone: string) => waitlistView(deps.db, await ownedEntry(deps.db, id, phone)),
    confirm: (id: number, phone: string) => confirmOffer(deps, id, phone),
    leave: (id: number, phone: string) => leaveWaitlist(deps, id, phone),
    ofPhone: (phone: string) => entriesOfPhone(deps.db, phone),
    offerFreedPlaces: (sessionId: number, offerMinutes?: number) => offerFreedPlaces(deps, sessionId, offerMinutes),
    expireAndOffer: () => expireAndOffer(deps),
  };
}

export type WaitlistService = ReturnType<typeof createWaitlistService>;
