// The daily retention job: every edition whose retention date has passed and whose personal data is not erased yet.
import { eraseEdition, type Erasure, type RetentionDeps } from './erase-edition.js';
import { allRules } from './retention-rule.js';

export async function eraseDue(deps: RetentionDeps): Promise<{ erased: Erasure[] }> {
  const now = deps.clock.now();
  const due = (await allRules(deps.db.sql)).filter((r) => r.erasedAt === null && r.erasesFrom <= now);
  const erased: Erasure[] = [];
  for (const rule of due) erased.push(await eraseEdition(deps, rule.editionId));
  return { erased };
}
