/* vconf-map.js: the paper map (map.html) as a poster hall: data, view, colours, start.
 *
 * One <canvas>, not a node per point. From afar: a light density shading, dots coloured by
 * topic (or track, session, type, decision) and topic labels that never overlap (placed
 * greedily, biggest topic first), coarse labels zoomed out and finer ones zoomed in. Up
 * close: the papers' figures, loaded lazily for the points on screen only. Search and a
 * drawn box (Shift+drag) list papers in a panel beside the map (over it on a phone);
 * bookmarked papers and papers in sessions happening now are marked. The wheel zooms only
 * with Ctrl/⌘ or after a click into the map: otherwise the page scrolls.
 *
 * Data: data/map.json by column (see sphinxext_vconf.publish.map_json); authors come from
 * data/gallery.json, loaded only when the reader searches or hovers. Search matches as the
 * gallery and the search box do (vconf-match.js: prefixes, one typo). Needs vconf-time.js
 * and vconf-match.js.
 *
 * The map is made of parts, one job each, loaded before this file (which starts the map):
 *   vconf-map-draw.js     density, dots and rings on the canvas; paint(), draw(), resize()
 *   vconf-map-labels.js   topic labels: placement and drawing
 *   vconf-map-figures.js  figures up close, loaded lazily
 *   vconf-map-panel.js    the side panel: topics, search, area selection, marks
 *   vconf-map-input.js    the tooltip, pointer, wheel, keyboard and buttons
 * Each registers a factory, vconf.mapParts[name] = (m) => ({ functions }); the functions
 * are merged into m, the one object the parts share (a name given twice is an error):
 *   data     D, n, ids, X, Y, bounds {minX, maxX, minY, maxY, spanX, spanY}, levels,
 *            topicOf, base, urlOf(i), thumbOf(i), keywordsOf(i), sessionById, authors
 *            (null until gallery.json has come), needAuthors()
 *   page     box, toolbar controls (search, colourSel, selectBtn, zoomIn, zoomOut, resetBtn),
 *            stage, canvas, ctx, tip, rubber, hint, main, panel, legend, marks, status
 *   view     view {k, ox, oy} (screen = o + world × k), W, H, dpr, fitK, touched,
 *            zoomedAt; fit(), sx(i), sy(i), zoom(), zoomAt(x, y, f), pan(dx, dy),
 *            showWorld(x0, y0, x1, y1), reset(), levelNow(), radius()
 *   colours  mode, groups [{key, label, colour, idx}], colourBy(mode), colourOfPaper(i),
 *            colourOf(g), NONE
 *   state    matched / selected (Uint8Array or null), bookmarked, inSessionNow
 *            (Uint8Array), hover (-1 or a paper), posters, posterW, posterH, layerDirty,
 *            onScreen (the papers in the last paint)
 * and what the parts give (see each file's header).
 */
