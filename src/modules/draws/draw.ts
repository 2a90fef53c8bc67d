// A draw for an oversubscribed session: applications open and close at set instants; the SHA-256 of a secret seed is
// public from the start, the seed itself once drawn. An application: a family's party, its place in the draw order,
// and what came of it.
import { asDate, asDateOrNull, asInt, asIntOrNull, asText } from '../../db/rows.js';
import type { Row, Sql } from '../../db/sql.js';
import type { PreparedVisitor } from '../bookings/visitors.js';
import type { Language } from '../places/ledger.js';

export type DrawStatus = 'open' | 'drawn';

export interface Draw {
  id: number;
  editionId: number;
  sessionId: number;
  venueId: number;
  status: DrawStatus;
  opensAt: Date;
  closesAt: Date;
  confirmMinutes: number;
  /** Secret until drawn: never shown before. */
  seed: string;
  seedHash: string;
  hashPublishedAt: Date;
  places: number | null;
  drawnAt: Date | null;
}

export function drawOf(r: Row): Draw {
  return {
    id: asInt(r.id),
    editionId: asInt(r.edition_id),
    sessionId: asInt(r.session_id),
    venueId: asInt(r.venue_id),
    status: asText(r.status) as DrawStatus,
    opensAt: asDate(r.opens_at),
    closesAt: asDate(r.closes_at),
    confirmMinutes: asInt(r.confirm_minutes),
    seed: asText(r.seed),
    seedHash: asText(r.seed_hash),
    hashPublishedAt: asDate(r.hash_published_at),
    places: asIntOrNull(r.places),
    drawnAt: asDateOrNull(r.drawn_at),
  };
}

export async function drawOfSession(sql: Sql, sessionId: number): Promise<Draw | undefined> {
  const row = await sql.first('SELECT * FROM draws WHERE session_id = :sessionId', { sessionId });
  return row && drawOf(row);
}

export async function drawById(sql: Sql, id: number): Promise<Draw | undefined> {
  const row = await sql.first('SELECT * FROM draws WHERE id = :id', { id });
  return row && drawOf(row);
}

/** applied → won (offered places) | waiting (on the waiting list, in draw order) | excluded (won another draw that day). */
export type ApplicationStatus = 'applied' | 'won' | 'waiting' | 'excluded';

export interface Application {
  id: number;
  drawId: number;
  sessionId: number;
  status: ApplicationStatus;
  partySize: number;
  contactName: string;
  contactPhone: string;
  language: Language;
  visitors: PreparedVisitor[];
  rank: number | null;
  waitlistEntryId: number | null;
  createdAt: Date;
}

export function applicationOf(r: Row): Application {
  return {
    id: asInt(r.id),
    drawId: asInt(r.draw_id),
    sessionId: asInt(r.session_id),
    status: asText(r.status) as ApplicationStatus,
    partySize: asInt(r.party_size),
    contactName: asText(r.contact_name),
    contactPhone: asText(r.contact_phone),
    language: asText(r.language) as Language,
    visitors: JSON.parse(asText(r.visitors)) as PreparedVisitor[],
    rank: asIntOrNull(r.draw_rank),
    waitlistEntryId: asIntOrNull(r.waitlist_entry_id),
    createdAt: asDate(r.created_at),
  };
}

export async function applicationsOf(sql: Sql, drawId: number): Promise<Application[]> {
  return (await sql.select('SELECT * FROM draw_applications WHERE draw_id = :drawId ORDER BY id', { drawId })).map(applicationOf);
}
