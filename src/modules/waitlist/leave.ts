// A family leaves the queue; places held by its offer pass on at once.
import type { WaitlistDeps } from './waitlist.deps.js';
import { entryById, moveEntry, ownedEntry } from './waitlist-entry.js';
import { waitlistView, type WaitlistView } from './waitlist.views.js';

export async function leaveWaitlist(deps: WaitlistDeps, id: number, phone: string): Promise<WaitlistView> {
  const entry = await ownedEntry(deps.db, id, phone);
  const now = deps.clock.now();
  if (entry.status === 'waiting' || entry.status === 'offered') {
    const freed = await deps.ledger.transaction(async (p) => {
      // The session first, as every change to its places and its queue takes it.
      await p.lockSessions([entry.sessionId]);
      const hold = entry.status === 'offered' && entry.holdId !== null ? await p.holdById(entry.holdId) : undefined;
      const released = hold ? await p.endHold(hold, 'released', now) : false;
      await p.lockWaitlistEntries([id]);
      await moveEntry(p.tx, id, entry.status, 'left', now);
      return released;
    });
    if (freed) await deps.placesFreed.emit(entry.sessionId);
  }
  return waitlistView(deps.db, (await entryById(deps.db.sql, id))!);
}
