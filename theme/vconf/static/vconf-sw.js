/* vconf-sw.js: the site's service worker, for reading the conference offline.
 *
 * Published by the build at the site root (sphinxext_vconf/agenda.py) so that its scope is
 * the whole site, under any sub-path; the build writes its id below (a hash of the bytes of
 * the site): a new build is a new worker with a new cache, and the old cache is dropped.
 * - install: caches the shell (data/offline.json "shell": main pages, scripts, styles, data);
 * - each page and data file as read: network first (the newest programme), the cache when
 *   the network fails or is slower than a few seconds; scripts, styles, images: cache first;
 * - message {type: "save-all"}: caches every file in data/offline.json "all", reporting
 *   progress on the message's port.
 * Only requests inside its own scope are handled: nothing from outside hosts is cached.
 */
"use strict";
const BUILD = "__VCONF_BUILD__";
const SCOPE = self.registration.scope; // ends with "/"
const PREFIX = `vconf:${SCOPE}:`;
const CACHE = PREFIX + BUILD;
const SLOW_MS = 4000;

const manifest = () => fetch(new URL("data/offline.json", SCOPE), { cache: "no-cache" }).then((r) => {
  if (!r.ok) throw new Error(`offline.json: HTTP ${r.status}`);
  return r.json();
});

/** Fetch and store each file not yet cached; returns {files, bytes}. */
async function store(paths, progress) {
  const cache = await caches.open(CACHE);
  let done = 0;
  let bytes = 0;
  const queue = [...paths];
  const worker = async () => {
    while (queue.length) {
      const url = new URL(queue.shift(), SCOPE).href;
      let hit = await cache.match(url, { ignoreSearch: true });
      if (!hit) {
        try {
          const r = await fetch(url, { cache: "no-cache" });
          if (r.ok) {
            await cache.put(url, r.clone());
            hit = r;
          }
        } catch {
          /* offline already: keep what we have */
        }
      }
      if (hit) bytes += (await hit.clone().arrayBuffer()).byteLength;
      done++;
      if (progress && (done % 25 === 0 || done === paths.length)) progress(done, paths.length);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return { files: done, bytes };
}

self.addEventListener("install", (event) => {
  event.waitUntil(manifest().then((m) => store(m.shell)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

const networkFirst = async (request) => {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then((r) => {
    if (r.ok && r.type === "basic") cache.put(request, r.clone());
    return r;
  });
  const cached = () => cache.match(request, { ignoreSearch: true });
  const slow = new Promise((resolve) => setTimeout(resolve, SLOW_MS));
  try {
    const first = await Promise.race([network, slow.then(() => null)]);
    if (first) return first;
    return (await cached()) || (await network);
  } catch {
    const hit = await cached();
    if (hit) return hit;
    if (request.mode === "navigate") {
      const notfound = await cache.match(new URL("404.html", SCOPE).href);
      if (notfound) return notfound;
    }
    return Response.error();
  }
};

const cacheFirst = async (request) => {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const r = await fetch(request);
  if (r.ok && r.type === "basic") cache.put(request, r.clone());
  return r;
};

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return; // outside hosts: not ours
  const path = new URL(request.url).pathname;
  if (request.mode === "navigate" || /\.(html|json)$/.test(path) || path.endsWith("/")) {
    event.respondWith(networkFirst(request));
  } else if (!/\.(ics|pdf|xml)$/.test(path)) {
    event.respondWith(cacheFirst(request));
  }
});

self.addEventListener("message", (event) => {
  const port = event.ports[0];
  if (!event.data || event.data.type !== "save-all" || !port) return;
  event.waitUntil(manifest()
    .then((m) => store(m.all, (done, total) => port.postMessage({ done, total })))
    .then((r) => port.postMessage({ finished: true, ...r }))
    .catch((err) => port.postMessage({ error: String(err.message || err) })));
});
