// A family applies to a draw with its party: the usual rules are checked now (party size, real names, ages, phone
// limits, a person already holding an overlapping place); one application per phone and per person in a draw, decided
// by unique keys under the draw's lock, so applications sent at once cannot slip past.
import { duplicateKeys } from '../../db/sql.js';
import { maskPhone } from '../../shared/masking.js';
import { formatInstant } from '../../shared/time.js';
import { bookingContext } from '../bookings/booking-context.js';
import { checkParty } from '../bookings/booking-rules.js';
import type { CreateBookingInput } from '../bookings/bookings.schemas.js';
import { maskedByHash, prepareVisitors } from '../bookings/visitors.js';
import { checkPhoneLimits, refuseBusy } from '../places/ledger.js';
import { applicationOf, drawById, drawOfSession, type Draw } from './draw.js';
import type { DrawsDeps } from './draws.deps.js';
import { drawErrors } from './draws.errors.js';
import { applicationView, type ApplicationView } from './draws.views.js';

function refuseOutsideWindow(draw: Draw, now: Date, tz: string): void {
  if (now < draw.opensAt) throw drawErrors.notOpen(formatInstant(draw.opensAt, tz));
  if (draw.status !== 'open' || now >= draw.closesAt) throw drawErrors.closed(formatInstant(draw.closesAt, tz));
}

export async function apply(deps: DrawsDeps, input: CreateBookingInput): Promise<ApplicationView> {
  const { db, clock } = deps;
  const found = await drawOfSession(db.sql, input.sessionId);
  if (!found) throw drawErrors.noDraw();
  const ctx = await bookingContext(db.sql, input.sessionId);
  const { session, edition } = ctx;
  const now = clock.now();
  refuseOutsideWindow(found, now, edition.timezone);
  checkParty(ctx, input.visitors.length, input.visitors);
  await checkPhoneLimits(db.sql, edition, input.contact.phone);
  const visitors = prepareVisitors(deps.pii, input.visitors);
  const masked = maskedByHash(visitors);
  await refuseBusy(db.sql, { editionId: edition.id, startsAt: session.startsAt, endsAt: session.endsAt }, masked);

  const id = await deps.ledger.transaction(async (p) => {
    await p.lockDraws([found.id]);
    refuseOutsideWindow((await drawById(p.tx, found.id))!, now, edition.timezone);
    let insertId: number;
    try {
      ({ insertId } = await p.tx.run(
        `INSERT INTO draw_applications (draw_id, edition_id, session_id, status, party_size, contact_name, contact_phone, phone_key, language, visitors, created_at, updated_at)
         VALUES (:drawId, :editionId, :sessionId, 'applied', :partySize, :name, :phone, :phone, :language, :visitors, :now, :now)`,
        {
          drawId: found.id,
          editionId: edition.id,
          sessionId: session.id,
          partySize: visitors.length,
          name: input.contact.name,
          phone: input.contact.phone,
          language: input.language,
          visitors: JSON.stringify(visitors),
          now,
        },
      ));
    } catch (err) {
      if (!duplicateKeys(err)) throw err;
      const existing = await p.tx.first<{ id: unknown }>('SELECT id FROM draw_applications WHERE draw_id = :drawId AND phone_key = :phone', {
        drawId: found.id,
        phone: input.contact.phone,
      });
      throw drawErrors.alreadyApplied(Number(existing?.id ?? 0));
    }
    for (const hash of [...masked.keys()].sort()) {
      try {
        await p.tx.run('INSERT INTO draw_persons (draw_id, id_hash, application_id) VALUES (:drawId, :hash, :insertId)', { drawId: found.id, hash, insertId });
      } catch (err) {
        if (duplicateKeys(err)) throw drawErrors.personApplied();
        throw err;
      }
    }
    return insertId;
  });
  deps.logger.info('draw application', { id, drawId: found.id, partySize: visitors.length, phone: maskPhone(input.contact.phone) });
  return applicationView(applicationOf((await db.sql.first('SELECT * FROM draw_applications WHERE id = :id', { id }))!));
}
