// The JSON shapes of a draw (public: no personal data, only ids, party sizes, ranks and outcomes) and of an
// application (for its phone).
import type { Sql } from '../../db/sql.js';
import { asText } from '../../db/rows.js';
import { formatInstant } from '../../shared/time.js';
import { applicationsOf, type Application, type ApplicationStatus, type Draw, type DrawStatus } from './draw.js';

export const VERIFY = {
  seedHash: 'seedHash = SHA-256 of the seed’s 64 hex characters as text: printf %s <seed> | sha256sum',
  order: 'each application’s key = SHA-256 of "<seed>:<application id>" (hex); the draw order is by key, ascending',
  winners: 'walking that order and skipping excluded applications, each party that fits whole in the places left wins; the rest wait in that order',
  script: 'save this answer as results.json, then: node scripts/verify-draw.js results.json (docs/draws.md)',
};

export interface DrawView {
  id: number;
  sessionId: number;
  venueId: number;
  status: DrawStatus;
  opensAt: string;
  closesAt: string;
  confirmMinutes: number;
  seedHash: string;
  hashPublishedAt: string;
  /** Published once drawn. */
  seed: string | null;
  drawnAt: string | null;
  places: number | null;
  applications: { id: number; partySize: number; rank: number | null; outcome: ApplicationStatus }[];
  verify: typeof VERIFY;
}

export async function drawView(deps: { db: { sql: Sql } }, draw: Draw): Promise<DrawView> {
  const tz = asText((await deps.db.sql.first<{ timezone: string }>('SELECT timezone FROM editions WHERE id = :id', { id: draw.editionId }))!.timezone);
  const apps = await applicationsOf(deps.db.sql, draw.id);
  const drawn = draw.status === 'drawn';
  return {
    id: draw.id,
    sessionId: draw.sessionId,
    venueId: draw.venueId,
    status: draw.status,
    opensAt: formatInstant(draw.opensAt, tz),
    closesAt: formatInstant(draw.closesAt, tz),
    confirmMinutes: draw.confirmMinutes,
    seedHash: draw.seedHash,
    hashPublishedAt: formatInstant(draw.hashPublishedAt, tz),
    seed: drawn ? draw.seed : null,
    drawnAt: draw.drawnAt && formatInstant(draw.drawnAt, tz),
    places: draw.places,
    applications: apps
      .map((a) => ({ id: a.id, partySize: a.partySize, rank: a.rank, outcome: a.status }))
      .sort((x, y) => (x.rank ?? Infinity) - (y.rank ?? Infinity) || x.id - y.id),
    verify: VERIFY,
  };
}

export interface ApplicationView {
  id: number;
  drawId: number;
  sessionId: number;
  status: ApplicationStatus;
  partySize: number;
  rank: number | null;
  /** After the draw: the waiting-list entry that holds a winner's places (confirm it) or keeps the queue position. */
  waitlistEntryId: number | null;
}

export function applicationView(a: Application): ApplicationView {
  return { id: a.id, drawId: a.drawId, sessionId: a.sessionId, status: a.status, partySize: a.partySize, rank: a.rank, waitlistEntryId: a.waitlistEntryId };
}