(() => {
  "use strict";
  const vconf = (window.vconf = window.vconf || {});
  const parts = (vconf.mapParts = vconf.mapParts || {});
  const PARTS = ["draw", "labels", "figures", "panel", "input"];
  let resolveReady, rejectReady;
  const ready = new Promise((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => {});
  const api = (vconf.map = { ready, pointToScreen: () => null, timings: {}, frames: null });

  // Tableau 10: distinct in light and dark; more categories continue round the hue circle.
  const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac"];
  const colourOf = (i) => (i < PALETTE.length ? PALETTE[i] : `hsl(${Math.round((i * 137.508) % 360)} 62% 52%)`);
  const NONE = "#8a8f98";
  const LEVEL_ZOOM = [0, 2, 5]; // zoom (× the fitted view) from which each topic level is shown
  const MODES = [["topic", "Topic"], ["track", "Track"], ["session", "Session"], ["presentation", "Type"],
    ["type", "Paper type"], ["decision", "Decision"]];

  const whenVconf = () => new Promise((res) => {
    if (vconf.ready) vconf.ready.then(res);
    else document.addEventListener("vconf:ready", () => res(vconf), { once: true });
  });

  const failed = (box, el, err) => {
    const local = location.protocol === "file:";
    box.replaceChildren(el("div", { class: "vconf-map-error", role: "alert" },
      el("p", {}, el("strong", {}, "The map could not load its data. "),
        local ? "Browsers do not let a page opened from a file load data files: serve the site folder "
          + "(for example with “python -m http.server”) and open it at its http:// address."
          : `Reload the page to try again (${err && err.message ? err.message : "network error"}).`),
      el("p", {}, "Every paper is listed on ",
        el("a", { href: new URL("papers.html", vconf.dataRoot(box.dataset.map)).href }, "the papers page"), ".")));
    box.classList.add("vconf-map-failed");
  };

  async function init(box) {
    await whenVconf();
    const { el, norm } = vconf;
    let D, sessions;
    try {
      [D, sessions] = await Promise.all([
        vconf.loadJSON(box.dataset.map),
        box.dataset.sessions ? vconf.loadJSON(box.dataset.sessions).catch(() => []) : Promise.resolve([]),
      ]);
    } catch (err) {
      failed(box, el, err);
      throw err;
    }
    const base = vconf.dataRoot(box.dataset.map);
    const n = D.id.length;
    const ids = D.id.map(String);
    const X = Float64Array.from(D.x, (v) => v / 10000);
    const Y = Float64Array.from(D.y, (v) => v / 10000);
    const pattern = (f, i) => (f.values ? f.values[i] : f.has && !f.has[i] ? "" : f.prefix + ids[i] + f.suffix);
    const urlOf = (i) => new URL(pattern(D.url, i), base).href;
    const thumbOf = (i) => pattern(D.thumbnail, i);
    const keywordsOf = (i) => D.keywords.of[i].map((k) => D.keywords.values[k]);
    const levels = (D.topics && D.topics.levels) || [];
    const topicOf = levels.map((_, l) => Int32Array.from(D.topics.of[l]));
    const indexOf = new Map(ids.map((id, i) => [id, i]));

    /* ---- DOM ---- */
    const uid = (s) => `vconf-map-${s}`;
    const search = el("input", { type: "search", id: uid("q"), class: "form-control", autocomplete: "off", placeholder: "Title, author or keyword" });
    const counts = (f) => (f ? f.values.length : 0);
    const modes = MODES.filter(([md]) => (md === "topic" ? levels.length > 0
      : md === "session" ? counts(D.sessions) >= 2 : counts(D[md]) >= 2));
    const colourSel = el("select", { id: uid("colour"), class: "form-select" },
      ...modes.map(([md, label]) => el("option", { value: md }, label)));
    const selectBtn = el("button", { type: "button", class: "btn btn-sm vconf-map-select", "aria-pressed": "false" }, "Select area");
    const zoomIn = el("button", { type: "button", class: "btn btn-sm vconf-map-zoom", "aria-label": "Zoom in" }, "+");
    const zoomOut = el("button", { type: "button", class: "btn btn-sm vconf-map-zoom", "aria-label": "Zoom out" }, "−");
    const resetBtn = el("button", { type: "button", class: "btn btn-sm vconf-map-reset" }, "Reset view");
    const toolbar = el("div", { class: "vconf-map-toolbar" },
      el("div", { class: "vconf-field vconf-field-q" }, el("label", { for: uid("q") }, "Search the map"), search),
      modes.length ? el("div", { class: "vconf-field" }, el("label", { for: uid("colour") }, "Colour by"), colourSel) : null,
      el("div", { class: "vconf-map-buttons", role: "group", "aria-label": "Map view" }, selectBtn, zoomIn, zoomOut, resetBtn));
    const mac = /Mac|iPhone|iPad/.test(navigator.platform || "");
    const help = el("p", { class: "vconf-map-help" },
      "Papers close together are about similar things. Drag to move; zoom with the buttons, pinch, "
      + `${mac ? "⌘" : "Ctrl"}+scroll, or scroll after clicking into the map. Zoom in to see the figures; `
      + "hover or tap a dot for its paper. Shift+drag (or “Select area”) lists the papers in a box.");
    const canvas = el("canvas", {
      class: "vconf-map-canvas", tabindex: "0", role: "application", "aria-roledescription": "map",
      "aria-label": `Map of ${n} papers. Arrow keys move, plus and minus zoom, 0 resets. `
        + "Use the search box or area selection to list papers.",
    });
    const tip = el("div", { class: "vconf-map-tooltip", hidden: true });
    const rubber = el("div", { class: "vconf-map-box", hidden: true });
    const hint = el("div", { class: "vconf-map-hint", "aria-hidden": "true" },
      `${mac ? "⌘" : "Ctrl"} + scroll zooms the map (or click into it first)`);
    const stage = el("div", { class: "vconf-map-stage" }, canvas, tip, rubber, hint);
    const panel = el("aside", { class: "vconf-map-panel", "aria-label": "Papers on the map" });
    const main = el("div", { class: "vconf-map-main" }, stage, panel);
    const legend = el("ul", { class: "vconf-map-legend", "aria-label": "Colours" });
    const marks = el("ul", { class: "vconf-map-marks", "aria-label": "Marks" });
    const status = el("p", { class: "vconf-map-status visually-hidden", role: "status", "aria-live": "polite" });
    box.replaceChildren(toolbar, help, main, legend, marks, status);
    box.classList.add("vconf-map-ready");
    const ctx = canvas.getContext("2d");

    /* ---- view: screen = o + world * k ---- */
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, X[i]);
      maxX = Math.max(maxX, X[i]);
      minY = Math.min(minY, Y[i]);
      maxY = Math.max(maxY, Y[i]);
    }
    if (!n) minX = minY = 0, maxX = maxY = 1;
    const spanX = Math.max(maxX - minX, 1e-6);
    const spanY = Math.max(maxY - minY, 1e-6);
    // The first view fits the bulk of the papers (2nd to 98th percentile, padded) where a few
    // stray ones lie far off (UMAP puts tight outlier groups, e.g. invited talks, at a distance).
    const bulk = (A, lo, hi) => {
      if (n < 50) return [lo, hi];
      const s = Float64Array.from(A).sort();
      const a = s[Math.floor(n * 0.02)], b = s[Math.ceil(n * 0.98) - 1], pad = (b - a) * 0.08;
      // only where the strays would shrink the rest a lot: otherwise every paper is in view
      return hi - lo > 1.5 * (b - a + 2 * pad) ? [Math.max(lo, a - pad), Math.min(hi, b + pad)] : [lo, hi];
    };
    const [fx0, fx1] = bulk(X, minX, maxX);
    const [fy0, fy1] = bulk(Y, minY, maxY);
    const view = { k: 1, ox: 0, oy: 0 };

    /** What the parts share (see the header). */
    const m = {
      D, n, ids, X, Y, bounds: { minX, maxX, minY, maxY, spanX, spanY }, levels, topicOf, base, urlOf, thumbOf,
      keywordsOf, sessionById: new Map(sessions.map((s) => [String(s.id), s])), authors: null,
      el, norm, colourOf, NONE, api, box, search, colourSel, selectBtn, zoomIn, zoomOut, resetBtn, stage, canvas,
      ctx, tip, rubber, hint, main, panel, legend, marks, status,
      view, W: 0, H: 0, dpr: 1, fitK: 1, touched: false, zoomedAt: 0,
      mode: "", groups: [], matched: null, selected: null, bookmarked: new Uint8Array(n),
      inSessionNow: new Uint8Array(n), hover: -1, posters: false, posterW: 0, posterH: 0, layerDirty: true,
      onScreen: [],
    };
    const fit = () => {
      const { W, H } = m;
      const pad = Math.min(32, Math.min(W, H) * 0.06);
      const fw = Math.max(fx1 - fx0, 1e-6), fh = Math.max(fy1 - fy0, 1e-6);
      m.fitK = Math.min((W - 2 * pad) / fw, (H - 2 * pad) / fh);
      view.k = m.fitK;
      view.ox = (W - fw * m.fitK) / 2 - fx0 * m.fitK;
      view.oy = (H - fh * m.fitK) / 2 - fy0 * m.fitK;
    };
    const sx = (i) => view.ox + X[i] * view.k;
    const sy = (i) => view.oy + Y[i] * view.k;
    const zoom = () => view.k / m.fitK;
    const zoomAt = (mx, my, f) => {
      const k = Math.min(Math.max(view.k * f, m.fitK * 0.5), m.fitK * 400);
      f = k / view.k;
      view.ox = mx - (mx - view.ox) * f;
      view.oy = my - (my - view.oy) * f;
      view.k = k;
      m.touched = true;
      m.zoomedAt = performance.now();
      m.hideTip();
      m.draw();
    };
    const pan = (dx, dy) => {
      view.ox += dx;
      view.oy += dy;
      m.touched = true;
      m.hideTip();
      m.draw();
    };
    /** Show a world rectangle (a topic's papers) filling the stage. */
    const showWorld = (x0, y0, x1, y1) => {
      const { W, H, fitK } = m;
      const pad = 40;
      const k = Math.min(Math.max(Math.min((W - 2 * pad) / Math.max(x1 - x0, 1e-4), (H - 2 * pad) / Math.max(y1 - y0, 1e-4)), fitK), fitK * 400);
      view.k = k;
      view.ox = W / 2 - ((x0 + x1) / 2) * k;
      view.oy = H / 2 - ((y0 + y1) / 2) * k;
      m.touched = true;
      m.hideTip();
      m.draw();
    };
    const reset = () => {
      m.touched = false;
      fit();
      m.hideTip();
      m.draw();
    };
    const levelNow = () => {
      let l = 0;
      for (let j = 0; j < levels.length; j++) if (zoom() >= LEVEL_ZOOM[Math.min(j, LEVEL_ZOOM.length - 1)]) l = j;
      return l;
    };
    const baseR = n <= 500 ? 4 : n <= 2000 ? 3.2 : n <= 5000 ? 2.6 : 2.2;
    const radius = () => Math.min(10, baseR + Math.max(0, Math.log2(zoom())) * 1.2);

    /* ---- colours ---- */
    const keyFor = (md) => {
      if (md === "topic") return (i) => topicOf[0][i];
      if (md === "session") return (i) => (D.sessions.of[i].length ? D.sessions.of[i][0] : -1);
      return (i) => D[md].of[i];
    };
    const labelFor = (md, k) => {
      if (md === "topic") return levels[0].label[k];
      if (md === "session") {
        const sid = String(D.sessions.values[k]);
        return m.sessionById.get(sid)?.title || sid;
      }
      return D[md].values[k];
    };
    const colourBy = (md) => {
      m.mode = md;
      m.layerDirty = true;
      const keyOf = keyFor(md);
      const members = new Map();
      for (let i = 0; i < n; i++) {
        const k = keyOf(i);
        if (!members.has(k)) members.set(k, []);
        members.get(k).push(i);
      }
      let order = [...members.keys()].filter((k) => k >= 0);
      if (md === "session") {
        const t = (k) => Date.parse(m.sessionById.get(String(D.sessions.values[k]))?.start) || Infinity;
        order.sort((a, b) => t(a) - t(b) || a - b);
      } else order.sort((a, b) => members.get(b).length - members.get(a).length || a - b);
      if (members.has(-1)) order = order.concat([-1]);
      const none = { topic: "No topic", session: "No session", track: "No track", presentation: "No type", type: "No paper type", decision: "No decision" };
      m.groups = order.map((k, g) => ({
        key: k, label: k < 0 ? none[md] : labelFor(md, k), colour: k < 0 ? NONE : colourOf(g),
        idx: Int32Array.from(members.get(k)),
      }));
      legend.replaceChildren(...m.groups.map((g) => el("li", {},
        el("span", { class: "vconf-map-swatch", style: `background:${g.colour}`, "aria-hidden": "true" }),
        `${g.label} `, el("span", { class: "vconf-map-count" }, `(${g.idx.length})`))));
      legend.hidden = !m.groups.some((g) => g.key >= 0) || m.groups.length < 2;
      m.draw();
    };
    const colourOfPaper = (i) => {
      const k = keyFor(m.mode)(i);
      return (m.groups.find((g) => g.key === k) || {}).colour || NONE;
    };

    /* ---- authors, loaded when first needed ---- */
    let authorsPromise = null;
    const needAuthors = () => {
      if (authorsPromise || !box.dataset.gallery) return;
      authorsPromise = vconf.loadJSON(box.dataset.gallery).then((g) => {
        const col = g.fields.indexOf("authors"), idc = g.fields.indexOf("id");
        const byId = new Map(g.rows.map((row) => [String(row[idc]), row[col] || []]));
        m.authors = ids.map((id) => byId.get(id) || []);
        m.searchAgain();
        m.refreshTip();
      }).catch(() => {});
    };

    Object.assign(m, {
      fit, sx, sy, zoom, zoomAt, pan, showWorld, reset, levelNow, radius, colourBy, colourOfPaper, needAuthors,
    });
    for (const name of PARTS) {
      if (!parts[name]) throw new Error(`vconf map: vconf-map-${name}.js must load before vconf-map.js`);
      for (const [key, value] of Object.entries(parts[name](m))) {
        if (key in m) throw new Error(`vconf map: ${key} given twice`);
        m[key] = value;
      }
    }

    /* ---- start ---- */
    colourSel.addEventListener("change", () => {
      colourBy(colourSel.value);
      if (!panel.classList.contains("is-open")) m.showTopics();
    });
    m.readColours();
    new MutationObserver(() => {
      m.readColours();
      m.draw();
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "data-mode"] });
    new ResizeObserver(m.resize).observe(stage);
    window.addEventListener("resize", m.resize); // devicePixelRatio changes with browser zoom
    document.addEventListener("vconf:bookmark", m.updateMarks);
    window.addEventListener("pageshow", m.updateMarks);
    setInterval(m.updateMarks, 60000);
    // by track where there are a few; more than the palette's ten colours is confetti: by topic
    const tracks = counts(D.track);
    const first = tracks >= 2 && (tracks <= PALETTE.length || !levels.length) ? "track" : modes.length ? modes[0][0] : "track";
    colourSel.value = first;
    colourBy(first);
    m.updateMarks();
    m.showTopics();
    m.resize();
    m.paint();

    api.pointToScreen = (id) => {
      const i = indexOf.get(String(id));
      return i === undefined ? null : { x: sx(i), y: sy(i) };
    };
    api.search = (query) => {
      search.value = query;
      return m.runSearch();
    };
    /** The ids of the papers the search box's query matches (none without a query). */
    api.found = () => (m.matched ? ids.filter((_, i) => m.matched[i]) : []);
    api.selectBox = (x0, y0, x1, y1) => m.selectBox(x0, y0, x1, y1);
    api.view = () => ({ ...view, zoom: zoom(), level: levels.length ? levelNow() : -1 });
    api.zoomAt = zoomAt;
    api.pan = pan;
    api.reset = reset;
    api.colourMode = () => m.mode;
    api.legend = () => m.groups.map((g) => ({ label: g.label, colour: g.colour, count: g.idx.length }));
    api.topics = () => levels.map((L) => L.label.slice());
    api.labels = () => m.placedLabels().map((p) => ({ level: p.level, topic: p.topic, text: p.text, x: p.x, y: p.y, w: p.w, h: p.h }));
    api.figures = () => m.figureStats();
    api.paint = m.paint;
    resolveReady(api);
  }

  const start = () => {
    const box = document.getElementById("vconf-map");
    if (!box) return;
    init(box).catch((err) => {
      console.error("vconf map:", err);
      rejectReady(err);
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
