// Staff capacity management: sessions of the venues an actor serves (create, resize, reschedule, close, cancel),
// their rosters, and venue details. Every change is audited in the transaction that makes it.
import { Op, QueryTypes, type Transaction, type WhereOptions } from 'sequelize';
import type { Database } from '../../db/database.js';
import { duplicateKeys } from '../../db/sql.js';
import type { Clock } from '../../shared/clock.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { maskName, maskPhone } from '../../shared/masking.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { PlacesFreed } from '../../shared/places-freed.js';
import { formatInstant, formatLocal, zonedInstant } from '../../shared/time.js';
import { requireVenue, type Actor } from '../accounts/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { BookingStatus, Language } from '../bookings/booking.model.js';
import type { CatalogueService } from '../catalogue/catalogue.service.js';
import { sessionView, venueRules, type SessionView, type VenueRules } from '../catalogue/catalogue.views.js';
import type { Edition } from '../catalogue/edition.model.js';
import type { Session } from '../catalogue/session.model.js';
import type { Venue } from '../catalogue/venue.model.js';
import type { ManageSessionsQuery, NewSessionInput, SessionChanges, VenueChanges } from './manage.schemas.js';
import { timesInOrder } from './manage.schemas.js';

export interface ManageDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  audit: AuditService;
  catalogue: CatalogueService;
  notifications: NotificationsService;
  /** Raised after a change that frees places (capacity up, reopened) so the waiting list offers them at once. */
  placesFreed: PlacesFreed;
}

export interface ManageSessionView extends SessionView {
  /** Σ people admitted at the door. */
  checkedIn: number;
  confirmedBookings: number;
}

export interface RosterItem {
  code: string;
  status: BookingStatus;
  partySize: number;
  contact: { name: string; phone: string };
  visitors: { name: string; idNumber: string | null }[];
  checkedIn: { at: string; admitted: number; by: string | null } | null;
}

export interface Roster {
  session: ManageSessionView;
  items: RosterItem[];
}

export interface CancelResult {
  session: ManageSessionView;
  cancelledBookings: number;
  notificationsQueued: number;
}

export interface ManagedVenueView {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  kind: Venue['kind'];
  level: Venue['level'];
  descriptionZh: string | null;
  descriptionEn: string | null;
  addressZh: string | null;
  district: string | null;
  accessibilityZh: string | null;
  accessibilityEn: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  minAge: number;
  /** null: the edition's default applies (see `rules`). */
  maxPartySize: number | null;
  realNameRequired: boolean;
  /** What families are held to now; null when no edition is scheduled. */
  rules: VenueRules | null;
}

interface Counts {
  checkedIn: number;
  confirmedBookings: number;
}

interface BookingRow {
  id: number;
  code: string;
  contact_phone: string;
  language: Language;
  party_size: number | string;
}

const NO_SESSION = { zh: '未找到该场次', en: 'No such session' };
const NO_VENUE = { zh: '未找到该场馆', en: 'No such venue' };
const NO_COUNTS: Counts = { checkedIn: 0, confirmedBookings: 0 };
const VENUE_FIELDS = [
  'descriptionZh',
  'descriptionEn',
  'addressZh',
  'district',
  'accessibilityZh',
  'accessibilityEn',
  'contactPhone',
  'contactEmail',
  'minAge',
  'maxPartySize',
  'realNameRequired',
] as const satisfies readonly (keyof VenueChanges)[];
const NULLABLE_TEXT = new Set<string>([
  'descriptionZh',
  'descriptionEn',
  'addressZh',
  'district',
  'accessibilityZh',
  'accessibilityEn',
  'contactPhone',
  'contactEmail',
]);

function sessionCancelled(): ConflictError {
  return new ConflictError('session_cancelled', { zh: '该场次已取消，不能再修改', en: 'This session is cancelled and can no longer be changed' });
}

function sessionExists(sessionId?: number): ConflictError {
  return new ConflictError(
    'session_exists',
    { zh: '该场馆在这个时间已有场次', en: 'This venue already has a session starting at this time' },
    sessionId === undefined ? {} : { sessionId },
  );
}

