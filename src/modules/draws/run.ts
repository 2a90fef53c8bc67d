// The draw, at the close of applications (the every-minute job, or again by hand: a draw already made is left alone).
// In one transaction, with the session then the draw locked: the order is computed from the seed, applications of
// people who already won a draw that day are excluded, the session opens, every other application joins the session's
// waiting list in draw order, and the winners (the parties that fit, in order) are marked. Then the waiting list
// offers the places to the head of that queue: the winners, holding their places for the draw's confirmation time.
// A winner who does not confirm lets the places pass to the next in draw order, like any waiting-list offer.
import { asLocalDate } from '../../db/rows.js';
import { applicationsOf, drawById } from './draw.js';
import { drawOrder, winnersOf } from './draw-order.js';
import type { DrawsDeps } from './draws.deps.js';
import { drawErrors } from './draws.errors.js';
import { enqueueInOrder } from '../waitlist/enqueue.js';

export interface DrawOutcome {
  drawId: number;
  applications: number;
  winners: number;
  excluded: number;
  offers: number;
}

/** Null when the draw was made before (idempotent). */
export async function runDraw(deps: DrawsDeps, drawId: number): Promise<DrawOutcome | null> {
  const found = await drawById(deps.db.sql, drawId);
  if (!found) throw drawErrors.noDraw();
  const now = deps.clock.now();
  if (found.status !== 'open' || now < found.closesAt) return null;
  const made = await deps.ledger.transaction(async (p) => {
    await p.lockSessions([found.sessionId]);
    await p.lockDraws([drawId]);
    const draw = (await drawById(p.tx, drawId))!;
    if (draw.status !== 'open') return null;
    const session = (await p.tx.first<{ date: unknown }>('SELECT date FROM sessions WHERE id = :id', { id: draw.sessionId }))!;
    const wonToday = new Set(
      (
        await p.tx.select<{ id_hash: string }>(
          `SELECT dp.id_hash FROM draw_persons dp
           JOIN draw_applications a ON a.id = dp.application_id
           JOIN draws d ON d.id = dp.draw_id JOIN sessions s ON s.id = d.session_id
           WHERE a.status = 'won' AND d.id <> :drawId AND d.edition_id = :editionId AND s.date = :date`,
          { drawId, editionId: draw.editionId, date: asLocalDate(session.date) },
        )
      ).map((r) => r.id_hash),
    );
    const ordered = drawOrder(draw.seed, await applicationsOf(p.tx, drawId));
    const excluded = new Set(ordered.filter((a) => a.visitors.some((v) => v.idHash !== null && wonToday.has(v.idHash))).map((a) => a.id));
    const places = await p.placesOf(draw.sessionId);
    const free = Math.max(0, (places?.capacity ?? 0) - (places?.booked ?? 0));
    const winners = new Set(winnersOf(ordered, free, excluded).map((a) => a.id));
    await p.setStatus(draw.sessionId, 'open', now, true);
    const queued = ordered.filter((a) => !excluded.has(a.id));
    const entryIds = await enqueueInOrder(
      p.tx,
      queued.map((a) => ({
        editionId: draw.editionId,
        sessionId: draw.sessionId,
        venueId: draw.venueId,
        contact: { name: a.contactName, phone: a.contactPhone },
        language: a.language,
        visitors: a.visitors,
      })),
      now,
    );
    const entryOf = new Map(queued.map((a, i) => [a.id, entryIds[i]!]));
    for (const [i, a] of ordered.entries()) {
      await p.tx.run('UPDATE draw_applications SET status = :status, draw_rank = :rank, waitlist_entry_id = :entryId, updated_at = :now WHERE id = :id', {
        status: excluded.has(a.id) ? 'excluded' : winners.has(a.id) ? 'won' : 'waiting',
        rank: i + 1,
        entryId: entryOf.get(a.id) ?? null,
        now,
        id: a.id,
      });
    }
    await p.tx.run("UPDATE draws SET status = 'drawn', drawn_at = :now, places = :free, updated_at = :now WHERE id = :drawId", { now, free, drawId });
    await deps.audit.record(
      {
        actor: null,
        action: 'draw.run',
        targetType: 'draw',
        targetId: drawId,
        venueId: draw.venueId,
        details: { seed: draw.seed, seedHash: draw.seedHash, places: free, applications: ordered.length, winners: winners.size, excluded: excluded.size },
      },
      p.tx,
    );
    return {
      drawId,
      applications: ordered.length,
      winners: winners.size,
      excluded: excluded.size,
      sessionId: draw.sessionId,
      confirmMinutes: draw.confirmMinutes,
    };
  });
  if (!made) return null;
  const offers = await deps.waitlist.offerFreedPlaces(made.sessionId, made.confirmMinutes);
  deps.logger.info('draw made', { drawId, applications: made.applications, winners: made.winners, offers });
  return { drawId, applications: made.applications, winners: made.winners, excluded: made.excluded, offers };
}

/** Every draw whose applications have closed and that is not drawn yet. */
export async function runDueDraws(deps: DrawsDeps): Promise<{ drawn: DrawOutcome[] }> {
  const due = await deps.db.sql.select<{ id: unknown }>("SELECT id FROM draws WHERE status = 'open' AND closes_at <= :now ORDER BY closes_at, id", {
    now: deps.clock.now(),
  });
  const drawn: DrawOutcome[] = [];
  for (const d of due) {
    const outcome = await runDraw(deps, Number(d.id));
    if (outcome) drawn.push(outcome);
  }
  return { drawn };
}
