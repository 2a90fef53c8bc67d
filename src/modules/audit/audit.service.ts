// The audit log: who did what to which thing, with before and after, written in the same transaction as the change.
import type { Database } from '../../db/database.js';
import type { Sql } from '../../db/sql.js';
import type { Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';

export interface AuditEntry {
  actor: Pick<Actor, 'id' | 'username'> | null;
  action: string;
  targetType?: string;
  targetId?: string | number;
  venueId?: number | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

export interface AuditFilter {
  action?: string;
  actorId?: number;
  venueId?: number;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

interface AuditRow {
  id: number;
  at: Date | string;
  actor_id: number | null;
  actor_username: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  venue_id: number | null;
  before_state: string | null;
  after_state: string | null;
  details: string | null;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const parse = (v: string | null) => (v === null ? null : (JSON.parse(v) as unknown));

export function createAuditService({ db, clock }: { db: Database; clock: Clock }) {
  /** Writes one entry: in the transaction of the change it records, when given. */
  async function record(entry: AuditEntry, tx: Sql = db.sql): Promise<void> {
    await tx.run(
      `INSERT INTO audit_log (at, actor_id, actor_username, action, target_type, target_id, venue_id, before_state, after_state, details)
       VALUES (:at, :actorId, :actorUsername, :action, :targetType, :targetId, :venueId, :before, :after, :details)`,
      {
        at: clock.now(),
        actorId: entry.actor?.id ?? null,
        actorUsername: entry.actor?.username ?? null,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId === undefined ? null : String(entry.targetId),
        venueId: entry.venueId ?? null,
        before: json(entry.before),
        after: json(entry.after),
        details: json(entry.details),
      },
    );
  }

  async function list(filter: AuditFilter) {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const add = (sql: string, key: string, value: unknown) => {
      if (value === undefined) return;
      where.push(sql);
      params[key] = value;
    };
    add('action = :action', 'action', filter.action);
    add('actor_id = :actorId', 'actorId', filter.actorId);
    add('venue_id = :venueId', 'venueId', filter.venueId);
    add('target_type = :targetType', 'targetType', filter.targetType);
    add('target_id = :targetId', 'targetId', filter.targetId);
    add('at >= :from', 'from', filter.from);
    add('at < :to', 'to', filter.to);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const count = await db.sql.first<{ total: number | string }>(`SELECT COUNT(*) AS total FROM audit_log ${clause}`, params);
    const rows = await db.sql.select<AuditRow>(`SELECT * FROM audit_log ${clause} ORDER BY id DESC LIMIT :limit OFFSET :offset`, {
      ...params,
      limit: filter.pageSize,
      offset: (filter.page - 1) * filter.pageSize,
    });
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        at: new Date(r.at).toISOString(),
        actor: r.actor_id === null ? null : { id: Number(r.actor_id), username: r.actor_username },
        action: r.action,
        target: r.target_type ? { type: r.target_type, id: r.target_id } : null,
        venueId: r.venue_id === null ? null : Number(r.venue_id),
        before: parse(r.before_state),
        after: parse(r.after_state),
        details: parse(r.details),
      })),
      total: Number(count?.total ?? 0),
      page: filter.page,
      pageSize: filter.pageSize,
    };
  }

  /**
   * Deletes the entries anonymous input adds (failed sign-ins, which the sign-in limits already cap per address and
   * account) once older than `days`: they serve spotting an attack in progress, not the record of who changed what.
   */
  async function pruneAnonymous(days: number): Promise<number> {
    const before = new Date(clock.now().getTime() - days * 86_400_000);
    const { affectedRows } = await db.sql.run("DELETE FROM audit_log WHERE action = 'auth.login_failed' AND at < :before", { before });
    return affectedRows;
  }

  return { record, list, pruneAnonymous };
}

export type AuditService = ReturnType<typeof createAuditService>;
