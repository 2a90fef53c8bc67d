// "我的预约" / My bookings: what a proven phone holds (bookings and waiting-list entries), and what it may do with
// them without typing the number again. Each thing is still done by the module that owns it.
import { maskPhone } from '../../shared/masking.js';
import type { BookingView } from '../bookings/booking.views.js';
import type { BookingsService } from '../bookings/bookings.service.js';
import type { WaitlistView } from '../waitlist/waitlist.views.js';
import type { WaitlistService } from '../waitlist/waitlist.service.js';

export interface MyBookings {
  phone: string;
  bookings: BookingView[];
  waitlist: WaitlistView[];
}

export function createMyBookingsService({ bookings, waitlist }: { bookings: BookingsService; waitlist: WaitlistService }) {
  return {
    async list(phone: string): Promise<MyBookings> {
      const [b, w] = await Promise.all([bookings.ofPhone(phone), waitlist.ofPhone(phone)]);
      return { phone: maskPhone(phone), bookings: b, waitlist: w };
    },
    cancel: (phone: string, code: string) => bookings.cancel(code, phone),
    removeVisitor: (phone: string, code: string, position: number) => bookings.removeVisitor(code, phone, position),
    leaveWaitlist: (phone: string, id: number) => waitlist.leave(id, phone),
    confirmOffer: (phone: string, id: number) => waitlist.confirm(id, phone),
  };
}

export type MyBookingsService = ReturnType<typeof createMyBookingsService>;
