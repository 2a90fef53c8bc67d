// The outbox: messages are rows written in the same transaction as what they announce, delivered by a job.
// Delivery is at most once: a row is claimed (pending → sending) before it is sent, so no instance sends it again.
import { isRetryableLockError, type Database } from '../../db/database.js';
import { insertIfMissing } from '../../db/insert-if-missing.js';
import type { Sql } from '../../db/sql.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { MINUTE } from '../../shared/time.js';
import type { Sender } from './senders.js';
import { render, type Language, type Template } from './templates.js';

export interface NewNotification {
  /** Unique per message (e.g. "reminder:<code>"): queuing it again does nothing. */
  dedupeKey: string;
  template: Template;
  language: Language;
  phone: string;
  payload: Record<string, unknown>;
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
  abandoned: number;
}

/** Minutes to wait after the n-th failed attempt. */
const BACKOFF_MINUTES = [1, 5, 15, 60, 240];
/** A row left in 'sending' this long means the sender died mid-way: it is marked unknown, never sent again. */
const STALE_SENDING_MS = 15 * MINUTE;
/** Templates whose payload is a secret (a one-time code): emptied once sent. */
const SECRET_PAYLOADS: ReadonlySet<string> = new Set(['phone_code']);

interface DueRow {
  id: number;
  template: Template;
  language: Language;
  phone: string;
  payload: string;
  attempts: number;
}

export function createNotificationsService({
  db,
  clock,
  logger,
  sender,
  maxAttempts = 5,
  passLink,
}: {
  db: Database;
  clock: Clock;
  logger: Logger;
  sender: Sender;
  maxAttempts?: number;
  /** The absolute link to a booking's pass page: added to every message about a booking (one with a `code`). */
  passLink?: (code: string) => string;
}) {
  /** Queues one message unless its key is already queued, in the caller's transaction. */
  async function enqueue(tx: Sql, n: NewNotification): Promise<void> {
    const now = clock.now();
    await insertIfMissing(
      tx,
      'notifications',
      {
        dedupe_key: n.dedupeKey,
        template: n.template,
        language: n.language,
        phone: n.phone,
        payload: JSON.stringify(n.payload),
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
        updated_at: now,
      },
      ['dedupe_key'],
    );
  }

  /** Queues each message whose dedupe key is new; answers how many were queued. */
  async function enqueueMany(tx: Sql, messages: NewNotification[]): Promise<number> {
    if (messages.length === 0) return 0;
    const existing = await tx.select<{ dedupe_key: string }>('SELECT dedupe_key FROM notifications WHERE dedupe_key IN (:keys)', {
      keys: messages.map((m) => m.dedupeKey),
    });
    const seen = new Set(existing.map((r) => r.dedupe_key));
    let queued = 0;
    for (const n of messages) {
      if (seen.has(n.dedupeKey)) continue;
      seen.add(n.dedupeKey);
      // Still an insert-if-missing: another transaction may queue the same key between the read and here.
      await enqueue(tx, n);
      queued++;
    }
    return queued;
  }

  async function claim(id: number, now: Date): Promise<boolean> {
    try {
      const { affectedRows } = await db.sql.run(
        "UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = :now WHERE id = :id AND status = 'pending'",
        { id, now },
      );
      return affectedRows === 1;
    } catch (err) {
      // On a Galera cluster, another instance claiming the same row through another node fails this one's
      // certification (a deadlock error): that instance has the message.
      if (isRetryableLockError(err)) return false;
      throw err;
    }
  }

  /** Sends one claimed row; answers how it went. */
  async function send(row: DueRow, now: Date): Promise<'sent' | 'retrying' | 'failed'> {
    const attempts = Number(row.attempts) + 1;
    try {
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      if (passLink && typeof payload.code === 'string' && payload.link === undefined) payload.link = passLink(payload.code);
      const text = render(row.template, row.language, payload);
      await sender.send({ id: Number(row.id), phone: row.phone, text, template: row.template, language: row.language });
      // A one-time code is not kept once it has left: the outbox row of a sent code says only that it was sent.
      const forget = SECRET_PAYLOADS.has(row.template) ? ", payload = '{}'" : '';
      await db.sql.run(`UPDATE notifications SET status = 'sent', sent_at = :at, updated_at = :at, last_error = NULL${forget} WHERE id = :id`, {
        id: row.id,
        at: clock.now(),
      });
      return 'sent';
    } catch (err) {
      const giveUp = attempts >= maxAttempts;
      const wait = BACKOFF_MINUTES[Math.min(attempts - 1, BACKOFF_MINUTES.length - 1)]! * MINUTE;
      await db.sql.run('UPDATE notifications SET status = :status, next_attempt_at = :next, last_error = :error, updated_at = :now WHERE id = :id', {
        id: row.id,
        status: giveUp ? 'failed' : 'pending',
        next: new Date(now.getTime() + wait),
        error: String((err as Error)?.message ?? err).slice(0, 500),
        now: clock.now(),
      });
      logger.warn('notification not delivered', { id: row.id, attempts, giveUp, err: (err as Error)?.message });
      return giveUp ? 'failed' : 'retrying';
    }
  }

  /**
   * Queues one message and sends it at once, without waiting for the delivery job (a one-time code is useless five
   * minutes later). A failed send stays in the outbox and is retried by the job like any other.
   */
  async function sendNow(n: NewNotification): Promise<'sent' | 'retrying' | 'failed' | 'duplicate'> {
    await db.transaction((tx) => enqueue(tx, n));
    const row = await db.sql.first<DueRow>(
      "SELECT id, template, language, phone, payload, attempts FROM notifications WHERE dedupe_key = :key AND status = 'pending'",
      { key: n.dedupeKey },
    );
    const now = clock.now();
    if (!row || !(await claim(row.id, now))) return 'duplicate';
    return send(row, now);
  }

  async function deliverDue(limit = 100): Promise<DeliveryReport> {
    const now = clock.now();
    const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, abandoned: 0 };
    const abandoned = await db.sql.run(
      "UPDATE notifications SET status = 'unknown', last_error = 'sender stopped while sending', updated_at = :now WHERE status = 'sending' AND updated_at < :stale",
      { now, stale: new Date(now.getTime() - STALE_SENDING_MS) },
    );
    report.abandoned = abandoned.affectedRows;
    const due = await db.sql.select<DueRow>(
      "SELECT id, template, language, phone, payload, attempts FROM notifications WHERE status = 'pending' AND next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT :limit",
      { now, limit },
    );
    for (const row of due) {
      if (!(await claim(row.id, now))) continue; // another instance took it
      report[await send(row, now)]++;
    }
    return report;
  }

  return { enqueue, enqueueMany, deliverDue, sendNow };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
