// The waiting list of a full session: first come, first served, whole parties only.
// An offer is a provisional booking: its places count in sessions.booked from the moment it is made, so no
// family and no other offer can take them, and everything that checks capacity keeps working unchanged.
import { QueryTypes, type Transaction } from 'sequelize';
import { forUpdate, type Database } from '../../db/database.js';
import { sqlIn } from '../../db/sql.js';
import type { Clock } from '../../shared/clock.js';
import { ConflictError, NotFoundError, RuleViolationError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { maskPhone } from '../../shared/masking.js';
import type { PlacesFreed } from '../../shared/places-freed.js';
import { formatInstant, formatLocal, MINUTE } from '../../shared/time.js';
import type { BookingView } from '../bookings/booking.views.js';
import { bookingView } from '../bookings/booking.views.js';
import type { CreateBookingInput } from '../bookings/bookings.schemas.js';
import type { BookingsService, PreparedVisitor } from '../bookings/bookings.service.js';
import { bookingWindow } from '../catalogue/booking-window.js';
import type { Edition } from '../catalogue/edition.model.js';
import type { Session } from '../catalogue/session.model.js';
import type { NotificationsService } from '../notifications/notifications.service.js';

export type WaitlistStatus = 'waiting' | 'offered' | 'confirmed' | 'expired' | 'left';

interface EntryRow {
  id: number;
  edition_id: number;
  session_id: number;
  venue_id: number;
  status: WaitlistStatus;
  party_size: number;
  contact_name: string;
  contact_phone: string;
  language: 'zh' | 'en';
  visitors: string;
  offer_expires_at: Date | string | null;
  booking_id: number | null;
}

export interface WaitlistView {
  id: number;
  sessionId: number;
  status: WaitlistStatus;
  partySize: number;
  /** Place in the queue while waiting (1 = next). */
  position: number | null;
  offerExpiresAt: string | null;
  bookingCode: string | null;
}

export interface WaitlistDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  bookings: BookingsService;
  notifications: NotificationsService;
  placesFreed: PlacesFreed;
}

const NO_ENTRY = { zh: '未找到该候补登记', en: 'No such waiting-list entry' };

