// Demo data: the real labs and bases of Taiyuan, an edition for the next 22–28 May, and its time slots.
// Idempotent: what exists is left alone, so seeding twice changes nothing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../src/db/database.js';
import { DEFAULT_RULES, editionOf } from '../src/modules/catalogue/edition.js';
import { insertEdition } from '../src/modules/editions/create.js';
import { placesIn } from '../src/modules/places/ledger.js';
import { applyPattern, storePattern } from '../src/modules/schedules/apply.js';
import type { DatedSlot } from '../src/modules/schedules/schedule.js';
import type { NewVenueInput } from '../src/modules/venues/venues.schemas.js';
import { insertVenue } from '../src/modules/venues/write-venue.js';
import type { AccountsService } from '../src/modules/accounts/accounts.service.js';
import type { Role } from '../src/shared/actor.js';
import type { BookingsService } from '../src/modules/bookings/bookings.service.js';
import { makeIdNumber } from '../src/modules/bookings/id-number.js';
import { AppError } from '../src/shared/errors.js';
import type { Clock } from '../src/shared/clock.js';
import type { Logger } from '../src/shared/logger.js';
import { projectRoot } from '../src/shared/project-root.js';
import { asDate, asLocalDate } from '../src/db/rows.js';
import { datesBetween, formatInstant, localDateOf, startOfLocalDay, zonedInstant } from '../src/shared/time.js';

export interface VenueRecord {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: 'lab' | 'science_base';
  level: 'national' | 'provincial';
  designationZh: string;
  designationEn: string;
  hostZh: string;
  hostEn: string;
  district: string | null;
  addressZh: string | null;
  fieldZh: string;
  fieldEn: string;
  source: string;
  confirmed: boolean;
}

export const TIMEZONE = 'Asia/Shanghai';
const SLOTS: [string, string][] = [
  ['09:00', '10:30'],
  ['10:30', '12:00'],
  ['14:00', '15:30'],
  ['15:30', '17:00'],
];

export function loadVenueRecords(): VenueRecord[] {
  const file = path.join(projectRoot, 'seeders', 'data', 'venues.json');
  const records = JSON.parse(readFileSync(file, 'utf8')) as VenueRecord[];
  return records.filter((r) => r.confirmed);
}

/** The year of the next 22–28 May as seen in Asia/Shanghai (this year's until it is over). */
export function nextEditionYear(now: Date): number {
  const today = localDateOf(now, TIMEZONE);
  const year = Number(today.slice(0, 4));
  return today <= `${year}-05-28` ? year : year + 1;
}

/** A small deterministic number from a key, so the demo looks varied yet seeds the same every time. */
function pick(key: string, modulo: number): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) % modulo;
}

export interface SeedResult {
  editionId: number;
  venuesCreated: number;
  sessionsCreated: number;
  bookingsCreated: number;
  accountsCreated: number;
}

export interface SeedOptions {
  clock: Clock;
  logger: Logger;
  bookings: BookingsService;
  /** Given outside production only: the demo accounts have a published password. */
  accounts?: AccountsService;
  year?: number;
}

export const DEMO_PASSWORD = 'openday-demo';

/** Demo staff: an organiser, and a manager and a door keeper for one lab and one science base. */
export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role; venueCode?: string }[] = [
  { username: 'organiser', displayName: '科技局组织者', role: 'organiser' },
  { username: 'coal.manager', displayName: '煤转化实验室管理员', role: 'venue_manager', venueCode: 'sklcc-coal-conversion' },
  { username: 'coal.door', displayName: '煤转化实验室门岗', role: 'door_staff', venueCode: 'sklcc-coal-conversion' },
  { username: 'museum.manager', displayName: '省科技馆管理员', role: 'venue_manager', venueCode: 'shanxi-science-technology-museum' },
  { username: 'museum.door', displayName: '省科技馆门岗', role: 'door_staff', venueCode: 'shanxi-science-technology-museum' },
];

