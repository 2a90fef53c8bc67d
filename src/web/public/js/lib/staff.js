// Staff pages: who is signed in (the httpOnly cookie proves it to the API), which pages their role opens.
import { api, ApiError, query } from './api.js';
import { clearAtSignOut } from './door-store.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { notice, renderPage } from './layout.js';

/** @typedef {import('./layout.js').StaffUser} StaffUser */

/** Where each role starts after signing in. @param {StaffUser['role']} role */
export function homeOf(role) {
  return role === 'door_staff' ? '/staff/scan' : role === 'venue_manager' ? '/staff/sessions' : '/staff/overview';
}

/** Sends the browser to the sign-in page, coming back here afterwards. */
export function toSignIn() {
  location.replace(`/staff${query({ next: location.pathname + location.search })}`);
}

async function signOut() {
  // The door's offline roster holds personal data: it leaves the device with the staff member.
  await clearAtSignOut().catch(() => undefined);
  try {
    await api('/api/auth/logout', { method: 'POST' });
  } finally {
    location.assign('/staff');
  }
}

/**
 * The signed-in staff member and the page frame, or null when the browser was sent to sign in.
 * @param {{ title: string, current: string, roles: StaffUser['role'][], wide?: boolean }} opts
 * @returns {Promise<{ main: HTMLElement, user: StaffUser } | null>}
 */
export async function staffPage(opts) {
  /** @type {StaffUser} */
  let user;
  try {
    user = await api('/api/auth/me');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      toSignIn();
      return null;
    }
    throw err;
  }
  const main = renderPage({ title: opts.title, wide: opts.wide, staff: { user, current: opts.current, onSignOut: () => void signOut() } });
  if (!opts.roles.includes(user.role)) {
    replace(
      main,
      h('h1', { text: opts.title }),
      notice('warn', t('staff.notForRole')),
      h('p', null, h('a', { class: 'button primary', href: homeOf(user.role), text: t('staff.goHome') })),
    );
    return null;
  }
  return { main, user };
}

/** Calls the API; a 401 (signed out, token expired) sends the browser to sign in. @param {string} path @param {Parameters<typeof api>[1]} [opts] */
export async function staffApi(path, opts) {
  try {
    return await api(path, opts);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) toSignIn();
    throw err;
  }
}

/**
 * Every venue of the edition by id (names for sessions, which carry only the venue's id).
 * @returns {Promise<Map<number, { id: number, name: string, nameEn: string, district: string | null, kind: string }>>}
 */
export async function venuesById() {
  const map = new Map();
  for (let page = 1; ; page++) {
    const res = await api(`/api/venues${query({ page, pageSize: 100 })}`);
    for (const v of res.items) map.set(v.id, v);
    if (page * res.pageSize >= res.total) break;
  }
  return map;
}
