// The families' service worker (scope /, staff pages left alone: they have their own under /staff). Pages and the
// API answers a pass needs are fetched from the network first and kept; offline, the kept copy answers, so a pass
// once opened opens again without a connection. Assets carry their build in the URL: cache first.
const CACHE = 'openday-family-v1';
const PASS_API = /^\/api\/(edition|bookings\/[A-Za-z0-9-]+(\/qr\.(svg|png))?|my\/bookings|waitlist\/\d+)$/;

self.addEventListener('install', () => {
  void (/** @type {any} */ (self).skipWaiting());
});

self.addEventListener('activate', (event) => {
  const e = /** @type {any} */ (event);
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('openday-family-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => /** @type {any} */ (self).clients.claim()),
  );
});

/** @param {Request} req */
async function networkFirst(req) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (res.ok) await cache.put(req, res.clone());
    return res;
  } catch (err) {
    const kept = await cache.match(req);
    if (kept) return kept;
    throw err;
  }
}

/** @param {Request} req */
async function cacheFirst(req) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(req);
  if (kept) return kept;
  const res = await fetch(req);
  if (res.ok) await cache.put(req, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const e = /** @type {any} */ (event);
  /** @type {Request} */
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/staff')) return;
  if (url.pathname.startsWith('/assets/')) e.respondWith(cacheFirst(req));
  else if (req.mode === 'navigate' || PASS_API.test(url.pathname)) e.respondWith(networkFirst(req));
});
