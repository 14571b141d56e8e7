/* vconf-gallery.js: search, filters, sort, bookmarks for the paper gallery (papers.html).
 *
 * Builds on #vconf-gallery (data-papers: data/gallery.json, data-first: its first rows,
 * data-sessions, data-page-size): the page holds the first cards (ul.vconf-cards >
 * li.paper-card) and, for readers without JavaScript, every other paper inside <noscript>.
 * The script is interactive on the first rows (data/gallery-first.json: a few hundred
 * papers, and every value the filters offer), then takes in all papers (gallery.json, 9 MB
 * at 20,000 papers) when they have come (api.complete). It loads the papers once,
 * keeps only the first `limit` matching cards in the list (more as the reader scrolls) and
 * makes a card the first time it is shown. State lives in the query string (q, author,
 * track, session, type, bookmarked, sort, seed, view) so a filtered view can be shared.
 * Needs vconf-time.js (window.vconf) and vconf-card.js (the cards).
 */
(() => {
  "use strict";
  const vconf = (window.vconf = window.vconf || {});
  let resolveReady, rejectReady;
  const ready = new Promise((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => {}); // reported where it happens; tests await it explicitly
  const api = (vconf.gallery = { ready, filter: () => 0, timings: {} });

  const TYPE_LABELS = { oral: "Oral", spotlight: "Spotlight", poster: "Poster" };
  // paper facets besides the presentation: URL parameter, record field, label, "any" option
  const FACETS = [["ptype", "type", "Paper type", "All paper types"], ["decision", "decision", "Decision", "All decisions"]];
  const PARAMS = ["q", "author", "track", "session", "type", "bookmarked", "sort", "seed", "view", ...FACETS.map((f) => f[0])];

  /** A small seeded PRNG (mulberry32): the same seed shuffles the same way everywhere. */
  const rng = (seed) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const whenVconf = () => new Promise((res) => {
    if (vconf.ready) vconf.ready.then(res);
    else document.addEventListener("vconf:ready", () => res(vconf), { once: true });
  });

  async function init(box) {
    const t0 = performance.now();
    const papersUrl = box.dataset.papers;
    const firstUrl = box.dataset.first;
    const sessionsUrl = box.dataset.sessions;
    // the data (preloaded by the page) is parsed while the other scripts start
    const data = Promise.all([
      vconf.loadJSON(firstUrl || papersUrl),
      sessionsUrl ? vconf.loadJSON(sessionsUrl).catch(() => []) : Promise.resolve([]),
    ]);
    await whenVconf();
    const { el, norm } = vconf;
    const list = box.querySelector("ul.vconf-cards") || box.appendChild(el("ul", { class: "vconf-cards" }));
    const [loaded, sessions] = await data;
    // data/gallery.json: {fields, rows}, one row per paper; data/papers.json (objects) works too
    const records = (d) => (Array.isArray(d) ? d
      : d.rows.map((r) => Object.fromEntries(d.fields.map((f, i) => [f, r[i]]))));
    const papers = records(loaded);
    const total = loaded.total || papers.length; // all papers; `n` of them are here so far
    const values = loaded.values || null; // what the filters offer, over all papers
    const base = vconf.dataRoot(papersUrl);
    api.timings.dataMs = performance.now() - t0;

    /* ---- records: one per paper, in programme order; cards made as they are first shown ---- */
    // The page carries the first page of cards (and, for readers without JavaScript, the
    // rest inside <noscript>, which the browser does not parse when scripts run): a
    // 5,000-paper gallery costs the parser a hundred cards, not five thousand.
    const recs = papers;
    let n = recs.length;
    const ids = recs.map((p) => String(p.id));
    const indexOf = new Map(ids.map((id, i) => [id, i]));
    const cards = new Array(n);
    for (const li of list.querySelectorAll(":scope > li.paper-card")) {
      const i = indexOf.get(li.dataset.id);
      if (i === undefined || cards[i]) li.remove(); // a card the data does not know
      else cards[i] = li;
    }
    // Cards are clones of the page's own card (the theme's paper-card component in a
    // <template>), filled by vconf-card.js: one card, one home.
    const proto = vconf.cardPrototype(box);
    const makeCard = (p) => vconf.card(proto, p, base);
    // The search text of each paper, built on first need (or when the page is idle).
    let hay = null;
    let authorSets = null;
    const index = () => {
      if (hay) return;
      // vconf-match.js: the search box's and the map's matching (prefix, one typo), not substrings
      hay = window.vconfMatch.index(recs.map((p) => [p.title, ...(p.authors || []), ...(p.keywords || [])].join("\n")));
      authorSets = recs.map((p) => new Set((p.authors || []).map(norm)));
    };
    const sessionById = new Map(sessions.map((s) => [String(s.id), s]));
    // each paper's first session: what "Session time" sorts by, and the time its card shows then
    const sessionOf = (p) => {
      let best = null;
      for (const sid of p.sessions || []) {
        const s = sessionById.get(String(sid));
        if (s && !Number.isNaN(Date.parse(s.start)) && (!best || Date.parse(s.start) < Date.parse(best.start))) best = s;
      }
      return best;
    };
    const firstSession = recs.map(sessionOf);
    const firstStart = firstSession.map((s) => (s ? Date.parse(s.start) : Infinity));

    /* ---- controls ---- */
    const uid = (name) => `vconf-gallery-${name}`;
    const field = (name, labelText, control) => el("div", { class: `vconf-field vconf-field-${name}` },
      el("label", { for: uid(name) }, labelText), control);
    const select = (name, options) => {
      const s = el("select", { id: uid(name), class: "form-select", name });
      for (const [value, text] of options) s.append(el("option", { value }, text));
      return s;
    };
    const distinct = (key) => (values && values[key]) || [...new Set(recs.map((p) => p[key]).filter(Boolean))];
    const collator = new Intl.Collator(vconf.locale, { sensitivity: "base", numeric: true });

    const q = el("input", {
      type: "search", id: uid("q"), name: "q", class: "form-control", autocomplete: "off",
      placeholder: "Title, author or keyword", spellcheck: "false",
    });
    const tracks = distinct("track").sort(collator.compare);
    const trackSel = select("track", [["", "All tracks"], ...tracks.map((t) => [t, t])]);
    const types = distinct("presentation").sort((a, b) =>
      Object.keys(TYPE_LABELS).indexOf(a) - Object.keys(TYPE_LABELS).indexOf(b));
    const typeSel = select("type", [["", "All types"], ...types.map((t) => [t, TYPE_LABELS[t] || t])]);
    const facets = FACETS.map(([param, key, label, any]) => {
      const values = distinct(key).sort(collator.compare);
      return { param, key, label, values, sel: select(param, [["", any], ...values.map((v) => [v, v])]) };
    }).filter((f) => f.values.length > 1);
    const usedSessions = new Set(values ? values.sessions : recs.flatMap((p) => (p.sessions || []).map(String)));
    const sessionList = sessions.filter((s) => usedSessions.has(String(s.id)))
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || collator.compare(a.title, b.title));
    const sessionSel = select("session", [["", "All sessions"]]);
    const labelSessions = () => {
      sessionSel.replaceChildren(el("option", { value: "" }, "All sessions"), ...sessionList.map((s) => {
        const p = vconf.parts(s.start);
        return el("option", { value: String(s.id) },
          `${s.title} (${vconf.formatDay(p.dayKey)}, ${vconf.formatTime(s.start)})`);
      }));
    };
    labelSessions();
    const sortSel = select("sort", [["", "Programme order"], ["title", "Title"],
      ...(sessionList.length ? [["time", "Session time"]] : []), ["shuffle", "Shuffle"]]);
    const shuffleBtn = el("button", { type: "button", class: "btn btn-sm vconf-shuffle" }, "Shuffle again");
    const viewBox = el("fieldset", { class: "vconf-field vconf-view" }, el("legend", {}, "Layout"));
    for (const [value, text] of [["detailed", "Detailed"], ["compact", "Compact"]]) {
      viewBox.append(el("label", { class: "vconf-radio" },
        el("input", { type: "radio", name: uid("view"), value }), " ", text));
    }
    const bmBox = el("input", { type: "checkbox", id: uid("bookmarked") });
    const bmField = el("div", { class: "vconf-field vconf-check" }, bmBox, el("label", { for: uid("bookmarked") }, "Bookmarked only"));
    const clearBtn = el("button", { type: "button", class: "btn btn-sm vconf-clear" }, "Clear filters");
    const authorChip = el("p", { class: "vconf-gallery-author", hidden: true });
    const count = el("p", { class: "vconf-gallery-count", role: "status", "aria-live": "polite" });
    const empty = el("p", { class: "vconf-gallery-empty", hidden: true }, "No papers match these filters.");
    const moreBtn = el("button", { type: "button", class: "btn vconf-gallery-more", hidden: true });

    // On phones the filters fold away under the search box; on wider screens they are open.
    const more = el("details", { class: "vconf-gallery-options" }, el("summary", {}, "Filters, sort and layout"),
      el("div", { class: "vconf-gallery-options-body" },
        tracks.length > 1 ? field("track", "Track", trackSel) : null,
        sessionList.length ? field("session", "Session", sessionSel) : null,
        types.length > 1 ? field("type", "Type", typeSel) : null,
        ...facets.map((f) => field(f.param, f.label, f.sel)),
        field("sort", "Sort by", sortSel), shuffleBtn, viewBox, bmField, clearBtn));
    const form = el("form", { class: "vconf-gallery-controls", role: "search", "aria-label": "Papers" },
      field("q", "Search papers", q), more);
    const phone = window.matchMedia("(max-width: 767.98px)");
    phone.addEventListener("change", () => {
      if (!phone.matches) more.open = true;
    });
    form.addEventListener("submit", (e) => e.preventDefault());
    box.insertBefore(form, list);
    box.insertBefore(authorChip, list);
    box.insertBefore(count, list);
    list.after(empty, moreBtn);

    /* ---- bookmarks and visited ---- */
    let bookmarks = vconf.bookmarks();
    const starProto = el("button", { type: "button", class: "paper-card-star", "aria-pressed": "false" },
      el("span", { "aria-hidden": "true" }, "☆"), el("span", { class: "visually-hidden" }));
    const star = (li, title) => {
      const b = starProto.cloneNode(true);
      b.lastChild.textContent = `Bookmark: ${title}`;
      const link = li.querySelector(".paper-card-link");
      if (link) link.after(b);
      else li.prepend(b);
      return b;
    };
    const paintStar = (i) => {
      const on = bookmarks.has(ids[i]);
      const b = cards[i].querySelector(".paper-card-star");
      b.setAttribute("aria-pressed", String(on));
      b.firstChild.textContent = on ? "★" : "☆";
      cards[i].classList.toggle("is-bookmarked", on);
    };
    let visited = vconf.visited();
    const paintVisited = (i) => {
      const li = cards[i];
      if (!visited.has(ids[i]) || li.classList.contains("is-visited")) return;
      li.classList.add("is-visited");
      li.querySelector(".paper-card-link")?.append(el("span", { class: "paper-card-visited" }, "Visited"));
    };
    /** The card of paper i: the page's own, or made now, with its star and marks. */
    const card = (i) => {
      if (cards[i]?.dataset.vconfReady) return cards[i];
      const li = (cards[i] = cards[i] || makeCard(recs[i]));
      li.dataset.vconfReady = "1";
      star(li, recs[i].title);
      paintStar(i);
      paintVisited(i);
      vconf.cardWhen(proto, li, firstSession[i]); // seen when sorted by time
      return li;
    };
    list.addEventListener("click", (e) => {
      const b = e.target.closest(".paper-card-star");
      if (b) {
        const i = indexOf.get(b.closest("li.paper-card").dataset.id);
        vconf.setBookmark(ids[i], !bookmarks.has(ids[i]));
        bookmarks = vconf.bookmarks();
        paintStar(i);
        if (state.bookmarked) run(true);
        return;
      }
      const a = e.target.closest("a.paper-card-link");
      if (a) vconf.markVisited(a.closest("li.paper-card").dataset.id);
    });
    // Back from a paper page (bfcache): show it as visited, and bookmarks made elsewhere.
    window.addEventListener("pageshow", (e) => {
      if (!e.persisted) return;
      visited = vconf.visited();
      bookmarks = vconf.bookmarks();
      for (let i = 0; i < n; i++) {
        if (!cards[i]?.dataset.vconfReady) continue;
        paintVisited(i);
        paintStar(i);
      }
    });

    /* ---- state ---- */
    const url = new URL(location.href);
    const state = {};
    const readState = () => {
      const g = (k) => url.searchParams.get(k) || "";
      Object.assign(state, {
        q: g("q"), author: g("author"), track: g("track"), session: g("session"), type: g("type"),
        bookmarked: g("bookmarked") === "1", sort: g("sort"), seed: parseInt(g("seed"), 10) || 0,
        view: g("view") === "compact" ? "compact" : "detailed",
      });
      for (const f of facets) state[f.param] = f.values.includes(g(f.param)) ? g(f.param) : "";
      if (!["", "title", "time", "shuffle"].includes(state.sort)) state.sort = "";
      if (state.sort === "shuffle" && !state.seed) state.seed = newSeed();
    };
    const newSeed = () => 1 + Math.floor(Math.random() * 999999);
    let urlTimer = 0;
    const writeUrl = (delay) => {
      clearTimeout(urlTimer);
      const write = () => {
        const u = new URL(location.href);
        for (const k of PARAMS) u.searchParams.delete(k);
        const put = (k, v) => v && u.searchParams.set(k, v);
        put("q", state.q.trim());
        put("author", state.author);
        put("track", state.track);
        put("session", state.session);
        put("type", state.type);
        for (const f of facets) put(f.param, state[f.param]);
        put("bookmarked", state.bookmarked ? "1" : "");
        put("sort", state.sort);
        put("seed", state.sort === "shuffle" ? String(state.seed) : "");
        put("view", state.view === "compact" ? "compact" : "");
        if (u.href !== location.href) history.replaceState(history.state, "", u);
      };
      if (delay) urlTimer = setTimeout(write, delay);
      else write();
    };
    const showState = () => {
      q.value = state.q;
      trackSel.value = state.track;
      sessionSel.value = state.session;
      typeSel.value = state.type;
      for (const f of facets) f.sel.value = state[f.param];
      sortSel.value = state.sort;
      bmBox.checked = state.bookmarked;
      for (const r of viewBox.querySelectorAll("input")) r.checked = r.value === state.view;
      shuffleBtn.hidden = state.sort !== "shuffle";
      box.classList.toggle("vconf-gallery-compact", state.view === "compact");
      box.classList.toggle("vconf-gallery-by-time", state.sort === "time");
      authorChip.hidden = !state.author;
      if (state.author) {
        const x = el("button", { type: "button", class: "btn btn-sm vconf-chip-remove" },
          el("span", { "aria-hidden": "true" }, "×"), el("span", { class: "visually-hidden" }, "Remove author filter"));
        x.addEventListener("click", () => {
          state.author = "";
          showState();
          run();
          writeUrl(0);
        });
        authorChip.replaceChildren("Papers by ", el("strong", {}, state.author), " ", x);
      }
    };

    /* ---- filter and sort ---- */
    // Only the first `limit` matches are in the list; more come as the reader scrolls.
    // A keystroke then costs the match test over all papers (a few ms at 5,000) plus the
    // layout of at most a page or two of cards, however many papers match; the list is
    // rebuilt only when what it shows changes.
    const PAGE = Math.max(12, Number(box.dataset.pageSize) || 96);
    let limit = PAGE;
    let view = Array.from({ length: n }, (_, i) => i); // display order
    let shown = [...list.children]; // what the list holds now: the server's first page
    const nf = new Intl.NumberFormat(vconf.locale);
    let matchIds = ids;
    const filter = () => {
      const author = norm(state.author);
      if (state.q.trim() || author) index();
      const hits = state.q.trim() ? hay.filter(state.q) : null;
      const { track, type, session, bookmarked } = state;
      const found = [];
      for (let k = 0; k < n; k++) {
        const i = view[k];
        const p = recs[i];
        let ok = (!track || p.track === track) && (!type || p.presentation === type)
          && (!bookmarked || bookmarks.has(ids[i])) && (!author || authorSets[i].has(author))
          && (!session || (p.sessions || []).some((x) => String(x) === session))
          && facets.every((f) => !state[f.param] || p[f.key] === state[f.param]);
        if (ok && hits) ok = hits[i] === 1;
        if (ok) found.push(i);
      }
      const next = found.slice(0, limit).map(card);
      const same = shown.length <= next.length && shown.every((li, k) => li === next[k]);
      if (!same) list.replaceChildren(...next);
      else if (next.length > shown.length) list.append(...next.slice(shown.length)); // "Show more"
      shown = next;
      matchIds = found.map((i) => ids[i]);
      const c = found.length;
      // touch the page only where something changed: each write costs a layout
      const put = (node, text) => {
        if (node.textContent !== text) node.textContent = text;
      };
      const of = n < total ? ` (${nf.format(total - n)} more loading)` : "";
      put(count, c === total ? `${nf.format(total)} papers` : `Showing ${nf.format(c)} of ${nf.format(total)} papers${of}`);
      if (empty.hidden !== c > 0) empty.hidden = c > 0;
      if (moreBtn.hidden !== c <= limit) moreBtn.hidden = c <= limit;
      if (c > limit) put(moreBtn, `Show more (${nf.format(c - limit)} not shown yet)`);
      return c;
    };
    const run = (keepLimit = false) => {
      const s = performance.now();
      if (!keepLimit) limit = PAGE;
      const c = filter();
      api.timings.lastFilterMs = performance.now() - s;
      return c;
    };
    const showMore = () => {
      limit += 2 * PAGE;
      run(true);
    };
    moreBtn.addEventListener("click", () => {
      const first = matchIds.length > limit ? matchIds[limit] : null;
      showMore();
      // keyboard users land on the first new card
      if (first) cards[indexOf.get(first)].querySelector("a")?.focus();
    });
    if ("IntersectionObserver" in window) {
      new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting) && !moreBtn.hidden) showMore();
      }, { rootMargin: "0px 0px 800px 0px" }).observe(moreBtn);
    }

    let order = ""; // the sort the DOM is in: the server's
    const sort = () => {
      const key = state.sort === "shuffle" ? `shuffle:${state.seed}` : state.sort;
      if (key === order) return;
      const idx = Array.from({ length: n }, (_, i) => i);
      if (state.sort === "title") idx.sort((a, b) => collator.compare(recs[a].title, recs[b].title) || a - b);
      else if (state.sort === "time") {
        // papers without a session (Infinity) last; Infinity - Infinity is NaN, hence `|| 0`
        idx.sort((a, b) => ((firstStart[a] - firstStart[b]) || 0)
          || collator.compare(recs[a].title, recs[b].title) || a - b);
      } else if (state.sort === "shuffle") {
        const r = rng(state.seed);
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(r() * (i + 1));
          [idx[i], idx[j]] = [idx[j], idx[i]];
        }
      }
      view = idx; // the list follows on the next run(): DOM order is reading and tab order
      order = key;
    };

    /* ---- events ---- */
    const changed = (delay = 0) => {
      run();
      writeUrl(delay);
    };
    q.addEventListener("input", () => {
      state.q = q.value;
      changed(250);
    });
    trackSel.addEventListener("change", () => { state.track = trackSel.value; changed(); });
    typeSel.addEventListener("change", () => { state.type = typeSel.value; changed(); });
    for (const f of facets) f.sel.addEventListener("change", () => { state[f.param] = f.sel.value; changed(); });
    sessionSel.addEventListener("change", () => { state.session = sessionSel.value; changed(); });
    bmBox.addEventListener("change", () => { state.bookmarked = bmBox.checked; changed(); });
    sortSel.addEventListener("change", () => {
      state.sort = sortSel.value;
      if (state.sort === "shuffle") state.seed = newSeed();
      showState();
      sort();
      run();
      writeUrl(0);
    });
    shuffleBtn.addEventListener("click", () => {
      state.seed = newSeed();
      sort();
      run();
      writeUrl(0);
    });
    viewBox.addEventListener("change", (e) => {
      state.view = e.target.value;
      showState();
      writeUrl(0);
    });
    const clear = () => {
      Object.assign(state, { q: "", author: "", track: "", session: "", type: "", bookmarked: false });
      for (const f of facets) state[f.param] = "";
      showState();
      run();
      writeUrl(0);
      q.focus();
    };
    clearBtn.addEventListener("click", clear);
    document.addEventListener("vconf:tzchange", () => {
      labelSessions();
      sessionSel.value = state.session;
    });

    api.timings.setupMs = performance.now() - t0;
    readState();
    more.open = !phone.matches || Boolean(state.track || state.session || state.type || state.bookmarked
      || facets.some((f) => state[f.param])
      || state.sort || state.view === "compact");
    // a session or track that does not exist (an old link) would hide everything silently
    if (state.track && !tracks.includes(state.track)) state.track = "";
    if (state.type && !types.includes(state.type)) state.type = "";
    if (state.session && !sessionList.some((s) => String(s.id) === state.session)) state.session = "";
    showState();
    sort();
    run();
    writeUrl(0);
    box.classList.add("vconf-gallery-ready");

    api.filter = (query) => {
      state.q = query;
      q.value = query;
      const c = run();
      writeUrl(250);
      return c;
    };
    api.count = () => matchIds.length;
    /** The ids of all matching papers, in display order (shown now or after "Show more"). */
    api.visibleIds = () => matchIds.slice();
    api.showAll = () => {
      limit = n;
      return run(true);
    };
    api.state = state;
    api.timings.interactiveMs = performance.now();
    api.timings.initMs = performance.now() - t0;
    resolveReady(api);

    /* ---- the other papers: taken in when they have come ---- */
    const absorb = (all) => {
      for (const p of all) {
        const id = String(p.id);
        if (indexOf.has(id)) continue;
        indexOf.set(id, recs.length);
        recs.push(p);
        ids.push(id);
        const first = sessionOf(p);
        firstSession.push(first);
        firstStart.push(first ? Date.parse(first.start) : Infinity);
      }
      n = recs.length;
      cards.length = n;
      hay = null; // the search text is made again, over every paper
      order = null; // and the display order
      sort();
      run(true);
    };
    api.complete = n >= total || !firstUrl ? Promise.resolve(api)
      : vconf.loadJSON(papersUrl).then((full) => {
        absorb(records(full));
        api.timings.completeMs = performance.now();
        return api;
      });
    api.complete.catch((err) => console.warn("vconf gallery: the other papers did not load", err));
    // the search text is ready before the reader can type a word
    api.complete.finally(() => setTimeout(index, 0)).catch(() => {});
    if (n < total) setTimeout(index, 0);
  }

  /** The papers' data did not load (a blocked request, a page opened from a file): say so,
   * and show the complete list the page carries for readers without JavaScript. */
  const unavailable = (box) => {
    const note = document.createElement("p");
    note.className = "vconf-data-failed";
    note.setAttribute("role", "status");
    note.textContent = "Search and filters are unavailable: the papers' data could not be loaded "
      + "(a blocked request, or the page opened from a file). Every paper is listed below.";
    box.prepend(note);
    for (const ns of box.querySelectorAll("noscript")) {
      // With scripts on, <noscript> holds its markup as text: the server's own escaped list.
      const doc = new DOMParser().parseFromString(ns.textContent, "text/html");
      ns.replaceWith(...doc.body.childNodes);
    }
  };

  const start = () => {
    const box = document.getElementById("vconf-gallery");
    if (!box) return;
    init(box).catch((err) => {
      console.warn("vconf gallery:", err);
      unavailable(box);
      rejectReady(err);
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
