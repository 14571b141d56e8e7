/* vconf-search.js: the search box that answers as the reader types (navbar button, Ctrl+K,
 * Cmd+K, "/"): papers with their figures, people, sessions in the reader's zone, workshops
 * and pages, ranked, grouped by kind, keyboard-navigable. An empty query shows the pages the
 * reader opened last and their bookmarks.
 *
 * The index (written by sphinxext_vconf/search.py under _vconf/search/) is loaded by parts:
 * the manifest when the box opens, then only the term shards a query's terms fall in and the
 * display chunks of the results shown. Matching is vconf-match.js's (shared with the gallery
 * and the map). Needs vconf-time.js (window.vconf) and vconf-match.js; without JavaScript
 * the navbar button is a link to Sphinx's search page.
 */
(() => {
  "use strict";
  const vconf = window.vconf;
  const M = window.vconfMatch;
  if (!vconf || !M || vconf.search) return;

  const root = vconf.root;
  const base = new URL("_vconf/search/", root);
  const LIMITS = { paper: 6, session: 4, person: 3, workshop: 3, page: 3 };
  const LABELS = { paper: "Papers", session: "Sessions", person: "People", workshop: "Workshops", page: "Pages" };
  const RECENT = 6;
  const api = (vconf.search = { timings: [], bytes: 0, open: () => open(), query: (q) => run(q) });

  /* ---------- the index, by parts ---------- */

  const cache = new Map();
  const fetchJSON = (name) => {
    if (!cache.has(name)) {
      cache.set(name, fetch(new URL(name, base)).then((r) => {
        if (!r.ok) throw new Error(`vconf search: ${name}: HTTP ${r.status}`);
        return r.arrayBuffer();
      }).then((buf) => {
        api.bytes += buf.byteLength; // what the reader downloaded for search (before compression)
        return JSON.parse(new TextDecoder().decode(buf));
      }));
    }
    return cache.get(name);
  };
  let manifest = null;
  const loadManifest = () => (manifest ||= fetchJSON("manifest.json"));

  // Shard i holds the terms from shards[i][0] up to (not including) shards[i+1][0].
  const shardAt = (shards, term) => {
    let lo = 0;
    let hi = shards.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (shards[mid][0] <= term) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  /** Shards holding terms that begin with p. */
  const shardRange = (shards, p) => {
    const a = shardAt(shards, p);
    let b = a;
    while (b + 1 < shards.length && shards[b + 1][0].startsWith(p)) b++;
    return [a, b];
  };
  const MAX_SHARDS = 3; // per query term: a short prefix of a common start is left for the next keystroke
  /** The shards a query term needs: those of its first three letters when it may carry a
   * typo, else those it is the beginning of (narrowed while they are too many). */
  const shardsFor = (shards, q) => {
    if (q.length < 2) return [shardAt(shards, q)];
    for (let n = Math.min(q.length >= M.TYPO_MIN ? 3 : q.length, q.length); n <= q.length; n++) {
      const [a, b] = shardRange(shards, q.slice(0, n));
      if (b - a < MAX_SHARDS) return Array.from({ length: b - a + 1 }, (_, i) => a + i);
    }
    return [shardAt(shards, q)];
  };

  /** Ranked documents: [[doc, score], ...]; documents matching every term first. */
  const rank = async (terms) => {
    const man = await loadManifest();
    const shards = man.shards;
    const need = terms.map((q) => shardsFor(shards, q));
    const loaded = await Promise.all(need.map((ids) => Promise.all(ids.map((i) => fetchJSON(shards[i][1])))));
    const n = man.n;
    const total = new Map(); // doc -> [score, terms matched]
    terms.forEach((q, k) => {
      const best = new Map();
      for (const shard of loaded[k]) {
        const words = shard.t;
        for (let w = 0; w < words.length; w++) {
          const f = M.score(q, words[w]);
          if (!f) continue;
          const list = shard.p[w];
          const df = list.length / 2;
          const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          let doc = 0;
          for (let j = 0; j < list.length; j += 2) {
            doc += list[j];
            const s = f * idf * list[j + 1];
            if (s > (best.get(doc) || 0)) best.set(doc, s);
          }
        }
      }
      for (const [doc, s] of best) {
        const t = total.get(doc);
        if (t) {
          t[0] += s;
          t[1]++;
        } else total.set(doc, [s, 1]);
      }
    });
    let most = 0;
    for (const t of total.values()) most = Math.max(most, t[1]);
    const out = [];
    for (const [doc, [s, c]] of total) if (c === most) out.push([doc, s]);
    out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return out;
  };

  const rows = async (docs) => {
    const man = await loadManifest();
    const chunks = await Promise.all(docs.map((d) => fetchJSON(man.docs[Math.floor(d / man.chunk)])));
    return docs.map((d, i) => chunks[i][d % man.chunk]);
  };

  /** The first rows of each kind, the groups ordered by their best result. */
  const grouped = async (ranked) => {
    const man = await loadManifest();
    // Papers are known by their position; the other kinds (a few hundred rows at most) by their row.
    const order = []; // in rank order
    let papers = 0;
    let others = 0;
    for (const [doc] of ranked) {
      if (doc >= man.first_paper) {
        if (papers < LIMITS.paper && ++papers) order.push(doc);
      } else if (others < 24 && ++others) order.push(doc);
      if (papers >= LIMITS.paper && others >= 24) break;
    }
    const found = await rows(order);
    const groups = new Map();
    order.forEach((doc, i) => {
      const row = found[i];
      const kind = row[0];
      if (!groups.has(kind)) groups.set(kind, []);
      const g = groups.get(kind);
      if (g.length < (LIMITS[kind] || 3)) g.push(row);
    });
    return [...groups];
  };

  /* ---------- the dialog ---------- */

  const el = vconf.el;
  let dialog = null;
  let input = null;
  let list = null;
  let status = null;
  let active = -1;
  let seq = 0;

  const build = () => {
    input = el("input", {
      type: "search", class: "vconf-search-input", autocomplete: "off", spellcheck: "false",
      placeholder: "Search papers, people, sessions, pages", role: "combobox",
      "aria-expanded": "true", "aria-controls": "vconf-search-results", "aria-autocomplete": "list",
      "aria-label": "Search",
    });
    list = el("div", { id: "vconf-search-results", class: "vconf-search-results", role: "listbox", "aria-label": "Results" });
    status = el("p", { class: "vconf-search-status", role: "status" });
    const close = el("button", { type: "button", class: "vconf-search-close", "aria-label": "Close search" }, "Esc");
    const form = el("form", { class: "vconf-search-form", role: "search", action: new URL("search.html", root).href },
      el("i", { class: "fa-solid fa-magnifying-glass", "aria-hidden": "true" }), input, close);
    input.name = "q";
    dialog = el("dialog", { class: "vconf-search", "aria-label": "Search" }, form, status, list);
    document.body.append(dialog);
    close.addEventListener("click", () => dialog.close());
    dialog.addEventListener("click", (e) => {
      if (e.target === dialog) dialog.close(); // the backdrop
    });
    input.addEventListener("input", () => run(input.value));
    input.addEventListener("keydown", onKey);
    form.addEventListener("submit", (e) => {
      const opts = options();
      if (opts.length) {
        e.preventDefault();
        go(opts[Math.max(active, 0)]);
      } // else: Sphinx's search page, over the organizer's pages
    });
  };

  const options = () => [...list.querySelectorAll('[role="option"]')];
  const setActive = (i) => {
    const opts = options();
    if (!opts.length) {
      active = -1;
      input.removeAttribute("aria-activedescendant");
      return;
    }
    active = (i + opts.length) % opts.length;
    opts.forEach((o, k) => o.setAttribute("aria-selected", String(k === active)));
    input.setAttribute("aria-activedescendant", opts[active].id);
    opts[active].scrollIntoView({ block: "nearest" });
  };
  const go = (opt) => {
    if (!opt) return;
    dialog.close();
    location.href = opt.href;
  };
  const onKey = (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setActive(active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter" && !e.isComposing) {
      const opts = options();
      if (opts.length) {
        e.preventDefault();
        go(opts[Math.max(active, 0)]);
      }
    }
  };

  /* ---------- results ---------- */

  let uid = 0;
  const href = (url) => new URL(url, root).href;
  const option = (row, extra) => {
    const [kind, title, url] = row;
    const a = el("a", { class: `vconf-search-hit vconf-search-${kind}`, href: href(url), role: "option",
      id: `vconf-search-opt-${++uid}`, "aria-selected": "false", tabindex: "-1" });
    a.append(...extra, el("span", { class: "vconf-search-text" }, el("span", { class: "vconf-search-title" }, title),
      ...detail(row)));
    return a;
  };
  const sub = (text) => (text ? el("span", { class: "vconf-search-sub" }, text) : null);
  const detail = (row) => {
    switch (row[0]) {
      case "paper":
        return [sub(row[3])];
      case "session": {
        const [, , , kind, start, end, room] = row;
        const when = el("time", { datetime: start }, vconf.formatRange(start, end));
        return [el("span", { class: "vconf-search-sub" }, vconf.kindLabel(kind), " · ", when, room ? ` · ${room}` : "")];
      }
      case "person":
        return [sub([row[3], row[4]].filter(Boolean).join(" · "))];
      default:
        return [sub(row[3])];
    }
  };
  const thumb = (row) => {
    if (row[0] !== "paper") return [];
    const look = row[4];
    if (Array.isArray(look)) {
      const s = el("span", { class: "vconf-search-thumb vconf-placeholder", "aria-hidden": "true" }, look[1] || "");
      s.style.setProperty("--vconf-ph", look[0]);
      return [s];
    }
    return [el("img", { class: "vconf-search-thumb", src: href(look), alt: "", loading: "lazy", decoding: "async" })];
  };
  const show = (groups, note) => {
    list.replaceChildren();
    uid = 0;
    for (const [kind, rs] of groups) {
      const head = el("div", { class: "vconf-search-group-label", id: `vconf-search-g-${kind}`, role: "presentation" }, LABELS[kind] || kind);
      const g = el("div", { class: "vconf-search-group", role: "group", "aria-labelledby": head.id }, head);
      for (const r of rs) g.append(option(r, thumb(r)));
      list.append(g);
    }
    status.textContent = note;
    setActive(0);
  };

  const run = async (query) => {
    const mine = ++seq;
    const t0 = performance.now();
    const { terms } = M.parse(query);
    if (!terms.length) {
      await showStart(mine);
      return;
    }
    let groups;
    try {
      groups = await grouped(await rank(terms));
    } catch (err) {
      if (mine === seq) status.textContent = "Search is not available here (its index did not load).";
      throw err;
    }
    if (mine !== seq) return; // a newer keystroke answers instead
    const count = groups.reduce((n, [, rs]) => n + rs.length, 0);
    show(groups, count ? "" : `Nothing found for “${query.trim()}”. Press Enter to search the organizers' own pages word by word.`);
    list.dataset.query = query;
    api.timings.push(performance.now() - t0);
    document.dispatchEvent(new CustomEvent("vconf:search-results", { detail: { query, count } }));
  };

  /* ---------- empty query: recent pages and bookmarks ---------- */

  const here = () => {
    const path = decodeURIComponent(location.pathname);
    const rootPath = decodeURIComponent(root.pathname);
    return path.startsWith(rootPath) ? path.slice(rootPath.length) : null;
  };
  const remember = () => {
    const rel = here();
    if (rel === null || /^(search|404|genindex)\.html$/.test(rel)) return;
    const title = (document.querySelector("main h1") || {}).textContent || document.title;
    const recent = vconf.store.get("recent", []).filter((r) => r && r.url !== rel);
    recent.unshift({ url: rel || "index.html", title: title.replace(/[#¶]\s*$/, "").trim() });
    vconf.store.set("recent", recent.slice(0, RECENT + 1));
  };
  const showStart = async (mine) => {
    const rel = here();
    // only this site's own pages: a path, never a scheme (javascript:) or another host
    const recent = vconf.store.get("recent", []).filter((r) => r && typeof r.url === "string" && r.url !== rel
      && !/^[a-z][a-z0-9+.-]*:|^\/\/|^\\/i.test(r.url)).slice(0, RECENT);
    const groups = [];
    if (recent.length) groups.push(["recent", recent.map((r) => ["page", String(r.title || r.url), r.url, ""])]);
    const ids = [...vconf.bookmarks()].slice(0, 8);
    if (ids.length) {
      try {
        const man = await loadManifest();
        const docs = [];
        for (const id of ids) {
          const c = man.paper_ids.length ? shardAt(man.paper_ids.map((p) => [p]), id) : -1;
          if (c >= 0) docs.push(man.first_paper + c * man.chunk);
        }
        const chunks = await Promise.all(docs.map((d) => fetchJSON(man.docs[Math.floor(d / man.chunk)])));
        const found = ids.map((id) => chunks.flat().find((r) => r[5] === id)).filter(Boolean);
        if (found.length) groups.push(["bookmarks", found]);
      } catch {
        /* no index: the recent pages still show */
      }
    }
    if (mine !== seq) return;
    LABELS.recent = "Recently opened";
    LABELS.bookmarks = "Bookmarked papers";
    show(groups, groups.length ? "" : "Type to search papers, people, sessions, workshops and pages.");
    list.dataset.query = "";
  };

  /* ---------- opening ---------- */

  const open = () => {
    if (!dialog) build();
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
    loadManifest().catch(() => {});
    run(input.value);
  };

  const typing = (t) => t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  window.addEventListener("keydown", (e) => {
    const mod = e.ctrlKey || e.metaKey;
    if ((mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k") || (e.key === "/" && !mod && !e.altKey && !typing(e.target))) {
      if (dialog && dialog.open && e.key !== "/") {
        dialog.close();
      } else {
        open();
      }
      e.preventDefault();
    }
  });
  const wire = () => {
    for (const b of document.querySelectorAll(".vconf-search-open")) {
      b.addEventListener("click", (e) => {
        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return; // a new tab: Sphinx's page
        e.preventDefault();
        open();
      });
    }
    if (/Mac|iPhone|iPad/.test(navigator.platform)) {
      for (const k of document.querySelectorAll(".vconf-search-open .kbd-shortcut__modifier")) k.textContent = "⌘";
    }
    remember();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire, { once: true });
  else wire();
})();
