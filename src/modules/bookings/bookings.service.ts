// Reservations: the rules, the capacity-safe transaction, idempotent retries, cancellation.
import { createHash } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { Database } from '../../db/database.js';
import { insertIfMissing } from '../../db/insert-if-missing.js';
import { duplicateKeys, sqlIn, type Sql } from '../../db/sql.js';
import type { Clock } from '../../shared/clock.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError, type FieldProblem } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { maskIdNumber, maskPhone } from '../../shared/masking.js';
import type { PiiHasher } from '../../shared/pii.js';
import { formatInstant, formatLocal } from '../../shared/time.js';
import { bookingWindow, remainingPlaces } from '../catalogue/booking-window.js';
import { venueRules } from '../catalogue/catalogue.views.js';
import type { Booking } from './booking.model.js';
import { BOOKING_CONTEXT_SQL, bookingContextOf, type BookingContext, type EditionFacts, type SessionFacts, type VenueFacts } from './booking-context.js';
import { bookingView, type BookingParts, type BookingView } from './booking.views.js';
import { newBookingCode } from './booking-code.js';
import type { BookingAccess, CreateBookingInput, VisitorInput } from './bookings.schemas.js';
import { ageOn, birthDateOf } from './id-number.js';
import type { TokenSigner } from './qr-token.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { PlacesFreed } from '../../shared/places-freed.js';

export interface BookingsDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  signer: TokenSigner;
  pii: PiiHasher;
  notifications: NotificationsService;
  placesFreed: PlacesFreed;
}

export interface PreparedVisitor {
  position: number;
  name: string;
  idHash: string | null;
  idMasked: string | null;
}

export interface NewBooking {
  code: string;
  session: SessionFacts;
  venue: VenueFacts;
  edition: EditionFacts;
  contact: { name: string; phone: string };
  language: 'zh' | 'en';
  visitors: PreparedVisitor[];
  now: Date;
  notify: boolean;
}

/** A booking as written: its row's values (no model instance on the hot path). */
export type WrittenBooking = BookingParts['booking'] & { id: number; editionId: number; sessionId: number; venueId: number; language: 'zh' | 'en' };

export interface BookingResult {
  status: number;
  body: BookingView;
}

const IDEMPOTENCY_SCOPE = 'booking';
const MAX_CODE_ATTEMPTS = 3;

const NO_BOOKING = { zh: '未找到该预约', en: 'No such booking' };

/** Thrown inside a transaction to roll it back and answer with what is there. */
class AlreadyCancelled extends Error {}

