// An edition's life: draft → published (families see it) → archived (kept for the reports, changed no more).
import type { Actor } from '../../shared/actor.js';
import type { EditionStatus } from '../catalogue/edition.js';
import { editionById } from '../catalogue/editions.js';
import { editionsErrors } from './editions.errors.js';
import type { EditionsDeps } from './editions.deps.js';
import type { EditionAdminView } from './editions.views.js';
import { getEdition } from './list.js';

const FROM: Record<'published' | 'archived', EditionStatus[]> = { published: ['draft'], archived: ['draft', 'published'] };

export async function setEditionStatus(deps: EditionsDeps, actor: Actor, id: number, wanted: 'published' | 'archived'): Promise<EditionAdminView> {
  const edition = await editionById(deps, id);
  if (edition.status === wanted) return getEdition(deps, id); // asked twice: already so
  await deps.db.transaction(async (tx) => {
    const { affectedRows } = await tx.run(`UPDATE editions SET status = :wanted, updated_at = :now WHERE id = :id AND status IN (:from)`, {
      wanted,
      now: deps.clock.now(),
      id,
      from: FROM[wanted],
    });
    if (affectedRows !== 1) throw editionsErrors.editionStatus(edition.status, wanted);
    await deps.audit.record(
      {
        actor,
        action: `edition.${wanted === 'published' ? 'publish' : 'archive'}`,
        targetType: 'edition',
        targetId: id,
        before: { status: edition.status },
        after: { status: wanted },
      },
      tx,
    );
  });
  deps.logger.info(`edition ${wanted}`, { editionId: id, by: actor.id });
  return getEdition(deps, id);
}
