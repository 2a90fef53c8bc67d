// Boot: the server names the page in <body data-page>; load that page's module and let it draw.
import { renderPage, showFailure } from './lib/layout.js';
import { t } from './lib/i18n.js';
import { installFamilyApp } from './lib/offline.js';

const PAGES = [
  'home',
  'venue',
  'book',
  'booking',
  'my-booking',
  'my-bookings',
  'waitlist',
  'staff-login',
  'scan',
  'sessions',
  'overview',
  'draw',
  'setup',
  'not-found',
];

async function boot() {
  const name = document.body.dataset.page ?? 'not-found';
  const page = PAGES.includes(name) ? name : 'not-found';
  try {
    /** @type {{ render: () => Promise<void> }} */
    const mod = await import(`./pages/${page}.js`);
    await mod.render();
  } catch (err) {
    console.error(err);
    const main = document.getElementById('main') ?? renderPage({ title: t('error.title') });
    showFailure(/** @type {HTMLElement} */ (main), err);
  } finally {
    document.body.dataset.ready = 'true';
  }
}

void boot();
installFamilyApp();
