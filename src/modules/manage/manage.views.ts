// The JSON shapes of the management API: sessions with their door counts, rosters, venues.
import type { BookingStatus } from '../bookings/booking.js';
import { venueRules, type SessionView, type VenueRules } from '../catalogue/catalogue.views.js';
import type { Edition } from '../catalogue/edition.js';
import type { Venue } from '../catalogue/venue.js';

export interface ManageSessionView extends SessionView {
  /** Σ people admitted at the door. */
  checkedIn: number;
  confirmedBookings: number;
}

export interface RosterItem {
  code: string;
  status: BookingStatus;
  partySize: number;
  contact: { name: string; phone: string };
  /** `gate`: where the visitor was admitted, null while expected (or admitted at a device with no gate name). */
  visitors: { name: string; idNumber: string | null; admitted: boolean; gate: string | null }[];
  checkedIn: { at: string; admitted: number; by: string | null; gates: string[] } | null;
}

export interface Roster {
  session: ManageSessionView;
  items: RosterItem[];
}

export interface CancelResult {
  session: ManageSessionView;
  cancelledBookings: number;
  notificationsQueued: number;
}

export interface ManagedVenueView {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  kind: Venue['kind'];
  level: Venue['level'];
  descriptionZh: string | null;
  descriptionEn: string | null;
  addressZh: string | null;
  district: string | null;
  accessibilityZh: string | null;
  accessibilityEn: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  minAge: number;
  /** null: the edition's default applies (see `rules`). */
  maxPartySize: number | null;
  realNameRequired: boolean;
  /** What families are held to now; null when no edition is scheduled. */
  rules: VenueRules | null;
}

export function managedVenueView(v: Venue, edition: Edition | null): ManagedVenueView {
  return {
    id: v.id,
    code: v.code,
    name: v.nameZh,
    nameEn: v.nameEn,
    kind: v.kind,
    level: v.level,
    descriptionZh: v.descriptionZh,
    descriptionEn: v.descriptionEn,
    addressZh: v.addressZh,
    district: v.district,
    accessibilityZh: v.accessibilityZh,
    accessibilityEn: v.accessibilityEn,
    contactPhone: v.contactPhone,
    contactEmail: v.contactEmail,
    minAge: v.minAge,
    maxPartySize: v.maxPartySize,
    realNameRequired: v.realNameRequired,
    rules: edition ? venueRules(v, edition) : null,
  };
}