async function seedAccounts(db: Database, accounts: AccountsService): Promise<number> {
  let created = 0;
  for (const a of DEMO_ACCOUNTS) {
    const venue = a.venueCode ? await db.sql.first<{ id: unknown }>('SELECT id FROM venues WHERE code = :code', { code: a.venueCode }) : undefined;
    if (a.venueCode && !venue) continue;
    const made = await accounts.ensureUser({
      username: a.username,
      password: DEMO_PASSWORD,
      role: a.role,
      venueIds: venue ? [Number(venue.id)] : [],
      displayName: a.displayName,
    });
    if (made) created++;
  }
  return created;
}

export async function seedDemo(db: Database, opts: SeedOptions): Promise<SeedResult> {
  const now = opts.clock.now();
  const year = opts.year ?? nextEditionYear(now);
  const records = loadVenueRecords();

  // The same use-case code the API runs: insertEdition, insertVenue, and each venue's slot schedule applied through
  // the places ledger (src/modules/editions, venues, schedules).
  const result = await db.transaction(async (tx) => {
    const p = placesIn(tx);
    const slug = `taiyuan-${year}`;
    const startDate = `${year}-05-22`;
    const endDate = `${year}-05-28`;
    // The demo's booking window is open from today, so a newcomer can book at once.
    const regularOpening = zonedInstant(`${year}-05-08`, '09:00', TIMEZONE);
    const today = startOfLocalDay(localDateOf(now, TIMEZONE), TIMEZONE);
    const found = await tx.first('SELECT * FROM editions WHERE slug = :slug', { slug });
    const edition = found
      ? editionOf(found)
      : await insertEdition(
          tx,
          {
            slug,
            nameZh: `${year}年太原市科技活动周 · 重点实验室与科普基地开放日`,
            nameEn: `Taiyuan Science & Technology Week ${year}: Open Labs and Science Bases`,
            cityZh: '太原',
            cityEn: 'Taiyuan',
            startDate,
            endDate,
            timezone: TIMEZONE,
            bookingOpensAt: (today < regularOpening ? today : regularOpening).toISOString(),
            rules: DEFAULT_RULES,
            status: 'published',
          },
          now,
        );

    let venuesCreated = 0;
    const venues: { id: number; code: string; kind: VenueRecord['kind'] }[] = [];
    for (const r of records) {
      const existing = await tx.first<{ id: unknown }>('SELECT id FROM venues WHERE code = :code', { code: r.code });
      let id = existing ? Number(existing.id) : 0;
      if (!existing) {
        const input: NewVenueInput = {
          code: r.code,
          kind: r.kind,
          level: r.level,
          designationZh: r.designationZh,
          designationEn: r.designationEn,
          nameZh: r.nameZh,
          nameEn: r.nameEn,
          hostZh: r.hostZh,
          hostEn: r.hostEn,
          district: r.district,
          addressZh: r.addressZh,
          fieldZh: r.fieldZh,
          fieldEn: r.fieldEn,
          descriptionZh: `依托单位：${r.hostZh}。开放内容：${r.fieldZh}。`,
          descriptionEn: `Hosted by ${r.hostEn}. On show: ${r.fieldEn}.`,
          // Labs hold hazards and confidential work: older visitors only, known by name.
          minAge: r.kind === 'lab' ? 10 : 0,
          realNameRequired: r.kind === 'lab',
          source: r.source,
        };
        id = (await insertVenue(tx, input, now)).id;
        venuesCreated++;
      }
      venues.push({ id, code: r.code, kind: r.kind });
    }

    let sessionsCreated = 0;
    const full: number[] = [];
    const dates = datesBetween(startDate, endDate);
    for (const [index, venue] of venues.entries()) {
      // Every fourth venue is closed on one day of the week.
      const closedDay = index % 4 === 1 ? dates[index % dates.length] : undefined;
      const slots: DatedSlot[] = [];
      for (const date of dates) {
        if (date === closedDay) continue;
        const key = `${venue.code}|${date}`;
        const count = 2 + pick(key, 3);
        const first = pick(`${key}|first`, SLOTS.length - count + 1);
        for (const [from, to] of SLOTS.slice(first, first + count)) {
          const capacity = venue.kind === 'lab' ? 10 + 5 * pick(`${key}|${from}|cap`, 3) : 20 + 5 * pick(`${key}|${from}|cap`, 5);
          slots.push({ date, start: from, end: to, capacity });
        }
      }
      const pattern = { weekly: [], dates: slots, closedDates: closedDay ? [closedDay] : [] };
      const before = new Set(
        (await tx.select<{ starts_at: unknown }>('SELECT starts_at FROM sessions WHERE venue_id = :venueId', { venueId: venue.id })).map((r) =>
          asDate(r.starts_at).getTime(),
        ),
      );
      sessionsCreated += (await applyPattern(p, edition, venue.id, pattern, now)).created;
      await storePattern(p, edition.id, venue.id, pattern, now);
      // A few popular slots are already full, so the demo shows what that looks like (only slots made now).
      const made = await tx.select<{ id: unknown; date: unknown; starts_at: unknown }>(
        'SELECT id, date, starts_at FROM sessions WHERE venue_id = :venueId AND edition_id = :editionId ORDER BY id',
        {
          venueId: venue.id,
          editionId: edition.id,
        },
      );
      for (const s of made) {
        const startsAt = asDate(s.starts_at);
        if (before.has(startsAt.getTime())) continue;
        const from = formatInstant(startsAt, TIMEZONE).slice(11, 16);
        if (pick(`${venue.code}|${asLocalDate(s.date)}|${from}|full`, 30) === 0) full.push(Number(s.id));
      }
    }
    return { editionId: edition.id, venuesCreated, sessionsCreated, full };
  });

  // Full slots are filled with real (fictitious) families through the booking service, so every count holds.
  const bookingsCreated = await fillSessions(opts.bookings, result.full);
  const accountsCreated = opts.accounts ? await seedAccounts(db, opts.accounts) : 0;
  const summary = {
    editionId: result.editionId,
    venuesCreated: result.venuesCreated,
    sessionsCreated: result.sessionsCreated,
    bookingsCreated,
    accountsCreated,
  };
  opts.logger.info('demo data seeded', summary);
  return summary;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['建国', '丽娟', '志强', '秀英', '晓明', '海燕', '子涵', '雨桐', '浩然', '欣怡', '俊杰', '思远'];

async function fillSessions(bookings: BookingsService, sessionIds: number[]): Promise<number> {
  let made = 0;
  let person = 0;
  for (const sessionId of sessionIds) {
    for (let party = 0; ; party++) {
      const wanted = 1 + pick(`${sessionId}|${party}|size`, 3);
      person++;
      const visitors = Array.from({ length: wanted }, (_, i) => ({
        name: `${SURNAMES[(person + i) % SURNAMES.length]}${GIVEN[(person * 7 + i) % GIVEN.length]}`,
        idNumber: makeIdNumber('140105', `19${70 + ((person + i) % 25)}-0${1 + (i % 9)}-1${i % 9}`, (person * 5 + i) % 1000),
      }));
      const input = { sessionId, contact: { name: visitors[0]!.name, phone: `1990${String(person).padStart(7, '0')}` }, visitors, language: 'zh' as const };
      try {
        await bookings.book(input, { notify: false });
        made++;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        const remaining = Number(err.details?.remaining ?? 0);
        if (err.code !== 'session_full' || remaining === 0) break; // full, or the window is not open: leave it
        await bookings.book({ ...input, visitors: visitors.slice(0, remaining) }, { notify: false });
        made++;
        break;
      }
    }
  }
  return made;
}
