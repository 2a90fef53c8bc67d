// A venue's schedule for an edition, with the sessions it made (for the week grid).
import { requireVenue, type Actor } from '../../shared/actor.js';
import { sessionView, type SessionView } from '../catalogue/catalogue.views.js';
import { editionById } from '../catalogue/editions.js';
import { sessionOf } from '../catalogue/session.js';
import { EMPTY_PATTERN, storedScheduleOf, type SchedulePattern } from './schedule.js';
import type { SchedulesDeps } from './schedules.deps.js';

export interface ScheduleView {
  editionId: number;
  venueId: number;
  pattern: SchedulePattern;
  sessions: SessionView[];
}

export async function getSchedule(deps: SchedulesDeps, actor: Actor, venueId: number, editionId: number): Promise<ScheduleView> {
  requireVenue(actor, venueId);
  const edition = await editionById(deps, editionId);
  const row = await deps.db.sql.first('SELECT * FROM venue_schedules WHERE edition_id = :editionId AND venue_id = :venueId', { editionId, venueId });
  const sessions = await deps.db.sql.select('SELECT * FROM sessions WHERE edition_id = :editionId AND venue_id = :venueId ORDER BY starts_at', {
    editionId,
    venueId,
  });
  const now = deps.clock.now();
  return {
    editionId,
    venueId,
    pattern: row ? storedScheduleOf(row).pattern : EMPTY_PATTERN,
    sessions: sessions.map((r) => sessionView(sessionOf(r), edition, now)),
  };
}
