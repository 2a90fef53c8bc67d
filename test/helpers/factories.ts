// Scenario builders: each test makes the editions, venues and sessions it needs (rows written directly, read back
// through the same decoders the service uses).
import type { Database } from '../../src/db/database.js';
import { DEFAULT_RULES, editionOf, type Edition, type EditionRules } from '../../src/modules/catalogue/edition.js';
import { insertIfMissing } from '../../src/db/insert-if-missing.js';
import { sessionOf, type Session } from '../../src/modules/catalogue/session.js';
import { venueOf, type Venue } from '../../src/modules/catalogue/venue.js';
import { zonedInstant } from '../../src/shared/time.js';

let seq = 0;
const next = () => ++seq;

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

async function insert(db: Database, table: string, values: Record<string, unknown>): Promise<Record<string, unknown>> {
  const row = Object.fromEntries(Object.entries(values).map(([k, v]) => [snake(k), v]));
  const columns = Object.keys(row);
  const { insertId } = await db.sql.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `:${c}`).join(', ')})`, row);
  return (await db.sql.first(`SELECT * FROM ${table} WHERE id = :id`, { id: insertId }))!;
}

export async function createEdition(
  db: Database,
  overrides: Partial<Omit<Edition, 'id' | 'rules'>> & { rules?: Partial<EditionRules> } = {},
): Promise<Edition> {
  const n = next();
  const year = overrides.startDate ? Number(overrides.startDate.slice(0, 4)) : 2027;
  const timezone = overrides.timezone ?? 'Asia/Shanghai';
  const now = new Date();
  const row = await insert(db, 'editions', {
    slug: `test-${n}`,
    nameZh: `测试科技活动周 ${n}`,
    nameEn: `Test week ${n}`,
    cityZh: '太原',
    cityEn: 'Taiyuan',
    startDate: `${year}-05-22`,
    endDate: `${year}-05-28`,
    timezone,
    bookingOpensAt: zonedInstant(`${year}-05-08`, '09:00', timezone),
    createdAt: now,
    updatedAt: now,
    ...overrides,
    rules: JSON.stringify({ ...DEFAULT_RULES, ...overrides.rules }),
  });
  return editionOf(row);
}

export async function createVenue(db: Database, overrides: Partial<Omit<Venue, 'id'>> = {}): Promise<Venue> {
  const n = next();
  const kind = overrides.kind ?? 'lab';
  const now = new Date();
  const row = await insert(db, 'venues', {
    code: `venue-${n}`,
    kind,
    level: 'provincial',
    designationZh: '山西省重点实验室',
    designationEn: 'Shanxi Provincial Key Laboratory',
    nameZh: `测试实验室${n}`,
    nameEn: `Test Laboratory ${n}`,
    hostZh: '测试大学',
    hostEn: 'Test University',
    district: '小店区',
    addressZh: '太原市小店区坞城路92号',
    fieldZh: '测试领域',
    fieldEn: 'Testing',
    descriptionZh: null,
    descriptionEn: null,
    minAge: 0,
    maxPartySize: null,
    realNameRequired: kind === 'lab',
    accessibilityZh: null,
    accessibilityEn: null,
    contactPhone: null,
    contactEmail: null,
    source: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  });
  return venueOf(row);
}

export interface SessionSpec extends Partial<Omit<Session, 'id' | 'editionId' | 'venueId'>> {
  edition: Edition;
  venue: Venue;
  /** Local date; defaults to the edition's first day. */
  on?: string;
  /** Local times HH:MM. */
  from?: string;
  to?: string;
}

export async function createSession(db: Database, spec: SessionSpec): Promise<Session> {
  const { edition, venue, on, from = '09:00', to = '10:30', ...rest } = spec;
  const date = on ?? edition.startDate;
  const now = new Date();
  const row = await insert(db, 'sessions', {
    editionId: edition.id,
    venueId: venue.id,
    date,
    startsAt: zonedInstant(date, from, edition.timezone),
    endsAt: zonedInstant(date, to, edition.timezone),
    capacity: 20,
    booked: 0,
    status: 'open',
    createdAt: now,
    updatedAt: now,
    ...rest,
  });
  // A venue with sessions in an edition takes part in it (as a schedule or a manager's new session makes it).
  await insertIfMissing(db.sql, 'edition_venues', { edition_id: edition.id, venue_id: venue.id, created_at: now }, ['edition_id', 'venue_id']);
  return sessionOf(row);
}
