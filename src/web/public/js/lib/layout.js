// The frame every page shares: header with the language switch, the main region, a footer.
import { h, replace } from './dom.js';
import { lang, switchLang, t } from './i18n.js';

/**
 * @typedef {{ id: number, username: string, displayName: string | null, role: 'organiser' | 'venue_manager' | 'door_staff', venueIds: number[] }} StaffUser
 * @typedef {{ title: string, wide?: boolean, staff?: { user: StaffUser, current: string, onSignOut: () => void } }} PageOptions
 */

const STAFF_LINKS = /** @type {const} */ ([
  ['scan', '/staff/scan', ['door_staff', 'venue_manager', 'organiser']],
  ['sessions', '/staff/sessions', ['venue_manager', 'organiser']],
  ['overview', '/staff/overview', ['organiser']],
  ['setup', '/staff/setup', ['organiser']],
]);

function langSwitch() {
  const other = lang === 'en' ? 'zh' : 'en';
  return h('button', {
    type: 'button',
    class: 'lang-switch',
    lang: other === 'en' ? 'en' : 'zh-CN',
    'aria-label': t('nav.switchLangLabel'),
    text: other === 'en' ? 'English' : '中文',
    on: { click: () => switchLang(other) },
  });
}

/** @param {PageOptions['staff']} staff */
function staffNav(staff) {
  if (!staff) {
    return h('nav', { 'aria-label': t('nav.label') }, h('a', { href: '/my-bookings', text: t('nav.myBooking') }));
  }
  const links = STAFF_LINKS.filter(([, , roles]) => /** @type {readonly string[]} */ (roles).includes(staff.user.role)).map(([key, href]) =>
    h('a', { href, 'aria-current': key === staff.current ? 'page' : undefined, text: t('nav.' + key) }),
  );
  return h(
    'nav',
    { 'aria-label': t('nav.staffLabel') },
    links,
    h('button', { type: 'button', class: 'link-button', text: t('nav.signOut'), on: { click: staff.onSignOut } }),
  );
}

/**
 * Draws the frame and returns the (empty) main region for the page to fill.
 * @param {PageOptions} opts
 */
export function renderPage(opts) {
  document.title = `${opts.title} · ${t('site.name')}`;
  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  const main = h('main', { id: 'main', tabindex: '-1', class: opts.wide ? 'wide' : undefined });
  const home = opts.staff ? '/staff' : '/';
  const who = opts.staff
    ? h('p', { class: 'whoami', text: `${opts.staff.user.displayName || opts.staff.user.username} · ${t('role.' + opts.staff.user.role)}` })
    : null;
  replace(
    app,
    h(
      'header',
      { class: 'site-header' },
      h(
        'div',
        { class: 'bar' },
        h('a', { class: 'brand', href: home }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), t(opts.staff ? 'site.staffName' : 'site.name')),
        langSwitch(),
      ),
      staffNav(opts.staff),
      who,
    ),
    main,
    h(
      'footer',
      { class: 'site-footer' },
      h('p', { text: t('site.footer') }),
      opts.staff ? null : h('p', null, h('a', { href: '/staff', text: t('nav.staff') })),
    ),
  );
  return main;
}

/**
 * A message box: kind 'info' | 'ok' | 'warn' | 'error'. Errors are announced at once, the rest politely.
 * @param {'info' | 'ok' | 'warn' | 'error'} kind
 * @param {...import('./dom.js').Child} content
 */
export function notice(kind, ...content) {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...content);
}

/** Puts keyboard and screen-reader focus on the page's heading after it renders. @param {HTMLElement} main */
export function focusHeading(main) {
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

/** A page that could not load: the reason, and a way on. @param {HTMLElement} main @param {unknown} err */
export function showFailure(main, err) {
  const message = err instanceof Error ? err.message : String(err);
  replace(main, h('h1', { text: t('error.title') }), notice('error', message), h('p', null, h('a', { href: '/', text: t('nav.backHome') })));
}
