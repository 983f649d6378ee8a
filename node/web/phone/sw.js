// The phone app's service worker: keeps the app's own files so the notebook opens without a
// network. Network first (a new build reaches the phone as soon as it is online), the kept copy
// when offline. The notebook itself is in IndexedDB, not here; the node's API (api/) is never kept.
// Plain JavaScript: a worker's globals are not the page's, and this file is served as it is.
const CACHE = 'techo-app-v1'
const FILES = ['./', 'app.js', 'automerge.wasm', 'style.css', 'favicon.svg', 'manifest.webmanifest']

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(FILES)).then(() => self.skipWaiting()))
})

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k !== CACHE).map(k => caches.delete(k))))
    .then(() => self.clients.claim()))
})

self.addEventListener('fetch', event => {
  const url = new URL(event.request.url)
  const scope = new URL(self.registration.scope)
  if (event.request.method !== 'GET' || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return
  if (url.pathname.startsWith(scope.pathname + 'api/')) return
  event.respondWith(fetch(event.request)
    .then(response => {
      if (response.ok) {
        const copy = response.clone()
        event.waitUntil(caches.open(CACHE).then(cache => cache.put(event.request, copy)))
      }
      return response
    })
    .catch(() => caches.match(event.request, { ignoreSearch: true }).then(kept => kept ?? Response.error())))
})