function requestHash(input: CreateBookingInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

export function createBookingsService({ db, clock, logger, signer, pii, notifications, placesFreed }: BookingsDeps) {
  const { Booking, BookingVisitor } = db.models;

  /** The session with its venue and edition, in one query (through `sql`, e.g. inside a transaction). */
  async function context(sessionId: number, sql: Sql = sqlIn(db)): Promise<BookingContext> {
    const [row] = await sql.select(BOOKING_CONTEXT_SQL, [sessionId]);
    if (!row) throw new NotFoundError({ zh: '未找到该场次', en: 'No such session' }, { sessionId });
    return bookingContextOf(row);
  }

  /** Rules that need no lock: window, party size, real names, age. Checked before the transaction and never again. */
  function checkRules(input: CreateBookingInput, session: SessionFacts, venue: VenueFacts, edition: EditionFacts, now: Date): void {
    if (session.status !== 'open') {
      throw new ConflictError(
        'session_not_bookable',
        { zh: '该场次已关闭或取消，不能预约', en: 'This session is closed or cancelled' },
        { status: session.status },
      );
    }
    const window = bookingWindow(session, edition);
    if (now < window.opensAt || now >= window.closesAt) {
      throw new RuleViolationError(
        'booking_closed',
        now < window.opensAt
          ? { zh: '预约尚未开始', en: 'Booking for this session has not opened yet' }
          : { zh: '该场次预约已截止', en: 'Booking for this session has closed' },
        { opensAt: formatInstant(window.opensAt, edition.timezone), closesAt: formatInstant(window.closesAt, edition.timezone) },
      );
    }
    const rules = venueRules(venue, edition);
    if (input.visitors.length > rules.maxPartySize) {
      throw new RuleViolationError(
        'party_too_large',
        { zh: `每个预约最多 ${rules.maxPartySize} 人`, en: `A booking may hold at most ${rules.maxPartySize} visitors` },
        { maxPartySize: rules.maxPartySize, partySize: input.visitors.length },
      );
    }
    const missing: FieldProblem[] = [];
    const tooYoung: number[] = [];
    input.visitors.forEach((v, i) => {
      if (!v.idNumber) {
        if (rules.realNameRequired)
          missing.push({ field: `visitors.${i}.idNumber`, message: 'idNumber is required: this venue admits visitors by real name', type: 'any.required' });
        return;
      }
      const born = birthDateOf(v.idNumber)!;
      if (born > session.date) {
        missing.push({ field: `visitors.${i}.idNumber`, message: 'idNumber holds a birth date after the visit', type: 'idNumber.birth_date' });
      } else if (ageOn(born, session.date) < rules.minAge) {
        tooYoung.push(i);
      }
    });
    if (missing.length > 0) throw new ValidationError(missing);
    if (tooYoung.length > 0) {
      throw new RuleViolationError(
        'under_min_age',
        { zh: `该场馆仅接待 ${rules.minAge} 周岁及以上的访客`, en: `This venue admits visitors aged ${rules.minAge} and over` },
        { minAge: rules.minAge, visitors: tooYoung },
      );
    }
  }

  async function storedResponse(key: string, hash: string): Promise<BookingResult | undefined> {
    const [row] = await db.sequelize.query<{ request_hash: string; status_code: number; response: string }>(
      'SELECT request_hash, status_code, response FROM idempotency_keys WHERE scope = :scope AND idem_key = :key',
      { type: QueryTypes.SELECT, replacements: { scope: IDEMPOTENCY_SCOPE, key } },
    );
    if (!row) return undefined;
    if (row.request_hash !== hash) {
      throw new RuleViolationError('idempotency_key_reused', {
        zh: '该 Idempotency-Key 已用于另一个不同的请求',
        en: 'This Idempotency-Key was already used for a different request',
      });
    }
    return { status: Number(row.status_code), body: JSON.parse(row.response) as BookingView };
  }

  /**
   * Takes the places: the conditional UPDATE is the transaction's first statement and its row lock. Answers whether
   * the places were taken (false: the session is full, not open, or does not exist).
   */
  async function takePlaces(sql: Sql, sessionId: number, n: number, now: Date): Promise<boolean> {
    const { affectedRows } = await sql.run(
      `UPDATE sessions SET booked = booked + ?, updated_at = ?
       WHERE id = ? AND status = 'open' AND booked + ? <= capacity`,
      [n, now, sessionId, n],
    );
    return affectedRows === 1;
  }

  /** Why places could not be taken in a session that exists: not open, or not enough left. */
  function notTaken(session: SessionFacts, n: number): ConflictError {
    if (session.status !== 'open') {
      return new ConflictError(
        'session_not_bookable',
        { zh: '该场次已关闭或取消，不能预约', en: 'This session is closed or cancelled' },
        { status: session.status },
      );
    }
    const remaining = remainingPlaces(session);
    return new ConflictError(
      'session_full',
      remaining === 0
        ? { zh: '该场次已约满', en: 'This session is full' }
        : { zh: `该场次仅剩 ${remaining} 个名额`, en: `Only ${remaining} places are left in this session` },
      { remaining, requested: n },
    );
  }

  /**
   * One phone holds at most N confirmed bookings per edition, and is refused after too many no-shows:
   * a counter row per phone, taken with a conditional UPDATE.
   */
  async function countPhoneBooking(sql: Sql, edition: EditionFacts, phone: string, now: Date): Promise<void> {
    const { maxBookingsPerPhone: limit, noShowLimit } = edition.rules;
    await insertIfMissing(sql, 'phone_counters', { edition_id: edition.id, phone, confirmed_bookings: 0, no_shows: 0, created_at: now, updated_at: now }, [
      'edition_id',
      'phone',
    ]);
    const { affectedRows } = await sql.run(
      `UPDATE phone_counters SET confirmed_bookings = confirmed_bookings + 1, updated_at = ?
       WHERE edition_id = ? AND phone = ? AND confirmed_bookings < ? AND no_shows < ?`,
      [now, edition.id, phone, limit, noShowLimit],
    );
    if (affectedRows === 1) return;
    const [row] = await sql.select<{ no_shows: number }>('SELECT no_shows FROM phone_counters WHERE edition_id = ? AND phone = ?', [edition.id, phone]);
    if (Number(row?.no_shows ?? 0) >= noShowLimit) throw tooManyNoShows(noShowLimit);
    throw new ConflictError(
      'phone_limit_reached',
      { zh: `每个手机号本届最多保留 ${limit} 个预约`, en: `One phone number may hold at most ${limit} bookings in this edition` },
      { limit },
    );
  }

  function tooManyNoShows(limit: number): ConflictError {
    return new ConflictError(
      'too_many_no_shows',
      { zh: `该手机号本届已有 ${limit} 次预约未到场，不能再预约`, en: `This phone missed ${limit} booked visits in this edition and cannot book again` },
      { limit },
    );
  }

  /** Refuses a phone that is already over the no-show limit (for the waiting list, before any place is held). */
  async function checkNoShows(edition: EditionFacts, phone: string): Promise<void> {
    const [row] = await db.sequelize.query<{ no_shows: number }>('SELECT no_shows FROM phone_counters WHERE edition_id = :editionId AND phone = :phone', {
      type: QueryTypes.SELECT,
      replacements: { editionId: edition.id, phone },
    });
    if (Number(row?.no_shows ?? 0) >= edition.rules.noShowLimit) throw tooManyNoShows(edition.rules.noShowLimit);
  }

  /**
   * The same person may not hold a place in this session or in any session overlapping it. Each person's lock row
   * is taken first (in hash order, after the session and phone rows), so concurrent bookings of one person into
   * different overlapping sessions are checked one after the other; the overlap read that follows the locks sees
   * what their previous holder committed because MySQL connections run READ COMMITTED (see db/connection.ts).
   */
  async function checkNoOverlap(sql: Sql, session: SessionFacts, hashes: string[], masked: Map<string, string>): Promise<void> {
    if (hashes.length === 0) return;
    for (const idHash of [...hashes].sort()) {
      await insertIfMissing(sql, 'person_locks', { edition_id: session.editionId, id_hash: idHash }, ['edition_id', 'id_hash']);
    }
    const rows = await sql.select<{ id_hash: string }>(
      `SELECT DISTINCT bv.id_hash
       FROM booking_visitors bv
       JOIN bookings b ON b.id = bv.booking_id AND b.status = 'confirmed'
       JOIN sessions s ON s.id = b.session_id
       WHERE bv.id_hash IN (?) AND s.starts_at < ? AND s.ends_at > ?`,
      [hashes, session.endsAt, session.startsAt],
    );
    if (rows.length > 0) throw duplicateVisitor(rows.map((r) => masked.get(r.id_hash) ?? ''));
  }

  function duplicateVisitor(idNumbers: string[]): ConflictError {
    return new ConflictError(
      'duplicate_visitor',
      { zh: '同一访客已预约了同一时段的场次', en: 'A visitor already holds a place in this or an overlapping session' },
      { idNumbers },
    );
  }

  function links(code: string, sessionId: number) {
    return { token: signer.issue({ code, sessionId }), urlKey: pii.urlKey(code) };
  }

  function prepareVisitors(input: VisitorInput[]): { visitors: PreparedVisitor[]; hashes: string[]; masked: Map<string, string> } {
    const masked = new Map<string, string>();
    const visitors = input.map((v, position) => {
      const idHash = v.idNumber ? pii.hash(v.idNumber) : null;
      const idMasked = v.idNumber ? maskIdNumber(v.idNumber) : null;
      if (idHash) masked.set(idHash, idMasked!);
      return { position, name: v.name, idHash, idMasked };
    });
    return { visitors, hashes: [...masked.keys()], masked };
  }

  /**
   * Everything after the places are taken, inside the caller's transaction: the phone's counter, the
   * overlap rule, the booking and visitor rows, and the confirmation message.
   */
  async function writeBooking(sql: Sql, b: NewBooking): Promise<WrittenBooking> {
    const { session, venue, edition, now } = b;
    await countPhoneBooking(sql, edition, b.contact.phone, now);
    const masked = new Map(b.visitors.filter((v) => v.idHash).map((v) => [v.idHash!, v.idMasked!]));
    await checkNoOverlap(sql, session, [...masked.keys()], masked);
    const values = {
      code: b.code,
      editionId: edition.id,
      sessionId: session.id,
      venueId: venue.id,
      status: 'confirmed' as const,
      partySize: b.visitors.length,
      contactName: b.contact.name,
      contactPhone: b.contact.phone,
      language: b.language,
      cancelledAt: null,
      cancelledBy: null,
      createdAt: now,
      updatedAt: now,
    };
    // Plain INSERTs: this is the hot path of a rush, and model creation costs more CPU than the statements.
    const { insertId: bookingId } = await sql.run(
      `INSERT INTO bookings (code, edition_id, session_id, venue_id, status, party_size, contact_name, contact_phone, language, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        values.code,
        values.editionId,
        values.sessionId,
        values.venueId,
        values.status,
        values.partySize,
        values.contactName,
        values.contactPhone,
        values.language,
        now,
        now,
      ],
    );
    await sql.run(
      `INSERT INTO booking_visitors (booking_id, session_id, position, name, id_hash, id_masked, active_id_hash, created_at) VALUES ${b.visitors.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      b.visitors.flatMap((v) => [bookingId, session.id, v.position, v.name, v.idHash, v.idMasked, v.idHash, now]),
    );
    const booking: WrittenBooking = { id: bookingId, ...values };
    if (b.notify) {
      await notifications.enqueue(sql, {
        dedupeKey: `booking_confirmed:${b.code}`,
        template: 'booking_confirmed',
        language: b.language,
        phone: b.contact.phone,
        payload: {
          code: b.code,
          venue: venue.nameZh,
          venueEn: venue.nameEn,
          startsAt: formatLocal(session.startsAt, edition.timezone),
          partySize: b.visitors.length,
        },
      });
    }
    return booking;
  }

  /** Retries with a fresh code when a generated booking code collides (31^8 codes: rare). */
  async function withFreshCode<T>(fn: (code: string) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn(newBookingCode());
      } catch (err) {
        if (!duplicateKeys(err)?.includes('code') || attempt >= MAX_CODE_ATTEMPTS) throw err;
      }
    }
  }

  /**
   * One transaction: take the places (the first statement), read the session with its venue and edition under that
   * lock, check the rules, write. A rule broken rolls the places back; a session that is full or not open is refused
   * after the rules, so a closed window still answers booking_closed.
   */
  async function book(input: CreateBookingInput, idempotencyKey?: string, opts: { notify?: boolean } = {}): Promise<BookingResult> {
    const hash = idempotencyKey ? requestHash(input) : ''; // only a retry with a key is compared
    if (idempotencyKey) {
      const stored = await storedResponse(idempotencyKey, hash);
      if (stored) return stored;
    }
    const now = clock.now();
    const partySize = input.visitors.length;
    const { visitors } = prepareVisitors(input.visitors);

    try {
      const result = await withFreshCode((code) =>
        db.sqlTransaction(async (sql) => {
          const taken = await takePlaces(sql, input.sessionId, partySize, now);
          // Read after the UPDATE: the counts the family sees are exact, and no second read is needed.
          const { session, venue, edition } = await context(input.sessionId, sql);
          checkRules(input, session, venue, edition, now);
          if (!taken) throw notTaken(session, partySize);
          const booking = await writeBooking(sql, {
            code,
            session,
            venue,
            edition,
            contact: input.contact,
            language: input.language,
            visitors,
            now,
            notify: opts.notify ?? true,
          });
          const body = bookingView({ booking, visitors, session, venue, edition }, links(code, session.id), now);
          if (idempotencyKey) {
            await sql.run('INSERT INTO idempotency_keys (scope, idem_key, request_hash, status_code, response, created_at) VALUES (?, ?, ?, 201, ?, ?)', [
              IDEMPOTENCY_SCOPE,
              idempotencyKey,
              hash,
              JSON.stringify(body),
              now,
            ]);
          }
          return { status: 201, body };
        }),
      );
      logger.info('booking confirmed', { code: result.body.code, sessionId: input.sessionId, partySize, phone: maskPhone(input.contact.phone) });
      return result;
    } catch (err) {
      const keys = duplicateKeys(err);
      if (!keys) throw err;
      // MariaDB names the idempotency table's key only as PRIMARY: with a key sent, look for the stored answer first.
      if (idempotencyKey) {
        const stored = await storedResponse(idempotencyKey, hash);
        if (stored) return stored;
      }
      if (keys.includes('active_id_hash') || keys.includes('booking_visitors_session_person')) throw duplicateVisitor([]);
      throw err;
    }
  }

  async function load(code: string): Promise<BookingContext & { booking: Booking; visitors: { name: string; idMasked: string | null }[] }> {
    const booking = await Booking.findOne({ where: { code } });
    if (!booking) throw new NotFoundError(NO_BOOKING);
    const [{ session, venue, edition }, visitors] = await Promise.all([
      context(booking.sessionId),
      BookingVisitor.findAll({ where: { bookingId: booking.id }, order: [['position', 'ASC']], attributes: ['name', 'idMasked'] }),
    ]);
    return { booking, session, venue, edition, visitors };
  }

  /** Unknown code and wrong phone answer the same, so codes cannot be probed. */
  function allowed(booking: Booking, access: BookingAccess): boolean {
    if (access.phone !== undefined && access.phone === booking.contactPhone) return true;
    if (access.key !== undefined && pii.sameUrlKey(booking.code, access.key)) return true;
    return false;
  }

  async function get(code: string, access: BookingAccess): Promise<BookingView> {
    const parts = await load(code);
    if (!allowed(parts.booking, access)) throw new NotFoundError(NO_BOOKING);
    return bookingView(parts, links(code, parts.session.id), clock.now());
  }

  /** The token of a booking the caller may see (for the QR images). */
  async function token(code: string, access: BookingAccess): Promise<string> {
    const booking = await Booking.findOne({ where: { code } });
    if (!booking || !allowed(booking, access)) throw new NotFoundError(NO_BOOKING);
    if (booking.status !== 'confirmed') throw new NotFoundError({ zh: '该预约已取消', en: 'This booking is cancelled' });
    return signer.issue({ code, sessionId: booking.sessionId });
  }

  async function cancel(code: string, phone: string): Promise<BookingView> {
    const parts = await load(code);
    const { booking, session, edition } = parts;
    if (booking.contactPhone !== phone) throw new NotFoundError(NO_BOOKING);
    const now = clock.now();
    if (booking.status === 'confirmed') {
      if (now >= session.startsAt) {
        throw new RuleViolationError('cancellation_closed', {
          zh: '场次已开始，不能再取消',
          en: 'The session has started: the booking can no longer be cancelled',
        });
      }
      try {
        await db.transaction(async (t) => {
          // Session row first, as in booking, so the two never wait on each other in opposite order.
          await db.sequelize.query('UPDATE sessions SET booked = booked - :n, updated_at = :now WHERE id = :id', {
            type: QueryTypes.UPDATE,
            replacements: { n: booking.partySize, id: session.id, now },
            transaction: t,
          });
          const [, affected] = await db.sequelize.query(
            `UPDATE bookings SET status = 'cancelled', cancelled_at = :now, cancelled_by = 'family', updated_at = :now
             WHERE id = :id AND status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.booking_id = :id)`,
            { type: QueryTypes.UPDATE, replacements: { id: booking.id, now }, transaction: t },
          );
          if (affected !== 1) throw new AlreadyCancelled();
          await db.sequelize.query('UPDATE booking_visitors SET active_id_hash = NULL WHERE booking_id = :id', {
            replacements: { id: booking.id },
            transaction: t,
          });
          await db.sequelize.query(
            `UPDATE phone_counters SET confirmed_bookings = confirmed_bookings - 1, updated_at = :now
             WHERE edition_id = :editionId AND phone = :phone AND confirmed_bookings > 0`,
            { replacements: { editionId: edition.id, phone: booking.contactPhone, now }, transaction: t },
          );
        });
        logger.info('booking cancelled', { code, sessionId: session.id, partySize: booking.partySize, by: 'family' });
        await placesFreed.emit(session.id);
      } catch (err) {
        if (!(err instanceof AlreadyCancelled)) throw err;
      }
    }
    const fresh = await load(code);
    if (fresh.booking.status === 'confirmed') {
      // Still confirmed after the attempt: the party has been checked in, so the booking is used.
      throw new ConflictError('already_checked_in', { zh: '已核验入场的预约不能取消', en: 'A booking that has been checked in cannot be cancelled' });
    }
    return bookingView(fresh, links(code, fresh.session.id), now);
  }

  return { book, get, token, cancel, context, checkRules, prepareVisitors, writeBooking, withFreshCode, checkNoShows, links };
}

export type BookingsService = ReturnType<typeof createBookingsService>;
