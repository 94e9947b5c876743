/* LS-SC Explorer's service worker (a template: build/offline.ts fills in the file list).
 * Install: cache every file of this build. Fetch: the app's own files from the cache first (they are
 * content-hashed or versioned with the build), pages network-first so a new build is seen online.
 * Requests to any other origin are not touched (the app makes none). */
const PRECACHE = self.__PRECACHE__;
const CACHE = `lssc-${PRECACHE.version}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(PRECACHE.files.map((f) => new Request(f, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('lssc-') && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      (async () => {
        try {
          return await fetch(request);
        } catch {
          const cache = await caches.open(CACHE);
          // A precached page (science.html) answers for itself; any other address gets the app.
          const page = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
          return page ?? (await cache.match('./', { ignoreVary: true })) ?? Response.error();
        }
      })(),
    );
    return;
  }
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      // ignoreVary: servers may answer with Vary: Origin, and module scripts carry an Origin header.
      const hit = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
      if (hit) return hit;
      return fetch(request);
    })(),
  );
});
