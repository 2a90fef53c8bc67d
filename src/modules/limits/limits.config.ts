// Every rate limit, in one table: its name, what it counts and its default allowance. RATE_LIMITS (JSON) replaces
// any of them by name; RATE_LIMITS_ENABLED=false switches them all off (load tests only). Keys are the client's address
// (as the trusted proxies give it), a phone number, a booking code or an account: each limit says which.
export interface LimitRule {
  /** Attempts allowed in each window. */
  points: number;
  /** Length of the window, in seconds. */
  seconds: number;
}

export interface LimitSpec extends LimitRule {
  /** What the limit protects against, for the documentation and the logs. */
  doc: string;
}

export const DEFAULT_LIMITS = {
  // Families. Mobile carriers put many phones behind one address: the per-address allowances are generous and the
  // per-phone ones do the narrow work.
  'booking.ip': { points: 20, seconds: 600, doc: 'bookings and waiting-list joins from one address' },
  'booking.phone': { points: 6, seconds: 600, doc: 'bookings and waiting-list joins for one phone' },
  'lookup.ip': { points: 30, seconds: 600, doc: 'failed look-ups and cancellations (unknown code, wrong phone or key) from one address' },
  'lookup.code': { points: 10, seconds: 600, doc: 'failed look-ups and cancellations of one booking code or waiting-list entry' },
  'lookup.phone': { points: 10, seconds: 600, doc: 'failed look-ups and cancellations with one phone' },
  // Staff sign-in (see docs/operations.md, "Staff sign-in"): failures counted before the password is checked.
  'signin.ip': { points: 30, seconds: 900, doc: 'failed sign-ins from one address, any account' },
  'signin.account_ip': { points: 5, seconds: 900, doc: 'failed sign-ins to one account from one address' },
  'signin.account': { points: 15, seconds: 900, doc: 'failed sign-ins to one account from devices it has not signed in on' },
  'signin.device': { points: 10, seconds: 900, doc: 'failed sign-ins to one account from a device it has signed in on before' },
  // The door: finding a booking without its code (ID number, or phone and surname), per staff account.
  'door.find': { points: 30, seconds: 600, doc: 'door look-ups of bookings without the code, per staff account' },
} satisfies Record<string, LimitSpec>;

export type LimitName = keyof typeof DEFAULT_LIMITS;

export function limitRules(overrides: Readonly<Record<string, LimitRule>>): Record<LimitName, LimitRule> {
  const unknown = Object.keys(overrides).filter((k) => !(k in DEFAULT_LIMITS));
  if (unknown.length > 0) throw new Error(`RATE_LIMITS names limits that do not exist: ${unknown.join(', ')}`);
  return Object.fromEntries(
    Object.entries(DEFAULT_LIMITS).map(([name, spec]) => [name, overrides[name] ?? { points: spec.points, seconds: spec.seconds }]),
  ) as Record<LimitName, LimitRule>;
}
