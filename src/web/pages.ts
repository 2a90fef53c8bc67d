// The pages of the web app: which URL shows which page. Every page is the same small HTML shell; the
// browser loads the page's module from its name (public/js/pages/<name>.js).
export type PageName =
  | 'home'
  | 'venue'
  | 'book'
  | 'booking'
  | 'my-booking'
  | 'my-bookings'
  | 'waitlist'
  | 'staff-login'
  | 'scan'
  | 'sessions'
  | 'overview'
  | 'draw'
  | 'setup'
  | 'not-found';

const PAGES: [RegExp, PageName][] = [
  [/^\/$/, 'home'],
  [/^\/venues\/[1-9]\d{0,9}$/, 'venue'],
  [/^\/book\/[1-9]\d{0,9}$/, 'book'],
  [/^\/bookings\/[A-Za-z0-9-]{1,32}$/, 'booking'],
  [/^\/my-booking$/, 'my-booking'],
  [/^\/my-bookings$/, 'my-bookings'],
  [/^\/waitlist\/[1-9]\d{0,9}$/, 'waitlist'],
  [/^\/draws\/[1-9]\d{0,9}$/, 'draw'],
  [/^\/staff$/, 'staff-login'],
  [/^\/staff\/scan$/, 'scan'],
  [/^\/staff\/sessions$/, 'sessions'],
  [/^\/staff\/overview$/, 'overview'],
  [/^\/staff\/setup$/, 'setup'],
];

/** The page a path shows, ignoring one trailing slash; undefined for anything else. */
export function pageFor(pathname: string): PageName | undefined {
  const p = pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname;
  return PAGES.find(([pattern]) => pattern.test(p))?.[1];
}
