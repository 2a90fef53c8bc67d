// Erases one edition's personal data, in one transaction: what the places ledger keeps (contacts, visitors' names, ID
// hashes and masked ID numbers, phone counters, person locks, no-shows' phones), waiting-list entries, draw
// applications, group requests, the messages and one-time codes sent to the edition's phones, and stored booking answers. Counts, statuses, party sizes,
// districts and check-in times stay, so the reports do not change. Audited with what and how many rows; a second
// run finds nothing and writes nothing.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { AuditService } from '../audit/audit.service.js';
import { forgetAnswers } from '../bookings/idempotency.js';
import { drawPhones, eraseDrawPeople } from '../draws/erase.js';
import { eraseGroupPeople, groupPhones } from '../groups/erase.js';
import { forgetExpiredCounters } from '../limits/forget.js';
import { forgetMessagesTo } from '../notifications/forget.js';
import { forgetCodesOf } from '../phones/forget.js';
import type { Ledger } from '../places/ledger.js';
import { eraseWaitlistPeople, waitlistPhones } from '../waitlist/erase.js';
import { ruleById } from './retention-rule.js';

export interface RetentionDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  ledger: Ledger;
  audit: AuditService;
}

export interface Erasure {
  editionId: number;
  /** Rows changed or deleted, per kind: all zeros when there was nothing left to erase. */
  rows: Record<string, number>;
  erasedAt: Date;
}

export async function eraseEdition(deps: RetentionDeps, editionId: number): Promise<Erasure> {
  const now = deps.clock.now();
  const rule = await ruleById(deps.db.sql, editionId);
  const result = await deps.ledger.transaction(async (p) => {
    const { tx } = p;
    // The phones first: the messages to them go too, and the rows below lose them.
    const bookingPhones = await tx.select<{ phone: string }>(
      "SELECT DISTINCT contact_phone AS phone FROM bookings WHERE edition_id = :editionId AND contact_phone <> ''",
      {
        editionId,
      },
    );
    const phones = [
      ...bookingPhones.map((r) => r.phone),
      ...(await waitlistPhones(tx, editionId)),
      ...(await drawPhones(tx, editionId)),
      ...(await groupPhones(tx, editionId)),
    ];
    const before = rule.erasesFrom < now ? rule.erasesFrom : now;
    const messages = await forgetMessagesTo(tx, phones, before);
    const phoneCodes = await forgetCodesOf(tx, phones, before);
    const ledger = await p.erasePeople(editionId, now);
    const rows: Record<string, number> = {
      ...ledger,
      waitlistEntries: await eraseWaitlistPeople(tx, editionId, now),
      ...(await eraseDrawPeople(tx, editionId, now)),
      groupRequests: await eraseGroupPeople(tx, editionId, now),
      messages,
      phoneCodes,
      storedAnswers: await forgetAnswers(tx, before),
      rateLimitCounters: await forgetExpiredCounters(tx, now),
    };
    const marked = await tx.run('UPDATE editions SET personal_data_erased_at = :now WHERE id = :editionId AND personal_data_erased_at IS NULL', {
      now,
      editionId,
    });
    const changed = Object.values(rows).some((n) => n > 0);
    if (marked.affectedRows === 1 || changed) {
      await deps.audit.record(
        {
          actor: null,
          action: 'retention.erase',
          targetType: 'edition',
          targetId: editionId,
          details: { rows, summaryDeadline: rule.summaryDeadline, retentionDays: rule.retentionDays, keptUntil: rule.keptUntil },
        },
        tx,
      );
    }
    return { rows, erasedAt: marked.affectedRows === 1 ? now : (rule.erasedAt ?? now) };
  });
  deps.logger.info('personal data erased', { editionId, rows: result.rows });
  return { editionId, ...result };
}
