// The door scanner as an installable web app: its manifest, and a service worker scoped to /staff/scan that keeps the
// page and the current build's files, so a prepared scanner opens and works with no network. The API is never cached.
import type { AssetIndex } from './static-assets.js';

export const SCANNER_SCOPE = '/staff/scan';

export function scannerManifest(assets: AssetIndex): string {
  return JSON.stringify({
    name: '开放日扫码核验 · Open days door scanner',
    short_name: '扫码核验',
    start_url: SCANNER_SCOPE,
    scope: SCANNER_SCOPE,
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0b4f9c',
    icons: [{ src: `/assets/${assets.build}/img/icon.svg`, sizes: 'any', type: 'image/svg+xml' }],
  });
}

export function scannerWorker(assets: AssetIndex): string {
  const files = [
    SCANNER_SCOPE,
    ...assets
      .names()
      .filter((n) => n !== 'index.html')
      .map((n) => `/assets/${assets.build}/${n}`),
  ];
  return `// The door scanner's service worker (build ${assets.build}).
const CACHE = 'openday-scan-${assets.build}';
const FILES = ${JSON.stringify(files)};
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith('openday-scan-') && k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname === '${SCANNER_SCOPE}') {
    // The page: the network first (fresh "now" and build), the kept copy without one.
    event.respondWith(fetch(event.request).catch(() => caches.match('${SCANNER_SCOPE}')));
  } else if (url.pathname.startsWith('/assets/${assets.build}/')) {
    event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request)));
  }
});
`;
}