/** The one unique key a session edit can hit: a venue runs one session per start time (columns on SQLite, index on MySQL). */
function isSessionStartConflict(err: unknown): boolean {
  const keys = duplicateKeys(err) ?? [];
  return keys.includes('starts_at') || keys.includes('sessions_venue_starts');
}

/** What the audit log keeps of a session: its schedule and counters, in the edition's timezone. */
function sessionState(s: Pick<Session, 'venueId' | 'date' | 'startsAt' | 'endsAt' | 'capacity' | 'booked' | 'status'>, tz: string) {
  return {
    venueId: s.venueId,
    date: s.date,
    startsAt: formatInstant(s.startsAt, tz),
    endsAt: formatInstant(s.endsAt, tz),
    capacity: s.capacity,
    booked: s.booked,
    status: s.status,
  };
}

const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

export function createManageService({ db, clock, logger, audit, catalogue, notifications, placesFreed }: ManageDeps) {
  const { Venue, Session, Booking, BookingVisitor } = db.models;

  async function countsOf(sessionIds: number[], t?: Transaction): Promise<Map<number, Counts>> {
    const map = new Map<number, Counts>(sessionIds.map((id) => [id, { ...NO_COUNTS }]));
    if (sessionIds.length === 0) return map;
    const bookings = await db.sequelize.query<{ session_id: number; n: number | string }>(
      `SELECT session_id, COUNT(*) AS n FROM bookings WHERE session_id IN (:ids) AND status = 'confirmed' GROUP BY session_id`,
      { type: QueryTypes.SELECT, replacements: { ids: sessionIds }, transaction: t },
    );
    for (const r of bookings) map.get(Number(r.session_id))!.confirmedBookings = Number(r.n);
    const checkins = await db.sequelize.query<{ session_id: number; n: number | string | null }>(
      'SELECT session_id, COALESCE(SUM(admitted), 0) AS n FROM checkins WHERE session_id IN (:ids) GROUP BY session_id',
      { type: QueryTypes.SELECT, replacements: { ids: sessionIds }, transaction: t },
    );
    for (const r of checkins) map.get(Number(r.session_id))!.checkedIn = Number(r.n ?? 0);
    return map;
  }

  function manageView(s: Session, edition: Edition, counts: Counts): ManageSessionView {
    return { ...sessionView(s, edition, clock.now()), ...counts };
  }

  async function viewOf(sessionId: number, edition: Edition): Promise<ManageSessionView> {
    const session = await Session.findByPk(sessionId);
    if (!session) throw new NotFoundError(NO_SESSION, { sessionId });
    return manageView(session, edition, (await countsOf([sessionId])).get(sessionId)!);
  }

  /** The session, if the actor serves its venue: 404 for an unknown id, 403 for another venue's. */
  async function managedSession(actor: Actor, sessionId: number): Promise<{ session: Session; edition: Edition; venue: Venue }> {
    const session = await Session.findByPk(sessionId);
    if (!session) throw new NotFoundError(NO_SESSION, { sessionId });
    requireVenue(actor, session.venueId);
    const [edition, venue] = await Promise.all([catalogue.editionById(session.editionId), Venue.findByPk(session.venueId)]);
    if (!venue) throw new NotFoundError(NO_SESSION, { sessionId });
    return { session, edition, venue };
  }

  async function confirmedBookings(t: Transaction, sessionId: number): Promise<BookingRow[]> {
    return db.sequelize.query<BookingRow>(
      `SELECT id, code, contact_phone, language, party_size FROM bookings WHERE session_id = :sessionId AND status = 'confirmed' ORDER BY id`,
      { type: QueryTypes.SELECT, replacements: { sessionId }, transaction: t },
    );
  }

  async function listSessions(actor: Actor, query: ManageSessionsQuery): Promise<{ items: ManageSessionView[] }> {
    if (query.venueId !== undefined) requireVenue(actor, query.venueId);
    const edition = await catalogue.currentEdition();
    const where: WhereOptions<Session> = { editionId: edition.id };
    if (query.venueId !== undefined) {
      Object.assign(where, { venueId: query.venueId });
    } else if (actor.role !== 'organiser') {
      if (actor.venueIds.length === 0) return { items: [] };
      Object.assign(where, { venueId: { [Op.in]: actor.venueIds } });
    }
    if (query.date !== undefined) Object.assign(where, { date: query.date });
    const sessions = await Session.findAll({
      where,
      order: [
        ['startsAt', 'ASC'],
        ['venueId', 'ASC'],
      ],
    });
    const counts = await countsOf(sessions.map((s) => s.id));
    return { items: sessions.map((s) => manageView(s, edition, counts.get(s.id)!)) };
  }

  async function createSession(actor: Actor, input: NewSessionInput): Promise<ManageSessionView> {
    requireVenue(actor, input.venueId);
    const venue = await Venue.findByPk(input.venueId);
    if (!venue) throw new NotFoundError(NO_VENUE, { venueId: input.venueId });
    const edition = await catalogue.currentEdition();
    if (input.date < edition.startDate || input.date > edition.endDate) {
      throw new RuleViolationError(
        'date_outside_edition',
        {
          zh: `场次日期须在本届活动周（${edition.startDate} 至 ${edition.endDate}）之内`,
          en: `The date must fall within the edition (${edition.startDate} to ${edition.endDate})`,
        },
        { startDate: edition.startDate, endDate: edition.endDate },
      );
    }
    if (!timesInOrder(input.startTime, input.endTime)) {
      throw new ValidationError([{ field: 'endTime', message: 'endTime must be later than startTime', type: 'time.order' }]);
    }
    const tz = edition.timezone;
    const startsAt = zonedInstant(input.date, input.startTime, tz);
    const endsAt = zonedInstant(input.date, input.endTime, tz);
    const now = clock.now();
    try {
      const session = await db.transaction(async (t) => {
        const existing = await Session.findOne({ where: { venueId: venue.id, startsAt }, transaction: t });
        if (existing) throw sessionExists(existing.id);
        const created = await Session.create(
          {
            editionId: edition.id,
            venueId: venue.id,
            date: input.date,
            startsAt,
            endsAt,
            capacity: input.capacity,
            booked: 0,
            status: 'open',
            createdAt: now,
            updatedAt: now,
          },
          { transaction: t },
        );
        await audit.record(
          { actor, action: 'session.create', targetType: 'session', targetId: created.id, venueId: venue.id, after: sessionState(created, tz) },
          t,
        );
        return created;
      });
      logger.info('session created', { sessionId: session.id, venueId: venue.id, by: actor.id });
      return manageView(session, edition, NO_COUNTS);
    } catch (err) {
      if (isSessionStartConflict(err)) throw sessionExists();
      throw err;
    }
  }

  async function updateSession(actor: Actor, sessionId: number, changes: SessionChanges): Promise<ManageSessionView> {
    const { session: found, edition, venue } = await managedSession(actor, sessionId);
    if (found.status === 'cancelled') throw sessionCancelled();
    const tz = edition.timezone;
    const now = clock.now();
    try {
      const { queued, freed } = await db.transaction(async (t) => {
        // The row lock first (as booking takes it first), so `before` is exact and nothing books in between.
        const before = await Session.findByPk(sessionId, { transaction: t, lock: t.LOCK.UPDATE });
        if (!before) throw new NotFoundError(NO_SESSION, { sessionId });
        if (before.status === 'cancelled') throw sessionCancelled();

        // Times are edited on the session's own date.
        const startsAt = changes.startTime !== undefined ? zonedInstant(before.date, changes.startTime, tz) : before.startsAt;
        const endsAt = changes.endTime !== undefined ? zonedInstant(before.date, changes.endTime, tz) : before.endsAt;
        if (startsAt >= endsAt) {
          const field = changes.endTime !== undefined ? 'endTime' : 'startTime';
          throw new ValidationError([{ field, message: 'endTime must be later than startTime', type: 'time.order' }]);
        }
        const moved = startsAt.getTime() !== before.startsAt.getTime() || endsAt.getTime() !== before.endsAt.getTime();

        const sets = ['updated_at = :now'];
        const conditions = ['id = :id', "status <> 'cancelled'"];
        const replacements: Record<string, unknown> = { id: sessionId, now };
        if (changes.capacity !== undefined) {
          // Never below the places already booked: one conditional statement decides it.
          sets.push('capacity = :capacity');
          conditions.push('booked <= :capacity');
          replacements.capacity = changes.capacity;
        }
        if (moved) {
          sets.push('starts_at = :startsAt', 'ends_at = :endsAt');
          Object.assign(replacements, { startsAt, endsAt });
        }
        if (changes.status !== undefined) {
          sets.push('status = :status');
          replacements.status = changes.status;
        }
        const [, affected] = await db.sequelize.query(`UPDATE sessions SET ${sets.join(', ')} WHERE ${conditions.join(' AND ')}`, {
          type: QueryTypes.UPDATE,
          replacements,
          transaction: t,
        });
        if (affected !== 1) {
          // MySQL counts changed rows only (Sequelize turns FOUND_ROWS off): 0 may also mean "already so". The row is ours, so it tells which.
          const fresh = await Session.findByPk(sessionId, { transaction: t });
          if (!fresh || fresh.status === 'cancelled') throw sessionCancelled();
          if (changes.capacity !== undefined && fresh.booked > changes.capacity) {
            throw new ConflictError(
              'capacity_below_booked',
              { zh: `容量不能少于已预约的 ${fresh.booked} 个名额`, en: `Capacity cannot go below the ${fresh.booked} places already booked` },
              { booked: fresh.booked },
            );
          }
        }
        const after = (await Session.findByPk(sessionId, { transaction: t }))!;

        let notificationsQueued = 0;
        if (moved) {
          // Keys as the message templates read them; times as people read them.
          const payloadBase = {
            venue: venue.nameZh,
            venueEn: venue.nameEn,
            date: after.date,
            startsAt: formatLocal(after.startsAt, tz),
            endsAt: formatLocal(after.endsAt, tz),
            previousStartsAt: formatLocal(before.startsAt, tz),
            previousEndsAt: formatLocal(before.endsAt, tz),
          };
          const rows = await confirmedBookings(t, sessionId);
          notificationsQueued = await notifications.enqueueMany(
            t,
            rows.map((b) => ({
              dedupeKey: `session_rescheduled:${b.code}:${after.startsAt.getTime()}`,
              template: 'session_rescheduled',
              language: b.language,
              phone: b.contact_phone,
              payload: { code: b.code, ...payloadBase },
            })),
          );
        }
        await audit.record(
          {
            actor,
            action: 'session.update',
            targetType: 'session',
            targetId: sessionId,
            venueId: after.venueId,
            before: sessionState(before, tz),
            after: sessionState(after, tz),
            details: { changes, notificationsQueued },
          },
          t,
        );
        const freesPlaces = after.status === 'open' && (after.capacity > before.capacity || before.status !== 'open');
        return { queued: notificationsQueued, freed: freesPlaces };
      });
      logger.info('session updated', { sessionId, by: actor.id, fields: Object.keys(changes), notificationsQueued: queued });
      if (freed) await placesFreed.emit(sessionId);
    } catch (err) {
      if (isSessionStartConflict(err)) throw sessionExists();
      throw err;
    }
    return viewOf(sessionId, edition);
  }

  async function cancelSession(actor: Actor, sessionId: number, reason: string): Promise<CancelResult> {
    const { session: found, edition, venue } = await managedSession(actor, sessionId);
    const tz = edition.timezone;
    const now = clock.now();
    const outcome = await db.transaction(async (t) => {
      // The session row first, as booking and family cancellation take it: from here no place is taken or given back.
      const [, affected] = await db.sequelize.query(
        `UPDATE sessions SET status = 'cancelled', booked = 0, updated_at = :now WHERE id = :id AND status <> 'cancelled'`,
        { type: QueryTypes.UPDATE, replacements: { id: sessionId, now }, transaction: t },
      );
      if (affected !== 1) return { cancelledBookings: 0, notificationsQueued: 0 }; // already cancelled: nothing to do

      const [checked] = await db.sequelize.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM checkins WHERE session_id = :id', {
        type: QueryTypes.SELECT,
        replacements: { id: sessionId },
        transaction: t,
      });
      if (Number(checked?.n ?? 0) > 0) {
        throw new ConflictError(
          'session_has_checkins',
          { zh: '该场次已有访客入场，不能取消', en: 'Visitors of this session have already been admitted: it cannot be cancelled' },
          { checkedInBookings: Number(checked!.n) },
        );
      }

      // Offers held places in `booked`, now zero: they end here, so no offer is confirmed or released into a cancelled session.
      const [, waitlistEnded] = await db.sequelize.query(
        `UPDATE waitlist_entries SET status = 'expired', updated_at = :now WHERE session_id = :id AND status IN ('waiting', 'offered')`,
        { type: QueryTypes.UPDATE, replacements: { id: sessionId, now }, transaction: t },
      );

      const rows = await confirmedBookings(t, sessionId);
      let notificationsQueued = 0;
      if (rows.length > 0) {
        await db.sequelize.query(
          `UPDATE bookings SET status = 'cancelled', cancelled_at = :now, cancelled_by = 'venue', updated_at = :now
           WHERE session_id = :id AND status = 'confirmed'`,
          { type: QueryTypes.UPDATE, replacements: { id: sessionId, now }, transaction: t },
        );
        await db.sequelize.query('UPDATE booking_visitors SET active_id_hash = NULL WHERE session_id = :id AND active_id_hash IS NOT NULL', {
          type: QueryTypes.UPDATE,
          replacements: { id: sessionId },
          transaction: t,
        });
        // A phone may hold several bookings of one session; counters are updated in a fixed order so two cancellations never deadlock.
        const perPhone = new Map<string, number>();
        for (const b of rows) perPhone.set(b.contact_phone, (perPhone.get(b.contact_phone) ?? 0) + 1);
        for (const phone of [...perPhone.keys()].sort()) {
          await db.sequelize.query(
            `UPDATE phone_counters
             SET confirmed_bookings = CASE WHEN confirmed_bookings > :n THEN confirmed_bookings - :n ELSE 0 END, updated_at = :now
             WHERE edition_id = :editionId AND phone = :phone`,
            { type: QueryTypes.UPDATE, replacements: { n: perPhone.get(phone), editionId: found.editionId, phone, now }, transaction: t },
          );
        }
        const startsAt = formatLocal(found.startsAt, tz);
        notificationsQueued = await notifications.enqueueMany(
          t,
          rows.map((b) => ({
            dedupeKey: `session_cancelled:${b.code}`,
            template: 'session_cancelled',
            language: b.language,
            phone: b.contact_phone,
            payload: { code: b.code, venue: venue.nameZh, venueEn: venue.nameEn, date: found.date, startsAt, reason },
          })),
        );
      }
      const after = (await Session.findByPk(sessionId, { transaction: t }))!;
      // The counter read before the lock may be stale; the confirmed bookings found under it are exact.
      const booked = rows.reduce((n, b) => n + Number(b.party_size), 0);
      await audit.record(
        {
          actor,
          action: 'session.cancel',
          targetType: 'session',
          targetId: sessionId,
          venueId: found.venueId,
          before: { ...sessionState(found, tz), booked },
          after: sessionState(after, tz),
          details: { reason, cancelledBookings: rows.length, notificationsQueued, waitlistEnded: Number(waitlistEnded ?? 0) },
        },
        t,
      );
      return { cancelledBookings: rows.length, notificationsQueued };
    });
    if (outcome.cancelledBookings > 0 || outcome.notificationsQueued > 0) {
      logger.info('session cancelled', { sessionId, by: actor.id, ...outcome });
    }
    return { session: await viewOf(sessionId, edition), ...outcome };
  }

  async function roster(actor: Actor, sessionId: number): Promise<Roster> {
    const { session, edition } = await managedSession(actor, sessionId);
    const tz = edition.timezone;
    const bookings = await Booking.findAll({
      where: { sessionId },
      order: [
        ['createdAt', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    // Confirmed first, each group in booking order (sort is stable).
    bookings.sort((a, b) => Number(a.status !== 'confirmed') - Number(b.status !== 'confirmed'));
    const ids = bookings.map((b) => b.id);
    const visitors =
      ids.length === 0
        ? []
        : await BookingVisitor.findAll({
            where: { bookingId: { [Op.in]: ids } },
            order: [
              ['bookingId', 'ASC'],
              ['position', 'ASC'],
            ],
            attributes: ['bookingId', 'name', 'idMasked'],
          });
    const byBooking = new Map<number, { name: string; idNumber: string | null }[]>();
    for (const v of visitors) {
      const list = byBooking.get(v.bookingId) ?? [];
      list.push({ name: maskName(v.name), idNumber: v.idMasked });
      byBooking.set(v.bookingId, list);
    }
    const checkins = await db.sequelize.query<{ booking_id: number; admitted: number | string; checked_in_at: Date | string; username: string | null }>(
      `SELECT c.booking_id, c.admitted, c.checked_in_at, u.username
       FROM checkins c LEFT JOIN users u ON u.id = c.user_id
       WHERE c.session_id = :sessionId`,
      { type: QueryTypes.SELECT, replacements: { sessionId } },
    );
    const checkinOf = new Map(checkins.map((c) => [Number(c.booking_id), c]));
    const items: RosterItem[] = bookings.map((b) => {
      const c = checkinOf.get(b.id);
      return {
        code: b.code,
        status: b.status,
        partySize: b.partySize,
        contact: { name: maskName(b.contactName), phone: maskPhone(b.contactPhone) },
        visitors: byBooking.get(b.id) ?? [],
        checkedIn: c ? { at: formatInstant(asDate(c.checked_in_at), tz), admitted: Number(c.admitted), by: c.username } : null,
      };
    });
    const counts = (await countsOf([sessionId])).get(sessionId)!;
    return { session: manageView(session, edition, counts), items };
  }

  function venueView(v: Venue, edition: Edition | null): ManagedVenueView {
    return {
      id: v.id,
      code: v.code,
      name: v.nameZh,
      nameEn: v.nameEn,
      kind: v.kind,
      level: v.level,
      descriptionZh: v.descriptionZh,
      descriptionEn: v.descriptionEn,
      addressZh: v.addressZh,
      district: v.district,
      accessibilityZh: v.accessibilityZh,
      accessibilityEn: v.accessibilityEn,
      contactPhone: v.contactPhone,
      contactEmail: v.contactEmail,
      minAge: v.minAge,
      maxPartySize: v.maxPartySize,
      realNameRequired: Boolean(v.realNameRequired),
      rules: edition ? venueRules(v, edition) : null,
    };
  }

  async function editionOrNull(): Promise<Edition | null> {
    try {
      return await catalogue.currentEdition();
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }

  async function updateVenue(actor: Actor, venueId: number, changes: VenueChanges): Promise<ManagedVenueView> {
    requireVenue(actor, venueId);
    const values: Record<string, unknown> = {};
    for (const key of VENUE_FIELDS) {
      const value = changes[key];
      if (value === undefined) continue;
      values[key] = NULLABLE_TEXT.has(key) && value === '' ? null : value;
    }
    const now = clock.now();
    const venue = await db.transaction(async (t) => {
      const v = await Venue.findByPk(venueId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!v) throw new NotFoundError(NO_VENUE, { venueId });
      const pick = () => Object.fromEntries(Object.keys(values).map((k) => [k, k === 'realNameRequired' ? Boolean(v.get(k)) : v.get(k)]));
      const before = pick();
      await v.update({ ...values, updatedAt: now }, { transaction: t });
      // Only the fields this request names: descriptions are long, and the rest did not change.
      await audit.record({ actor, action: 'venue.update', targetType: 'venue', targetId: venueId, venueId, before, after: pick() }, t);
      return v;
    });
    logger.info('venue updated', { venueId, by: actor.id, fields: Object.keys(values) });
    return venueView(venue, await editionOrNull());
  }

  return { listSessions, createSession, updateSession, cancelSession, roster, updateVenue };
}

export type ManageService = ReturnType<typeof createManageService>;
