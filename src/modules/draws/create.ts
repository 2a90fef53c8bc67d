// A venue manager (or organiser) puts a session in draw mode: applications between two instants, then a draw. The
// seed is made now and only its SHA-256 is shown until the draw; the session takes no first-come bookings meanwhile.
import { duplicateKeys } from '../../db/sql.js';
import { requireVenue, type Actor } from '../../shared/actor.js';
import { formatInstant } from '../../shared/time.js';
import { bookingContext } from '../bookings/booking-context.js';
import { bookingWindow } from '../catalogue/booking-window.js';
import { drawOfSession } from './draw.js';
import { newSeed, seedHash } from './draw-order.js';
import type { DrawsDeps } from './draws.deps.js';
import { drawErrors } from './draws.errors.js';
import type { CreateDrawInput } from './draws.schemas.js';
import { drawView, type DrawView } from './draws.views.js';

export async function createDraw(deps: DrawsDeps, actor: Actor, sessionId: number, input: CreateDrawInput): Promise<DrawView> {
  const { session, venue, edition } = await bookingContext(deps.db.sql, sessionId);
  requireVenue(actor, venue.id);
  const now = deps.clock.now();
  const window = bookingWindow(session, edition);
  const latest = formatInstant(window.closesAt, edition.timezone);
  if (input.closesAt <= now) throw drawErrors.badWindow('closes_in_the_past', latest);
  if (input.closesAt > window.closesAt) throw drawErrors.badWindow('closes_after_booking_cutoff', latest);
  if (input.closesAt < edition.bookingOpensAt) throw drawErrors.badWindow('closes_before_booking_opens', latest);
  const seed = newSeed();
  try {
    await deps.ledger.transaction(async (p) => {
      await p.lockSessions([sessionId]);
      const places = await p.placesOf(sessionId);
      if (!places || places.status === 'cancelled' || places.status === 'draw') throw drawErrors.exists();
      if (places.booked > 0) throw drawErrors.sessionTaken(places.booked);
      await p.setStatus(sessionId, 'draw', now);
      const { insertId } = await p.tx.run(
        `INSERT INTO draws (edition_id, session_id, venue_id, status, opens_at, closes_at, confirm_minutes, seed, seed_hash, hash_published_at, created_at, updated_at)
         VALUES (:editionId, :sessionId, :venueId, 'open', :opensAt, :closesAt, :confirmMinutes, :seed, :hash, :now, :now, :now)`,
        {
          editionId: edition.id,
          sessionId,
          venueId: venue.id,
          opensAt: input.opensAt,
          closesAt: input.closesAt,
          confirmMinutes: input.confirmMinutes,
          seed,
          hash: seedHash(seed),
          now,
        },
      );
      await deps.audit.record(
        {
          actor,
          action: 'draw.create',
          targetType: 'draw',
          targetId: insertId,
          venueId: venue.id,
          after: { sessionId, opensAt: input.opensAt, closesAt: input.closesAt, confirmMinutes: input.confirmMinutes, seedHash: seedHash(seed) },
        },
        p.tx,
      );
    });
  } catch (err) {
    if (duplicateKeys(err)) throw drawErrors.exists();
    throw err;
  }
  deps.logger.info('draw created', { sessionId, by: actor.id });
  return drawView(deps, (await drawOfSession(deps.db.sql, sessionId))!);
}
