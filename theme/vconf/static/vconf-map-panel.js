/* vconf-map-panel.js: the map's side panel (a part of vconf-map.js, loaded before it).
 *
 * The panel lists the topics (a click zooms to one), or the papers a search or a drawn box
 * finds, with their top keywords; the map dims what a search leaves out (m.matched) and
 * rings a selection (m.selected). Search matches as the gallery's (vconf-match.js) over
 * title, authors and keywords; the authors join the index when they come (m.needAuthors).
 * It also keeps the marks: bookmarked papers and papers in a session now.
 * Gives the map: showTopics(), runSearch() (the number found), searchAgain(),
 * selectBox(x0, y0, x1, y1) (screen px; the ids selected), updateMarks().
 */
(() => {
  "use strict";
  const vconf = (window.vconf = window.vconf || {});
  const parts = (vconf.mapParts = vconf.mapParts || {});
  const LIST_MAX = 100;

  parts.panel = (m) => {
    const { D, n, ids, X, Y, levels, topicOf, base, el, norm, view, panel, main, status, search, canvas, marks } = m;
    const { keywordsOf, thumbOf, urlOf } = m;

    /* ---- the panel: topics, or the papers of a search or a selection ---- */
    const topKeywords = (idx) => { // counted case- and accent-blind, shown as first written
      const c = new Map();
      for (const i of idx) {
        for (const k of new Set(keywordsOf(i).map((k) => k.trim()).filter(Boolean))) {
          const key = norm(k);
          const e = c.get(key);
          if (e) e.n++;
          else c.set(key, { text: k, n: 1 });
        }
      }
      return [...c.values()].sort((a, b) => b.n - a.n || a.text.localeCompare(b.text)).slice(0, 5);
    };
    const paperItem = (i) => {
      const thumb = thumbOf(i);
      const kws = keywordsOf(i).slice(0, 3);
      return el("li", { class: "vconf-map-item" },
        thumb ? el("img", { class: "vconf-map-item-thumb", src: new URL(thumb, base).href, alt: "", width: "400", height: "280", loading: "lazy", decoding: "async" }) : el("span", { class: "vconf-map-item-thumb", "aria-hidden": "true" }),
        el("span", { class: "vconf-map-item-text" },
          el("a", { href: urlOf(i) }, D.title[i]),
          m.bookmarked[i] ? el("span", { class: "vconf-map-flag is-bookmarked" }, "★ Bookmarked") : null,
          m.inSessionNow[i] ? el("span", { class: "vconf-map-flag is-now" }, "In a session now") : null,
          kws.length ? el("span", { class: "vconf-map-item-keywords" }, kws.join(" · ")) : null));
    };
    const showPapers = (heading, idx, onClear) => {
      const top = topKeywords(idx);
      const clear = el("button", { type: "button", class: "btn btn-sm vconf-map-clear" }, "Clear");
      clear.addEventListener("click", () => {
        onClear();
        m.layerDirty = true;
        showTopics();
        m.draw();
        canvas.focus();
      });
      const items = idx.slice(0, LIST_MAX).map(paperItem);
      if (idx.length > LIST_MAX) items.push(el("li", { class: "vconf-map-more" }, `and ${idx.length - LIST_MAX} more`));
      panel.replaceChildren(
        el("div", { class: "vconf-map-panel-head" }, el("h2", { class: "vconf-map-selection-heading", tabindex: "-1" }, heading), clear),
        top.length ? el("p", { class: "vconf-map-keywords" }, "Top keywords: ",
          ...top.flatMap((t, j) => [j ? " " : "", el("span", { class: "vconf-chip" }, `${t.text} (${t.n})`)])) : null,
        el("ul", { class: "vconf-map-list" }, ...items));
      panel.classList.add("vconf-map-selection", "is-open");
      main.classList.add("has-papers");
      panel.scrollTop = 0;
      status.textContent = heading;
    };
    const showTopics = () => {
      panel.classList.remove("vconf-map-selection", "is-open");
      main.classList.remove("has-papers");
      status.textContent = "";
      if (!levels.length) {
        panel.replaceChildren(el("p", { class: "vconf-map-panel-empty" }, "Search or select an area to list its papers here."));
        return;
      }
      const L = levels[0];
      const order = [...L.label.keys()];
      panel.replaceChildren(el("h2", { class: "vconf-map-selection-heading" }, "Topics"),
        el("ul", { class: "vconf-map-topics" }, ...order.map((t) => {
          const b = el("button", { type: "button", class: "vconf-map-topic" },
            el("span", { class: "vconf-map-swatch", style: `background:${m.mode === "topic" ? m.colourOf(t) : m.NONE}`, "aria-hidden": "true" }),
            `${L.label[t]} `, el("span", { class: "vconf-map-count" }, `(${L.size[t]})`));
          b.addEventListener("click", () => zoomToTopic(0, t));
          return el("li", {}, b);
        })),
        el("p", { class: "vconf-map-panel-empty" }, "Search or select an area to list its papers here."));
    };
    const zoomToTopic = (l, t) => {
      let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      for (let i = 0; i < n; i++) {
        if (topicOf[l][i] !== t) continue;
        x0 = Math.min(x0, X[i]);
        x1 = Math.max(x1, X[i]);
        y0 = Math.min(y0, Y[i]);
        y1 = Math.max(y1, Y[i]);
      }
      if (x0 <= x1) m.showWorld(x0, y0, x1, y1);
    };

    /* ---- search ---- */
    // The search text, as the gallery's (vconf-match.js), so a paper found in one is found in
    // the other: made on the first search, and again once the authors have come.
    let matcher = null;
    const searchIndex = () => matcher || (matcher = window.vconfMatch.index(D.title.map((t, i) =>
      [t, ...(m.authors ? m.authors[i] : []), ...keywordsOf(i)].join("\n"))));
    const runSearch = () => {
      const hits = searchIndex().filter(search.value); // null: an empty query
      m.layerDirty = true;
      if (!hits) {
        m.matched = null;
        if (!m.selected) showTopics();
        m.draw();
        return 0;
      }
      m.matched = hits;
      const idx = [];
      for (let i = 0; i < n; i++) if (hits[i]) idx.push(i);
      showPapers(idx.length === 1 ? "1 paper matches" : `${idx.length} papers match`, idx, () => {
        search.value = "";
        m.matched = null;
      });
      m.draw();
      return idx.length;
    };
    /** The index's text changed (the authors came): the same query again. */
    const searchAgain = () => {
      matcher = null;
      if (search.value.trim()) runSearch();
    };
    let searchTimer = 0;
    search.addEventListener("focus", m.needAuthors);
    search.addEventListener("input", () => {
      m.needAuthors();
      clearTimeout(searchTimer);
      searchTimer = setTimeout(runSearch, n > 3000 ? 120 : 40);
    });
    search.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        runSearch();
      }
    });

    /* ---- a drawn box ---- */
    const selectBox = (x0, y0, x1, y1) => {
      const wx0 = (Math.min(x0, x1) - view.ox) / view.k, wx1 = (Math.max(x0, x1) - view.ox) / view.k;
      const wy0 = (Math.min(y0, y1) - view.oy) / view.k, wy1 = (Math.max(y0, y1) - view.oy) / view.k;
      const idx = [];
      const selected = (m.selected = new Uint8Array(n));
      for (let i = 0; i < n; i++) {
        if (X[i] >= wx0 && X[i] <= wx1 && Y[i] >= wy0 && Y[i] <= wy1) {
          selected[i] = 1;
          idx.push(i);
        }
      }
      showPapers(idx.length === 1 ? "1 paper selected" : `${idx.length} papers selected`, idx, () => {
        m.selected = null;
      });
      m.draw();
      return idx.map((i) => ids[i]);
    };

    /* ---- marks: bookmarks and sessions happening now ---- */
    const updateMarks = () => {
      const bm = vconf.bookmarks ? vconf.bookmarks() : new Set();
      const bookmarked = (m.bookmarked = new Uint8Array(n));
      const inSessionNow = (m.inSessionNow = new Uint8Array(n));
      const now = vconf.now ? vconf.now().getTime() : Date.now();
      const live = new Set();
      D.sessions.values.forEach((sid, k) => {
        const s = m.sessionById.get(String(sid));
        if (s && Date.parse(s.start) <= now && now < Date.parse(s.end)) live.add(k);
      });
      let nb = 0, nl = 0;
      for (let i = 0; i < n; i++) {
        if (bm.has(ids[i])) bookmarked[i] = 1, nb++;
        if (D.sessions.of[i].some((k) => live.has(k))) inSessionNow[i] = 1, nl++;
      }
      marks.replaceChildren(
        nb ? el("li", { class: "vconf-map-mark is-bookmarked" }, el("span", { class: "vconf-map-ring", "aria-hidden": "true" }), `Bookmarked (${nb})`) : null,
        nl ? el("li", { class: "vconf-map-mark is-now" }, el("span", { class: "vconf-map-ring", "aria-hidden": "true" }), `In a session now (${nl})`) : null);
      marks.hidden = !nb && !nl;
      m.draw();
    };
    return { showTopics, runSearch, searchAgain, selectBox, updateMarks };
  };
})();
