// Every waiting-list entry a phone has made ("my bookings"), newest first.
import type { Database } from '../../db/database.js';
import { entryOf } from './waitlist-entry.js';
import { waitlistView, type WaitlistView } from './waitlist.views.js';

const MAX_LISTED = 50;

export async function entriesOfPhone(db: Database, phone: string): Promise<WaitlistView[]> {
  const rows = await db.sql.select(`SELECT * FROM waitlist_entries WHERE contact_phone = :phone ORDER BY id DESC LIMIT ${MAX_LISTED}`, { phone });
  const views: WaitlistView[] = [];
  for (const row of rows) views.push(await waitlistView(db, entryOf(row)));
  return views;
}
