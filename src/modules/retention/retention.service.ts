// Personal data that leaves when its purpose ends: each edition's retention rule, and the daily erasure.
import type { Actor } from '../../shared/actor.js';
import { eraseDue } from './erase-due.js';
import { eraseEdition, type RetentionDeps } from './erase-edition.js';
import { retentionView, ruleById } from './retention-rule.js';
import type { RetentionRuleInput } from './retention.schemas.js';
import { setRule } from './set-rule.js';

export function createRetentionService(deps: RetentionDeps) {
  return {
    rule: async (editionId: number) => retentionView(await ruleById(deps.db.sql, editionId)),
    setRule: (actor: Actor, editionId: number, input: RetentionRuleInput) => setRule(deps, actor, editionId, input),
    /** The daily job. */
    eraseDue: () => eraseDue(deps),
    /** One edition, now (the job's step; also for the CLI and tests). */
    eraseEdition: (editionId: number) => eraseEdition(deps, editionId),
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
