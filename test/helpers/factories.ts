// Scenario builders: each test makes the editions, venues and sessions it needs.
import type { CreationAttributes } from 'sequelize';
import type { Database } from '../../src/db/database.js';
import { DEFAULT_RULES, type Edition, type EditionRules } from '../../src/modules/catalogue/edition.model.js';
import type { Session } from '../../src/modules/catalogue/session.model.js';
import type { Venue } from '../../src/modules/catalogue/venue.model.js';
import { zonedInstant } from '../../src/shared/time.js';

let seq = 0;
const next = () => ++seq;

export async function createEdition(
  db: Database,
  overrides: Partial<Omit<CreationAttributes<Edition>, 'rules'>> & { rules?: Partial<EditionRules> } = {},
): Promise<Edition> {
  const n = next();
  const year = overrides.startDate ? Number(overrides.startDate.slice(0, 4)) : 2027;
  const timezone = overrides.timezone ?? 'Asia/Shanghai';
  return db.models.Edition.create({
    slug: `test-${n}`,
    nameZh: `测试科技活动周 ${n}`,
    nameEn: `Test week ${n}`,
    cityZh: '太原',
    cityEn: 'Taiyuan',
    startDate: `${year}-05-22`,
    endDate: `${year}-05-28`,
    timezone,
    bookingOpensAt: zonedInstant(`${year}-05-08`, '09:00', timezone),
    ...overrides,
    rules: { ...DEFAULT_RULES, ...overrides.rules },
  });
}

export async function createVenue(db: Database, overrides: Partial<CreationAttributes<Venue>> = {}): Promise<Venue> {
  const n = next();
  const kind = overrides.kind ?? 'lab';
  return db.models.Venue.create({
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
    ...overrides,
  });
}

export interface SessionSpec extends Partial<CreationAttributes<Session>> {
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
  return db.models.Session.create({
    editionId: edition.id,
    venueId: venue.id,
    date,
    startsAt: zonedInstant(date, from, edition.timezone),
    endsAt: zonedInstant(date, to, edition.timezone),
    capacity: 20,
    booked: 0,
    status: 'open',
    ...rest,
  });
}