export function createWaitlistService({ db, clock, logger, bookings, notifications, placesFreed }: WaitlistDeps) {
  const { Session, Edition, Venue, Booking } = db.models;

  async function entry(id: number, t?: Transaction, lock = false): Promise<EntryRow | undefined> {
    const [row] = await db.sequelize.query<EntryRow>(`SELECT * FROM waitlist_entries WHERE id = :id${lock ? forUpdate(db) : ''}`, {
      type: QueryTypes.SELECT,
      replacements: { id },
      transaction: t,
    });
    return row;
  }

  async function owned(id: number, phone: string): Promise<EntryRow> {
    const row = await entry(id);
    if (!row || row.contact_phone !== phone) throw new NotFoundError(NO_ENTRY);
    return row;
  }

  async function view(row: EntryRow): Promise<WaitlistView> {
    let position: number | null = null;
    if (row.status === 'waiting') {
      const [r] = await db.sequelize.query<{ n: number | string }>(
        "SELECT COUNT(*) AS n FROM waitlist_entries WHERE session_id = :sessionId AND status = 'waiting' AND id < :id",
        { type: QueryTypes.SELECT, replacements: { sessionId: row.session_id, id: row.id } },
      );
      position = Number(r?.n ?? 0) + 1;
    }
    const edition = await Edition.findByPk(row.edition_id);
    const booking = row.booking_id ? await Booking.findByPk(row.booking_id) : null;
    return {
      id: Number(row.id),
      sessionId: Number(row.session_id),
      status: row.status,
      partySize: Number(row.party_size),
      position,
      offerExpiresAt: row.status === 'offered' && row.offer_expires_at && edition ? formatInstant(new Date(row.offer_expires_at), edition.timezone) : null,
      bookingCode: booking?.code ?? null,
    };
  }

  /** Joins the queue of a full session: the same validation and rules as a booking, but no place is taken. */
  async function join(input: CreateBookingInput): Promise<WaitlistView> {
    const { session, venue, edition } = await bookings.context(input.sessionId);
    const now = clock.now();
    bookings.checkRules(input, session, venue, edition, now);
    await bookings.checkNoShows(edition, input.contact.phone);
    if (session.capacity - session.booked >= input.visitors.length) {
      throw new ConflictError(
        'places_available',
        { zh: '该场次仍有足够名额，请直接预约', en: 'This session still has enough places: book it directly' },
        { remaining: session.capacity - session.booked },
      );
    }
    const { visitors } = bookings.prepareVisitors(input.visitors);
    const id = await db.transaction(async (t) => {
      const [dup] = await db.sequelize.query<{ id: number }>(
        "SELECT id FROM waitlist_entries WHERE session_id = :sessionId AND contact_phone = :phone AND status IN ('waiting', 'offered')",
        { type: QueryTypes.SELECT, replacements: { sessionId: session.id, phone: input.contact.phone }, transaction: t },
      );
      if (dup)
        throw new ConflictError(
          'already_waiting',
          { zh: '该手机号已在此场次的候补名单中', en: 'This phone is already on the waiting list of this session' },
          { id: Number(dup.id) },
        );
      const [insertedId] = await db.sequelize.query(
        `INSERT INTO waitlist_entries (edition_id, session_id, venue_id, status, party_size, contact_name, contact_phone, language, visitors, created_at, updated_at)
         VALUES (:editionId, :sessionId, :venueId, 'waiting', :partySize, :name, :phone, :language, :visitors, :now, :now)`,
        {
          type: QueryTypes.INSERT,
          transaction: t,
          replacements: {
            editionId: edition.id,
            sessionId: session.id,
            venueId: venue.id,
            partySize: visitors.length,
            name: input.contact.name,
            phone: input.contact.phone,
            language: input.language,
            visitors: JSON.stringify(visitors),
            now,
          },
        },
      );
      return Number(insertedId);
    });
    logger.info('waitlist joined', { id, sessionId: session.id, partySize: visitors.length, phone: maskPhone(input.contact.phone) });
    // Places may have come free between the read above and now.
    await offerFreedPlaces(session.id);
    return view((await entry(id))!);
  }

  async function get(id: number, phone: string): Promise<WaitlistView> {
    return view(await owned(id, phone));
  }

  /** Offers the places left in a session to the earliest waiting parties that fit whole. Returns the offers made. */
  async function offerFreedPlaces(sessionId: number): Promise<number> {
    const now = clock.now();
    return db.transaction(async (t) => {
      const [session] = await db.sequelize.query<{
        id: number;
        edition_id: number;
        venue_id: number;
        capacity: number;
        booked: number;
        status: string;
        starts_at: Date | string;
      }>(`SELECT id, edition_id, venue_id, capacity, booked, status, starts_at FROM sessions WHERE id = :sessionId${forUpdate(db)}`, {
        type: QueryTypes.SELECT,
        replacements: { sessionId },
        transaction: t,
      });
      if (!session || session.status !== 'open') return 0;
      const edition = (await Edition.findByPk(session.edition_id, { transaction: t }))!;
      const startsAt = new Date(session.starts_at);
      const closesAt = bookingWindow({ startsAt }, edition).closesAt;
      if (now >= closesAt) return 0;
      let free = Number(session.capacity) - Number(session.booked);
      if (free <= 0) return 0;
      const waiting = await db.sequelize.query<EntryRow>("SELECT * FROM waitlist_entries WHERE session_id = :sessionId AND status = 'waiting' ORDER BY id", {
        type: QueryTypes.SELECT,
        replacements: { sessionId },
        transaction: t,
      });
      const venue = await Venue.findByPk(session.venue_id, { transaction: t });
      // Shorter close to the session: an offer never outlives the booking cutoff.
      const expiresAt = new Date(Math.min(now.getTime() + edition.rules.waitlistOfferMinutes * MINUTE, closesAt.getTime()));
      let offers = 0;
      for (const w of waiting) {
        const size = Number(w.party_size);
        if (size > free) continue; // a family is never split: the next one that fits whole is offered
        await db.sequelize.query('UPDATE sessions SET booked = booked + :size, updated_at = :now WHERE id = :sessionId', {
          replacements: { size, now, sessionId },
          transaction: t,
        });
        await db.sequelize.query(
          "UPDATE waitlist_entries SET status = 'offered', offered_at = :now, offer_expires_at = :expiresAt, updated_at = :now WHERE id = :id",
          { replacements: { id: w.id, now, expiresAt }, transaction: t },
        );
        await notifications.enqueue(t, {
          dedupeKey: `waitlist_offer:${w.id}`,
          template: 'waitlist_offer',
          language: w.language,
          phone: w.contact_phone,
          payload: {
            venue: venue?.nameZh,
            venueEn: venue?.nameEn,
            startsAt: formatLocal(startsAt, edition.timezone),
            partySize: size,
            expiresAt: formatLocal(expiresAt, edition.timezone),
            link: `/waitlist/${w.id}`,
          },
        });
        free -= size;
        offers++;
        if (free === 0) break;
      }
      if (offers > 0) logger.info('waitlist offers made', { sessionId, offers });
      return offers;
    });
  }

  /** Turns an offer into a confirmed booking with a QR code. */
  async function confirm(id: number, phone: string): Promise<BookingView> {
    const row = await owned(id, phone);
    if (row.status === 'confirmed' && row.booking_id) {
      const booking = (await Booking.findByPk(row.booking_id))!;
      return bookings.get(booking.code, { phone });
    }
    if (row.status !== 'offered') {
      throw new ConflictError('no_offer', { zh: '目前没有可确认的名额', en: 'There is no offer to confirm' }, { status: row.status });
    }
    const now = clock.now();
    if (row.offer_expires_at && new Date(row.offer_expires_at) <= now) {
      throw new RuleViolationError('offer_expired', { zh: '名额保留已过期', en: 'The offer has expired' });
    }
    const { session, venue, edition } = await bookings.context(Number(row.session_id));
    if (session.status !== 'open') {
      throw new ConflictError(
        'session_not_bookable',
        { zh: '该场次已关闭或取消，不能预约', en: 'This session is closed or cancelled' },
        { status: session.status },
      );
    }
    const visitors = JSON.parse(row.visitors) as PreparedVisitor[];
    const booking = await bookings.withFreshCode((code) =>
      db.transaction(async (t) => {
        // Session row first, as every writer does; then the entry, which must still hold an unexpired offer.
        await db.sequelize.query(`SELECT id FROM sessions WHERE id = :sessionId${forUpdate(db)}`, { replacements: { sessionId: session.id }, transaction: t });
        const locked = await entry(id, t, true);
        if (!locked || locked.status !== 'offered' || (locked.offer_expires_at && new Date(locked.offer_expires_at) <= now)) {
          throw new RuleViolationError('offer_expired', { zh: '名额保留已过期', en: 'The offer has expired' });
        }
        const created = await bookings.writeBooking(sqlIn(db, t), {
          code,
          session,
          venue,
          edition,
          contact: { name: row.contact_name, phone: row.contact_phone },
          language: row.language,
          visitors,
          now,
          notify: true,
        });
        await db.sequelize.query("UPDATE waitlist_entries SET status = 'confirmed', booking_id = :bookingId, updated_at = :now WHERE id = :id", {
          replacements: { id, bookingId: created.id, now },
          transaction: t,
        });
        return created;
      }),
    );
    logger.info('waitlist offer confirmed', { id, code: booking.code, sessionId: session.id });
    const fresh = (await Session.findByPk(session.id))!;
    return bookingView({ booking, visitors, session: fresh, venue, edition }, bookings.links(booking.code, session.id), now);
  }

  /** Gives an offered entry's places back; the caller's transaction already holds the session row. */
  async function release(t: Transaction, row: EntryRow, status: 'expired' | 'left', now: Date): Promise<boolean> {
    const [, affected] = await db.sequelize.query("UPDATE waitlist_entries SET status = :status, updated_at = :now WHERE id = :id AND status = 'offered'", {
      type: QueryTypes.UPDATE,
      replacements: { id: row.id, status, now },
      transaction: t,
    });
    if (affected !== 1) return false;
    await db.sequelize.query('UPDATE sessions SET booked = booked - :size, updated_at = :now WHERE id = :sessionId', {
      replacements: { size: row.party_size, now, sessionId: row.session_id },
      transaction: t,
    });
    return true;
  }

  async function leave(id: number, phone: string): Promise<WaitlistView> {
    const row = await owned(id, phone);
    const now = clock.now();
    if (row.status === 'waiting') {
      await db.sequelize.query("UPDATE waitlist_entries SET status = 'left', updated_at = :now WHERE id = :id AND status = 'waiting'", {
        replacements: { id, now },
      });
    } else if (row.status === 'offered') {
      const released = await db.transaction(async (t) => {
        await db.sequelize.query(`SELECT id FROM sessions WHERE id = :sessionId${forUpdate(db)}`, {
          replacements: { sessionId: row.session_id },
          transaction: t,
        });
        return release(t, row, 'left', now);
      });
      if (released) await placesFreed.emit(Number(row.session_id));
    }
    return view((await entry(id))!);
  }

  /**
   * Every minute: offers past their deadline expire and pass on; waiting entries of sessions that can no
   * longer be booked expire; any session with free places and a queue gets its offers.
   */
  async function expireAndOffer(): Promise<{ expired: number; offered: number }> {
    const now = clock.now();
    const due = await db.sequelize.query<EntryRow>("SELECT * FROM waitlist_entries WHERE status = 'offered' AND offer_expires_at <= :now ORDER BY id", {
      type: QueryTypes.SELECT,
      replacements: { now },
    });
    let expired = 0;
    for (const row of due) {
      const done = await db.transaction(async (t) => {
        await db.sequelize.query(`SELECT id FROM sessions WHERE id = :sessionId${forUpdate(db)}`, {
          replacements: { sessionId: row.session_id },
          transaction: t,
        });
        if (!(await release(t, row, 'expired', now))) return false;
        const session = (await Session.findByPk(row.session_id, { transaction: t }))!;
        const [venue, edition] = await Promise.all([
          Venue.findByPk(session.venueId, { transaction: t }),
          Edition.findByPk(session.editionId, { transaction: t }),
        ]);
        await notifications.enqueue(t, {
          dedupeKey: `offer_expired:${row.id}`,
          template: 'offer_expired',
          language: row.language,
          phone: row.contact_phone,
          payload: { venue: venue?.nameZh, venueEn: venue?.nameEn, startsAt: formatLocal(session.startsAt, edition!.timezone) },
        });
        return true;
      });
      if (done) expired++;
    }
    expired += await expireUnbookable(now);
    const sessions = await db.sequelize.query<{ session_id: number }>(
      `SELECT DISTINCT w.session_id FROM waitlist_entries w JOIN sessions s ON s.id = w.session_id
       WHERE w.status = 'waiting' AND s.status = 'open' AND s.booked < s.capacity`,
      { type: QueryTypes.SELECT },
    );
    let offered = 0;
    for (const s of sessions) offered += await offerFreedPlaces(Number(s.session_id));
    return { expired, offered };
  }

  /** Waiting entries whose session closed, was cancelled or passed its booking cutoff will never be offered. */
  async function expireUnbookable(now: Date): Promise<number> {
    const rows = await db.sequelize.query<{ id: number; session_id: number }>("SELECT w.id, w.session_id FROM waitlist_entries w WHERE w.status = 'waiting'", {
      type: QueryTypes.SELECT,
    });
    let n = 0;
    const bySession = new Map<number, Session | null>();
    const editions = new Map<number, Edition | null>();
    for (const r of rows) {
      const sid = Number(r.session_id);
      if (!bySession.has(sid)) bySession.set(sid, await Session.findByPk(sid));
      const session = bySession.get(sid);
      if (!session) continue;
      if (!editions.has(session.editionId)) editions.set(session.editionId, await Edition.findByPk(session.editionId));
      const edition = editions.get(session.editionId)!;
      const over = session.status !== 'open' || now >= bookingWindow(session, edition).closesAt;
      if (!over) continue;
      const [, affected] = await db.sequelize.query("UPDATE waitlist_entries SET status = 'expired', updated_at = :now WHERE id = :id AND status = 'waiting'", {
        type: QueryTypes.UPDATE,
        replacements: { id: r.id, now },
      });
      n += affected ?? 0;
    }
    return n;
  }

  placesFreed.on((sessionId) => offerFreedPlaces(sessionId));

  return { join, get, confirm, leave, offerFreedPlaces, expireAndOffer };
}

export type WaitlistService = ReturnType<typeof createWaitlistService>;
