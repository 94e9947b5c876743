/* LS-SC Explorer's service worker (a template: build/offline.ts fills in the file list).
 * Install: cache every file of this build. Fetch: the app's own files from the cache first (they are
 * content-hashed or versioned with the build), pages network-first so a new build is seen online.
 * Requests to any other origin are not touched (the app makes none).
 * Every response it gives carries the cross-origin isolation headers (COOP/COEP, and CORP), added
 * where the server sent none: on a static host that cannot send headers, the page is then isolated
 * from its next load on, and the wasm backend can use threads (SharedArrayBuffer needs isolation). */
const PRECACHE = self.__PRECACHE__;
const CACHE = `lssc-${PRECACHE.version}`;

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The response with the isolation headers it lacks (an error or opaque response as it is). */
function isolated(response) {
  if (
    !response ||
    response.type === 'error' ||
    response.type === 'opaque' ||
    response.type === 'opaqueredirect' ||
    response.status === 0
  ) {
    return response;
  }
  const missing = Object.keys(ISOLATION).filter((h) => !response.headers.has(h));
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const h of missing) headers.set(h, ISOLATION[h]);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

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
          return isolated(await fetch(request));
        } catch {
          const cache = await caches.open(CACHE);
          // A precached page (science.html) answers for itself; any other address gets the app.
          const page = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
          return isolated(page ?? (await cache.match('./', { ignoreVary: true })) ?? Response.error());
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
      return isolated(hit ?? (await fetch(request)));
    })(),
  );
});
