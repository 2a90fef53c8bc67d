// When the door admits a session's visitors: from a while before it starts until a while after it ends.
import { MINUTE } from '../../shared/time.js';
import type { Edition } from '../catalogue/edition.js';
import type { Session } from '../catalogue/session.js';

export function checkinWindow(session: Pick<Session, 'startsAt' | 'endsAt'>, edition: Pick<Edition, 'rules'>) {
  return {
    opensAt: new Date(session.startsAt.getTime() - edition.rules.checkinOpensMinutesBefore * MINUTE),
    closesAt: new Date(session.endsAt.getTime() + edition.rules.checkinClosesMinutesAfterEnd * MINUTE),
  };
}
