// An organiser creates an edition: it starts as a draft that only staff see.
import { duplicateKeys } from '../../db/sql.js';
import type { Sql } from '../../db/sql.js';
import type { Actor } from '../../shared/actor.js';
import { DEFAULT_RULES, editionOf, type Edition, type EditionRules, type EditionStatus } from '../catalogue/edition.js';
import { editionsErrors } from './editions.errors.js';
import type { EditionInput } from './editions.schemas.js';
import type { EditionsDeps } from './editions.deps.js';
import { getEdition } from './list.js';
import type { EditionAdminView } from './editions.views.js';

export interface NewEditionRow extends Omit<EditionInput, 'rules'> {
  rules: EditionRules;
  status: EditionStatus;
  copiedFromId?: number | null;
}

export async function insertEdition(tx: Sql, e: NewEditionRow, now: Date): Promise<Edition> {
  const existing = await tx.first('SELECT id FROM editions WHERE slug = :slug', { slug: e.slug });
  if (existing) throw editionsErrors.editionExists(e.slug);
  const { insertId } = await tx.run(
    `INSERT INTO editions (slug, name_zh, name_en, city_zh, city_en, start_date, end_date, timezone, booking_opens_at, rules, status, copied_from_id, created_at, updated_at)
     VALUES (:slug, :nameZh, :nameEn, :cityZh, :cityEn, :startDate, :endDate, :timezone, :bookingOpensAt, :rules, :status, :copiedFromId, :now, :now)`,
    { ...e, bookingOpensAt: new Date(e.bookingOpensAt), rules: JSON.stringify(e.rules), copiedFromId: e.copiedFromId ?? null, now },
  );
  return editionOf((await tx.first('SELECT * FROM editions WHERE id = :id', { id: insertId }))!);
}

/** A slug taken by a concurrent insert surfaces as the unique key's error. */
export function isSlugConflict(err: unknown): boolean {
  const keys = duplicateKeys(err) ?? [];
  return keys.includes('slug') || keys.some((k) => k.startsWith('editions_slug'));
}

export async function createEdition(deps: EditionsDeps, actor: Actor, input: EditionInput): Promise<EditionAdminView> {
  const now = deps.clock.now();
  try {
    const edition = await deps.db.transaction(async (tx) => {
      const created = await insertEdition(tx, { ...input, rules: { ...DEFAULT_RULES, ...input.rules }, status: 'draft' }, now);
      await deps.audit.record({ actor, action: 'edition.create', targetType: 'edition', targetId: created.id, after: input }, tx);
      return created;
    });
    deps.logger.info('edition created', { editionId: edition.id, by: actor.id });
    return getEdition(deps, edition.id);
  } catch (err) {
    if (isSlugConflict(err)) throw editionsErrors.editionExists(input.slug);
    throw err;
  }
}
