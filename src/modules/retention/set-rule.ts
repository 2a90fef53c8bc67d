// An organiser sets an edition's retention rule (summary deadline, days kept after it); audited.
import type { Actor } from '../../shared/actor.js';
import { formatInstant } from '../../shared/time.js';
import type { RetentionDeps } from './erase-edition.js';
import { retentionView, ruleById, type RetentionView } from './retention-rule.js';
import { retentionErrors } from './retention.errors.js';
import type { RetentionRuleInput } from './retention.schemas.js';

export async function setRule(deps: RetentionDeps, actor: Actor, editionId: number, input: RetentionRuleInput): Promise<RetentionView> {
  const before = await ruleById(deps.db.sql, editionId);
  if (before.erasedAt) throw retentionErrors.alreadyErased(editionId, formatInstant(before.erasedAt, before.timezone));
  if (input.summaryDeadline !== null && input.summaryDeadline < before.endDate) throw retentionErrors.deadlineBeforeEnd(before.endDate);
  await deps.db.transaction(async (tx) => {
    await tx.run(
      'UPDATE editions SET summary_deadline = :deadline, retention_days = :days, updated_at = :now WHERE id = :editionId AND personal_data_erased_at IS NULL',
      { deadline: input.summaryDeadline, days: input.retentionDays, now: deps.clock.now(), editionId },
    );
    await deps.audit.record({ actor, action: 'retention.rule', targetType: 'edition', targetId: editionId, before: retentionView(before), after: input }, tx);
  });
  return retentionView(await ruleById(deps.db.sql, editionId));
}
