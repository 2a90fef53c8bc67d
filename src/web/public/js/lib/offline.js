// Passes that survive: the families' service worker (family-sw.js) and, on a pass page, everything it needs put in
// the worker's cache at once (the first visit is not yet served by the worker, so it would keep nothing).
const CACHE = 'openday-family-v1';

/** Registers the families' worker and manifest (not on staff pages: they have their own). */
export function installFamilyApp() {
  if (location.pathname.startsWith('/staff')) return;
  const link = document.createElement('link');
  link.rel = 'manifest';
  link.href = '/family.webmanifest';
  document.head.append(link);
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/family-sw.js', { scope: '/' }).catch(() => undefined);
}

/** Keeps this page, its assets and `urls` (API answers) for offline use. @param {string[]} urls */
export async function keepForOffline(urls) {
  if (!('caches' in window)) return;
  try {
    const assets = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((u) => new URL(u).pathname.startsWith('/assets/'));
    const cache = await caches.open(CACHE);
    await Promise.all([location.href, ...urls, ...assets].map((u) => cache.add(u).catch(() => undefined)));
  } catch {
    /* storage refused: the pass still works online */
  }
}
