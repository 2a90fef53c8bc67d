// The booking bench's ceiling: the transaction of src/modules/bookings/book.ts, statement for statement, issued
// directly through mysql2 — no Sequelize, no Koa, no HTTP. Used by the bench's "mysql2" path in its own process and
// by bare-server.ts behind a minimal HTTP server.
//
// START TRANSACTION; the conditional UPDATE of sessions; the session with its venue and edition (the same SELECT the
// service runs, BOOKING_CONTEXT_SQL); then, if places were taken: the phone counter (insert-if-missing and its
// conditional UPDATE), INSERT bookings, INSERT booking_visitors, INSERT notifications (the confirmation message);
// COMMIT — or ROLLBACK as soon as no place was taken. Retried on deadlock or lock-wait timeout, as the service is.
// The person locks and the overlap SELECT run only for ID numbers: the bench's venues are science bases without them.
//
// Through the service's own executor on a mysql2 connection (connectionSql, src/db/sql.ts: the callback API):
// mysql2/promise captures a stack trace for every query, which in a profile of the bare server was a third of
// mysql2's CPU, and a ceiling that pays for it is a ceiling set low.
import mysql from 'mysql2';
import type { DatabaseConfig } from '../src/config.js';
import { newBookingCode } from '../src/modules/bookings/booking-code.js';
import { BOOKING_CONTEXT_SQL } from '../src/modules/bookings/booking-context.js';
import { isRetryableLockError } from '../src/db/database.js';
import { connectionSql } from '../src/db/sql.js';
import { rulesOf } from '../src/modules/catalogue/edition.js';

export interface Attempt {
  sessionId: number;
  phone: string;
  size: number;
}

export type Outcome = 'confirmed' | 'refused' | 'error';

/** A mysql2 pool (callback API) set up as the app's connections are (UTC, utf8mb4, READ COMMITTED: src/db/connection.ts). */
export function ceilingPool(c: DatabaseConfig, connectionLimit: number): mysql.Pool {
  const pool = mysql.createPool({
    host: c.host,
    port: c.port,
    user: c.username,
    password: c.password,
    database: c.database,
    connectionLimit,
    timezone: 'Z',
    charset: 'utf8mb4',
  });
  pool.on('connection', (conn) => conn.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED'));
  return pool;
}

function connectionOf(pool: mysql.Pool): Promise<mysql.PoolConnection> {
  return new Promise((resolve, reject) => pool.getConnection((err, conn) => (err ? reject(err) : resolve(conn))));
}

/** One booking attempt as the service makes it; `now` is the instant written into the rows. */
export function ceilingBooking(pool: mysql.Pool, now: Date) {
  return async (a: Attempt): Promise<{ outcome: Outcome; code?: string; error?: string }> => {
    for (let attempt = 1; ; attempt++) {
      const conn = await connectionOf(pool);
      const sql = connectionSql(conn);
      try {
        await sql.run('START TRANSACTION');
        const taken = await sql.run(
          `UPDATE sessions SET booked = booked + :n, updated_at = :now WHERE id = :id AND status = 'open' AND booked + :n <= capacity`,
          {
            n: a.size,
            now,
            id: a.sessionId,
          },
        );
        // The session with its venue and edition, read under the lock: the service checks its rules on this row.
        const row = await sql.first(BOOKING_CONTEXT_SQL, { id: a.sessionId });
        if (taken.affectedRows !== 1 || !row) {
          await sql.run('ROLLBACK');
          return { outcome: 'refused' };
        }
        const editionId = Number(row.edition_id);
        const rules = rulesOf(row.rules);
        await sql.run(
          `INSERT INTO phone_counters (edition_id, phone, confirmed_bookings, no_shows, created_at, updated_at)
           VALUES (:editionId, :phone, 0, 0, :now, :now) ON DUPLICATE KEY UPDATE edition_id = edition_id`,
          { editionId, phone: a.phone, now },
        );
        const counted = await sql.run(
          `UPDATE phone_counters SET confirmed_bookings = confirmed_bookings + 1, updated_at = :now
           WHERE edition_id = :editionId AND phone = :phone AND confirmed_bookings < :limit AND no_shows < :noShowLimit`,
          { now, editionId, phone: a.phone, limit: rules.maxBookingsPerPhone, noShowLimit: rules.noShowLimit },
        );
        if (counted.affectedRows !== 1) {
          await sql.run('ROLLBACK');
          return { outcome: 'error', error: 'phone_limit_reached' };
        }
        const code = newBookingCode();
        const inserted = await sql.run(
          `INSERT INTO bookings (code, edition_id, session_id, venue_id, status, party_size, contact_name, contact_phone, language, created_at, updated_at)
           VALUES (:code, :editionId, :sessionId, :venueId, 'confirmed', :size, :name, :phone, 'zh', :now, :now)`,
          { code, editionId, sessionId: a.sessionId, venueId: Number(row.venue_id), size: a.size, name: '家长', phone: a.phone, now },
        );
        const visitors: Record<string, unknown> = { bookingId: inserted.insertId, sessionId: a.sessionId, now };
        const tuples = Array.from({ length: a.size }, (_, k) => {
          Object.assign(visitors, { [`p${k}`]: k, [`n${k}`]: `访客${k + 1}`, [`h${k}`]: null, [`m${k}`]: null });
          return `(:bookingId, :sessionId, :p${k}, :n${k}, :h${k}, :m${k}, :h${k}, :now)`;
        });
        await sql.run(
          `INSERT INTO booking_visitors (booking_id, session_id, position, name, id_hash, id_masked, active_id_hash, created_at) VALUES ${tuples.join(', ')}`,
          visitors,
        );
        await sql.run(
          `INSERT INTO notifications (dedupe_key, template, language, phone, payload, status, attempts, next_attempt_at, created_at, updated_at)
           VALUES (:key, 'booking_confirmed', 'zh', :phone, :payload, 'pending', 0, :now, :now, :now) ON DUPLICATE KEY UPDATE dedupe_key = dedupe_key`,
          {
            key: `booking_confirmed:${code}`,
            phone: a.phone,
            payload: JSON.stringify({ code, venue: row.name_zh, venueEn: row.name_en, startsAt: '2027-05-22 09:00', partySize: a.size }),
            now,
          },
        );
        await sql.run('COMMIT');
        return { outcome: 'confirmed', code };
      } catch (err) {
        await sql.run('ROLLBACK').catch(() => undefined);
        if (isRetryableLockError(err) && attempt < 5) {
          await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10 * attempt));
          continue;
        }
        throw err;
      } finally {
        conn.release();
      }
    }
  };
}
