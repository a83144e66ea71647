// The service worker of the published page (dist/): scripts/dist writes dist/sw.js from
// this file, with FILES, every file of dist/, and VERSION, a hash of their contents.
// The first visit caches exactly those files; after that the page loads and trains from
// the cache, with or without a network. A new deployment is a new VERSION: its worker
// caches the new files in a cache of its own, takes over, and deletes the old cache, so
// the page never mixes files of two deployments. Nothing of another origin is fetched.
const VERSION = 'development';
const FILES = [];
const CACHE = `neuron-lab-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  const old = (key) => key.startsWith('neuron-lab-') && key !== CACHE;
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter(old).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

// The page's own files from this deployment's cache (a link's ?embed=… or #state is
// the same file); anything else from the network as usual.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE)
      .then((cache) => cache.match(request, { ignoreSearch: true }))
      .then((cached) => cached || fetch(request)),
  );
});
