// An iCalendar event for a family's visit.
import { getBooking, type AccessDeps } from './access.js';
import type { BookingAccess } from './bookings.schemas.js';
import { calendarFile } from './ics.js';

export async function visitCalendar(deps: AccessDeps, code: string, access: BookingAccess): Promise<{ filename: string; text: string }> {
  const view = await getBooking(deps, code, access);
  const { session, venue } = view;
  return {
    filename: `openday-${code}.ics`,
    text: calendarFile({
      uid: `${code}@openday`,
      stamp: deps.clock.now(),
      start: new Date(session.startsAt),
      end: new Date(session.endsAt),
      summary: `${venue.name} 开放日参观 / Open day visit: ${venue.nameEn}`,
      location: [venue.name, venue.address].filter(Boolean).join(', '),
      description: `预约码 Booking code: ${code}\n人数 Party size: ${view.partySize}\n请携带身份证件并出示入场二维码。Bring your ID and show the QR code at the door.`,
    }),
  };
}
