// Booking places for a party: one transaction that takes the places first (or redeems a hold made for the party),
// reads the session under that lock, checks the rules, and writes the booking through the places ledger.
import type { Database } from '../../db/database.js';
import { duplicateKeys } from '../../db/sql.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { maskPhone } from '../../shared/masking.js';
import type { PiiHasher } from '../../shared/pii.js';
import { formatLocal } from '../../shared/time.js';
import { remainingPlaces } from '../catalogue/booking-window.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { Ledger, Places } from '../places/ledger.js';
import { placesErrors } from '../places/places.errors.js';
import { checkPhoneProof, phoneProofRequired } from '../phones/phone-policy.js';
import { bookingContext, type SessionFacts } from './booking-context.js';
import { newBookingCode } from './booking-code.js';
import { checkRules } from './booking-rules.js';
import { bookingView, type BookingView } from './booking.views.js';
import type { CreateBookingInput } from './bookings.schemas.js';
import { claimKey, releaseKey, requestHash, storeAnswer } from './idempotency.js';
import { passLink, type QrLinks } from './qr-links.js';
import { maskedByHash, prepareVisitors, type PreparedVisitor } from './visitors.js';

export interface BookDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  pii: PiiHasher;
  links: QrLinks;
  ledger: Ledger;
  notifications: NotificationsService;
  /** Whether editions whose rules do not say need a proven phone (VERIFY_PHONE). */
  phoneProofByDefault: boolean;
  /** PUBLIC_BASE_URL: the pass link in the confirmation message is absolute. */
  publicBaseUrl: string;
}

export interface BookOptions {
  /** The phone the request has proven (a phone token), if any. */
  verifiedPhone?: string;
  /** The Idempotency-Key the request came with: a retry with it gets the first answer. */
  idempotencyKey?: string;
  /** Queue the confirmation message (the demo seed does not). */
  notify?: boolean;
  /**
   * Redeem a hold made for this party (a waiting-list offer): its places instead of free ones, for the visitors it was
   * made for, whose real names and ages were checked when they joined.
   */
  hold?: {
    id: number;
    visitors: PreparedVisitor[];
    /** Locks and checks, in the booking's transaction, what the hold was made for (before the booking's own locks). */
    claim(p: Places): Promise<void>;
    /** Records the booking made with the hold, in the same transaction. */
    settle(p: Places, bookingId: number): Promise<unknown>;
  };
}

const MAX_CODE_ATTEMPTS = 3;

/** Why places could not be taken in a session that exists: not open, or not enough left. */
function notTaken(session: SessionFacts, n: number) {
  if (session.status !== 'open') return placesErrors.sessionNotBookable(session.status);
  return placesErrors.sessionFull(remainingPlaces(session), n);
}

async function takeOrRedeem(p: Places, input: CreateBookingInput, partySize: number, opts: BookOptions, now: Date): Promise<boolean> {
  if (!opts.hold) return p.takePlaces(input.sessionId, partySize, now);
  await p.lockSessions([input.sessionId]);
  return p.redeemHold(opts.hold.id, input.sessionId, partySize, now);
}

/** Retries with a fresh code when a generated booking code collides (31^8 codes: rare). */
async function withFreshCode<T>(fn: (code: string) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(newBookingCode());
    } catch (err) {
      if (!duplicateKeys(err)?.includes('code') || attempt >= MAX_CODE_ATTEMPTS) throw err;
    }
  }
}

/**
 * The rules are checked before "full", so which error wins does not depend on the rush: a closed window still answers
 * booking_closed even when the session is also full. A rule broken rolls the places back.
 */
export async function book(deps: BookDeps, input: CreateBookingInput, opts: BookOptions = {}): Promise<BookingView> {
  const { db, clock, logger, pii, ledger, notifications } = deps;
  const key = opts.idempotencyKey;
  if (key) {
    const claim = await claimKey(db.sql, clock, key, requestHash(input));
    if (claim !== 'claimed') return claim;
  }
  const now = clock.now();
  const visitors = opts.hold?.visitors ?? prepareVisitors(pii, input.visitors);
  const partySize = visitors.length;

  try {
    const view = await withFreshCode((code) =>
      ledger.transaction(async (p) => {
        const taken = await takeOrRedeem(p, input, partySize, opts, now);
        // Read after taking the places: the counts the family sees are exact, and no second read is needed.
        const ctx = await bookingContext(p.tx, input.sessionId);
        const { session, venue, edition } = ctx;
        checkRules(ctx, partySize, opts.hold ? undefined : input.visitors, now);
        // A waiting-list offer is taken for the phone that joined (proven then, when the edition wanted it).
        if (!opts.hold) checkPhoneProof(phoneProofRequired(edition.rules, deps.phoneProofByDefault), input.contact.phone, opts.verifiedPhone);
        if (!taken) throw opts.hold ? placesErrors.holdExpired() : notTaken(session, partySize);
        await opts.hold?.claim(p);
        await p.countBooking(edition, input.contact.phone, now);
        await p.checkPersons({ editionId: edition.id, startsAt: session.startsAt, endsAt: session.endsAt }, maskedByHash(visitors));
        const bookingId = await p.insertBooking({
          code,
          editionId: edition.id,
          sessionId: session.id,
          venueId: venue.id,
          contact: input.contact,
          language: input.language,
          visitors,
          now,
        });
        await opts.hold?.settle(p, bookingId);
        const links = deps.links.of(code, session.id);
        if (opts.notify ?? true) {
          await notifications.enqueue(p.tx, {
            dedupeKey: `booking_confirmed:${code}`,
            template: 'booking_confirmed',
            language: input.language,
            phone: input.contact.phone,
            payload: {
              code,
              venue: venue.nameZh,
              venueEn: venue.nameEn,
              startsAt: formatLocal(session.startsAt, edition.timezone),
              partySize,
              link: passLink(deps.publicBaseUrl, code, links.urlKey),
            },
          });
        }
        const booking = {
          code,
          status: 'confirmed' as const,
          partySize,
          contactName: input.contact.name,
          contactPhone: input.contact.phone,
          createdAt: now,
          cancelledAt: null,
        };
        const answer = bookingView({ booking, visitors, session, venue, edition }, links, now);
        if (key) await storeAnswer(p.tx, key, answer);
        return answer;
      }),
    );
    logger.info('booking confirmed', { code: view.code, sessionId: input.sessionId, partySize, phone: maskPhone(input.contact.phone) });
    return view;
  } catch (err) {
    if (key) await releaseKey(db.sql, key);
    const keys = duplicateKeys(err);
    if (keys && (keys.includes('active_id_hash') || keys.includes('booking_visitors_session_person'))) throw placesErrors.duplicateVisitor([]);
    throw err;
  }
}
