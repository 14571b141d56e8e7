/* vconf-map.js: the paper map (map.html) as a poster hall.
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
 */
(() => {
  "use strict";
  const vconf = (window.vconf = window.vconf || {});
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
  const GRID = 64;
  const LIST_MAX = 100;
  const LEVEL_ZOOM = [0, 2, 5]; // zoom (× the fitted view) from which each topic level is shown
  const LABEL_PX = [15, 13, 12];
  const POSTER_ZOOM = 7; // zoom from which points become their figures
  const POSTER_MAX = 250; // ... when no more than this many are on screen
  const MODES = [["topic", "Topic"], ["track", "Track"], ["session", "Session"], ["presentation", "Type"],
    ["decision", "Decision"]];

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
    let authors = null; // from gallery.json, when asked for
    // The search text, as the gallery's (vconf-match.js), so a paper found in one is found in
    // the other: made on the first search, and again once the authors have come.
    let matcher = null;
    const searchIndex = () => matcher || (matcher = window.vconfMatch.index(D.title.map((t, i) =>
      [t, ...(authors ? authors[i] : []), ...keywordsOf(i)].join("\n"))));
    const indexOf = new Map(ids.map((id, i) => [id, i]));

    /* ---- DOM ---- */
    const uid = (s) => `vconf-map-${s}`;
    const search = el("input", { type: "search", id: uid("q"), class: "form-control", autocomplete: "off", placeholder: "Title, author or keyword" });
    const counts = (f) => (f ? f.values.length : 0);
    const modes = MODES.filter(([m]) => (m === "topic" ? levels.length > 0
      : m === "session" ? counts(D.sessions) >= 2 : counts(D[m]) >= 2));
    const colourSel = el("select", { id: uid("colour"), class: "form-select" },
      ...modes.map(([m, label]) => el("option", { value: m }, label)));
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

    /* ---- colours ---- */
    const sessionById = new Map(sessions.map((s) => [String(s.id), s]));
    let groups = []; // [{label, colour, idx: Int32Array}]
    let mode = "";
    const keyFor = (m) => {
      if (m === "topic") return (i) => topicOf[0][i];
      if (m === "session") return (i) => (D.sessions.of[i].length ? D.sessions.of[i][0] : -1);
      return (i) => D[m].of[i];
    };
    const labelFor = (m, k) => {
      if (m === "topic") return levels[0].label[k];
      if (m === "session") {
        const sid = String(D.sessions.values[k]);
        return sessionById.get(sid)?.title || sid;
      }
      return D[m].values[k];
    };
    const colourBy = (m) => {
      mode = m;
      layerDirty = true;
      const keyOf = keyFor(m);
      const members = new Map();
      for (let i = 0; i < n; i++) {
        const k = keyOf(i);
        if (!members.has(k)) members.set(k, []);
        members.get(k).push(i);
      }
      let order = [...members.keys()].filter((k) => k >= 0);
      if (m === "session") {
        const t = (k) => Date.parse(sessionById.get(String(D.sessions.values[k]))?.start) || Infinity;
        order.sort((a, b) => t(a) - t(b) || a - b);
      } else order.sort((a, b) => members.get(b).length - members.get(a).length || a - b);
      if (members.has(-1)) order = order.concat([-1]);
      const none = { topic: "No topic", session: "No session", track: "No track", presentation: "No type", decision: "No decision" };
      groups = order.map((k, g) => ({
        key: k, label: k < 0 ? none[m] : labelFor(m, k), colour: k < 0 ? NONE : colourOf(g),
        idx: Int32Array.from(members.get(k)),
      }));
      legend.replaceChildren(...groups.map((g) => el("li", {},
        el("span", { class: "vconf-map-swatch", style: `background:${g.colour}`, "aria-hidden": "true" }),
        `${g.label} `, el("span", { class: "vconf-map-count" }, `(${g.idx.length})`))));
      legend.hidden = !groups.some((g) => g.key >= 0) || groups.length < 2;
      draw();
    };
    const colourOfPaper = (i) => {
      const k = keyFor(mode)(i);
      return (groups.find((g) => g.key === k) || {}).colour || NONE;
    };

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
    let W = 0, H = 0, dpr = 1;
    const view = { k: 1, ox: 0, oy: 0 };
    let fitK = 1;
    let touched = false; // the reader moved the view: keep it on resize
    const fit = () => {
      const pad = Math.min(32, Math.min(W, H) * 0.06);
      const fw = Math.max(fx1 - fx0, 1e-6), fh = Math.max(fy1 - fy0, 1e-6);
      fitK = Math.min((W - 2 * pad) / fw, (H - 2 * pad) / fh);
      view.k = fitK;
      view.ox = (W - fw * fitK) / 2 - fx0 * fitK;
      view.oy = (H - fh * fitK) / 2 - fy0 * fitK;
    };
    const sx = (i) => view.ox + X[i] * view.k;
    const sy = (i) => view.oy + Y[i] * view.k;
    const zoom = () => view.k / fitK;
    const zoomAt = (mx, my, f) => {
      const k = Math.min(Math.max(view.k * f, fitK * 0.5), fitK * 400);
      f = k / view.k;
      view.ox = mx - (mx - view.ox) * f;
      view.oy = my - (my - view.oy) * f;
      view.k = k;
      touched = true;
      zoomedAt = performance.now();
      hideTip();
      draw();
    };
    const pan = (dx, dy) => {
      view.ox += dx;
      view.oy += dy;
      touched = true;
      hideTip();
      draw();
    };
    /** Show a world rectangle (a topic's papers) filling the stage. */
    const showWorld = (x0, y0, x1, y1) => {
      const pad = 40;
      const k = Math.min(Math.max(Math.min((W - 2 * pad) / Math.max(x1 - x0, 1e-4), (H - 2 * pad) / Math.max(y1 - y0, 1e-4)), fitK), fitK * 400);
      view.k = k;
      view.ox = W / 2 - ((x0 + x1) / 2) * k;
      view.oy = H / 2 - ((y0 + y1) / 2) * k;
      touched = true;
      hideTip();
      draw();
    };

    /* ---- spatial grid (world coordinates) for hit tests ---- */
    const cellOf = (v, lo, span) => Math.min(GRID - 1, Math.max(0, Math.floor(((v - lo) / span) * GRID)));
    const cellStart = new Int32Array(GRID * GRID + 1);
    const cellItems = new Int32Array(n);
    {
      const cell = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        cell[i] = cellOf(Y[i], minY, spanY) * GRID + cellOf(X[i], minX, spanX);
        cellStart[cell[i] + 1]++;
      }
      for (let c = 0; c < GRID * GRID; c++) cellStart[c + 1] += cellStart[c];
      const fill = cellStart.slice(0, GRID * GRID);
      for (let i = 0; i < n; i++) cellItems[fill[cell[i]]++] = i;
    }
    const baseR = n <= 500 ? 4 : n <= 2000 ? 3.2 : n <= 5000 ? 2.6 : 2.2;
    const radius = () => Math.min(10, baseR + Math.max(0, Math.log2(zoom())) * 1.2);
    let posters = false; // figures drawn instead of dots this frame
    let posterW = 0, posterH = 0;
    /** The paper under a screen point (CSS px), or -1. */
    const hit = (px, py) => {
      const slop = posters ? Math.max(posterW, posterH) / 2 : radius() + (lastPointerType === "mouse" ? 3 : 10);
      const wx = (px - view.ox) / view.k, wy = (py - view.oy) / view.k, wr = slop / view.k;
      const c0 = cellOf(wx - wr, minX, spanX), c1 = cellOf(wx + wr, minX, spanX);
      const r0 = cellOf(wy - wr, minY, spanY), r1 = cellOf(wy + wr, minY, spanY);
      let best = -1, bestD = slop * slop;
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const cc = r * GRID + c;
          for (let j = cellStart[cc]; j < cellStart[cc + 1]; j++) {
            const i = cellItems[j];
            const dx = sx(i) - px, dy = sy(i) - py, d = dx * dx + dy * dy;
            // a match wins over a dimmed neighbour at the same spot
            if (d < bestD || (d === bestD && matched && matched[i])) {
              best = i;
              bestD = d;
            }
          }
        }
      }
      return best;
    };

    /* ---- density shading: one small image of the point density, scaled with the view ---- */
    const DG = 160;
    const density = document.createElement("canvas");
    {
      density.width = density.height = DG;
      const h = new Float32Array(DG * DG);
      const s = Math.max(spanX, spanY);
      for (let i = 0; i < n; i++) {
        const gx = Math.min(DG - 1, Math.floor(((X[i] - minX) / s) * (DG - 8)) + 4);
        const gy = Math.min(DG - 1, Math.floor(((Y[i] - minY) / s) * (DG - 8)) + 4);
        h[gy * DG + gx]++;
      }
      const blur = (a) => { // three box blurs: close to a Gaussian
        const b = new Float32Array(a.length);
        for (let pass = 0; pass < 3; pass++) {
          for (let y = 0; y < DG; y++) for (let x = 0; x < DG; x++) {
            let t = 0;
            for (let d = -2; d <= 2; d++) t += a[y * DG + Math.min(DG - 1, Math.max(0, x + d))];
            b[y * DG + x] = t / 5;
          }
          for (let y = 0; y < DG; y++) for (let x = 0; x < DG; x++) {
            let t = 0;
            for (let d = -2; d <= 2; d++) t += b[Math.min(DG - 1, Math.max(0, y + d)) * DG + x];
            a[y * DG + x] = t / 5;
          }
        }
        return a;
      };
      blur(h);
      let top = 0;
      for (const v of h) top = Math.max(top, v);
      const dctx = density.getContext("2d");
      const img = dctx.createImageData(DG, DG);
      for (let p = 0; p < h.length; p++) {
        const a = top ? Math.sqrt(h[p] / top) : 0;
        img.data.set([110, 120, 140, Math.round(a * 70)], p * 4);
      }
      dctx.putImageData(img, 0, 0);
      density.world = { x: minX - (4 / (DG - 8)) * s, y: minY - (4 / (DG - 8)) * s, size: (DG / (DG - 8)) * s };
    }

    /* ---- topic labels ---- */
    const levelNow = () => {
      let l = 0;
      for (let j = 0; j < levels.length; j++) if (zoom() >= LEVEL_ZOOM[Math.min(j, LEVEL_ZOOM.length - 1)]) l = j;
      return l;
    };
    const measured = levels.map(() => new Map());
    const labelLines = (text) => (text.length > 20 && text.includes(", ") ? text.split(", ").map((t, j, a) => (j < a.length - 1 ? `${t},` : t)) : [text]);
    let placed = [];
    const drawLabels = () => {
      placed = [];
      if (!levels.length) return;
      const l = levelNow();
      const L = levels[l];
      const px = LABEL_PX[Math.min(l, LABEL_PX.length - 1)];
      const lh = px * 1.2;
      ctx.font = `${l ? 600 : 700} ${px}px system-ui, -apple-system, "Segoe UI", sans-serif`;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      // biggest topics first (topic ids are numbered biggest first)
      const free = (b) => !placed.some((o) => b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h);
      for (let t = 0; t < L.label.length; t++) {
        let m = measured[l].get(t);
        if (!m) {
          const lines = labelLines(L.label[t]);
          const short = L.label[t].split(", ")[0];
          m = { lines, w: Math.max(...lines.map((s) => ctx.measureText(s).width)), short, sw: ctx.measureText(short).width };
          measured[l].set(t, m);
        }
        const ax = view.ox + L.x[t] * view.k, ay = view.oy + L.y[t] * view.k;
        if (ax < 0 || ay < 0 || ax > W || ay > H) continue;
        // the whole name over its topic (nudged inside the map, above, below or beside); else its first term
        let found = null;
        for (const [lines, w] of [[m.lines, m.w], [[m.short], m.sw]]) {
          const h = lines.length * lh;
          for (const [dx, dy] of [[0, 0], [0, -h * 0.75], [0, h * 0.75], [-w / 2, 0], [w / 2, 0]]) {
            const cx = Math.min(Math.max(ax + dx, w / 2 + 4), W - w / 2 - 4), cy = Math.min(Math.max(ay + dy, h / 2 + 3), H - h / 2 - 3);
            const bx = { x: cx - w / 2 - 3, y: cy - h / 2 - 2, w: w + 6, h: h + 4 };
            if (bx.x < 0 || bx.y < 0 || bx.x + bx.w > W || bx.y + bx.h > H || !free(bx)) continue;
            found = { ...bx, lines, cx, cy };
            break;
          }
          if (found) break;
        }
        if (found) placed.push({ ...found, level: l, topic: t, text: L.label[t] });
      }
      ctx.lineWidth = 4;
      ctx.strokeStyle = colours.bg;
      ctx.fillStyle = colours.fg;
      for (const p of placed) {
        p.lines.forEach((s, j) => {
          const y = p.cy - ((p.lines.length - 1) * lh) / 2 + j * lh;
          ctx.strokeText(s, p.cx, y);
          ctx.fillText(s, p.cx, y);
        });
      }
    };

    /* ---- figures up close: loaded lazily, only for points on screen ---- */
    const images = new Map(); // i -> HTMLImageElement
    const requested = new Set();
    let loading = 0;
    let drawnImages = 0;
    const image = (i) => {
      let img = images.get(i);
      if (img || loading >= 8) return img;
      const src = thumbOf(i);
      if (!src) return null;
      img = new Image();
      loading++;
      const done = () => {
        loading--;
        draw();
      };
      // decoded off the main thread before it is drawn: a first drawImage would decode it there
      img.onload = () => img.decode().then(() => { img.ready = true; }, () => {}).then(done);
      img.onerror = done;
      img.src = new URL(src, base).href;
      images.set(i, img);
      requested.add(i);
      if (images.size > 800) { // forget the oldest (insertion order)
        for (const [j, old] of images) {
          if (images.size <= 600) break;
          if (old.complete) {
            images.delete(j);
            requested.delete(j);
          }
        }
      }
      return img;
    };

    /* ---- drawing ---- */
    let matched = null; // Uint8Array while a search is active
    let selected = null; // Uint8Array while a box selection exists
    let hover = -1;
    let frame = 0;
    let colours = {};
    let bookmarked = new Uint8Array(n);
    let inSessionNow = new Uint8Array(n);
    const readColours = () => {
      const cs = getComputedStyle(box);
      const v = (name, fb) => cs.getPropertyValue(name).trim() || fb;
      colours = { bg: v("--pst-color-background", "#fff"), fg: v("--pst-color-text-base", "#222832") };
      layerDirty = true;
    };
    const draw = () => {
      if (!frame) frame = requestAnimationFrame(paint);
    };
    const onScreen = [];
    /* The density and the dots are drawn into a layer a half-stage bigger than the stage on
       each side: panning copies it (one drawImage, not thousands of dots to rasterise), a
       running zoom scales it, and it is drawn again when the view leaves it, when the zoom
       settles, or when what it shows changes (colours, search). */
    let layer = null;
    let layerDirty = true;
    let zoomedAt = 0;
    let sharpen = 0;
    const dotsInto = (c, lo, hiX, hiY) => {
      const r = radius();
      const small = r < 2.6; // tiny dots: squares draw faster and look the same
      const dw = density.world;
      c.imageSmoothingEnabled = true;
      c.drawImage(density, view.ox + dw.x * view.k, view.oy + dw.y * view.k, dw.size * view.k, dw.size * view.k);
      const pass = (want, alpha) => {
        c.globalAlpha = alpha;
        for (const g of groups) {
          c.fillStyle = g.colour;
          c.beginPath();
          let any = false;
          for (const i of g.idx) {
            if (want !== null && (matched[i] === 1) !== want) continue;
            const x = sx(i), y = sy(i);
            if (x < lo - r || y < lo - r || x > hiX + r || y > hiY + r) continue;
            if (small) c.rect(x - r, y - r, 2 * r, 2 * r);
            else {
              c.moveTo(x + r, y);
              c.arc(x, y, r, 0, 2 * Math.PI);
            }
            any = true;
          }
          if (any) c.fill();
        }
      };
      if (matched) {
        pass(false, 0.18);
        pass(true, 1);
      } else pass(null, 0.88);
      c.globalAlpha = 1;
    };
    const renderLayer = () => {
      const M = Math.round(Math.max(W, H) / 2), LW = W + 2 * M, LH = H + 2 * M;
      if (!layer || layer.canvas.width !== Math.round(LW * dpr) || layer.canvas.height !== Math.round(LH * dpr)) {
        const c = document.createElement("canvas");
        c.width = Math.round(LW * dpr);
        c.height = Math.round(LH * dpr);
        layer = { canvas: c, ctx: c.getContext("2d") };
      }
      const c = layer.ctx;
      c.setTransform(dpr, 0, 0, dpr, M * dpr, M * dpr); // draw in stage coordinates
      c.clearRect(-M, -M, LW, LH);
      dotsInto(c, -M, W + M, H + M);
      Object.assign(layer, { k: view.k, ox: view.ox, oy: view.oy, M, LW, LH, dpr });
      layerDirty = false;
    };
    const drawLayer = () => {
      const ok = layer && !layerDirty && layer.dpr === dpr && layer.LW === W + 2 * layer.M && layer.LH === H + 2 * layer.M;
      const rr = ok ? view.k / layer.k : 0;
      const inside = (dx, dy) => Math.abs(dx) <= layer.M && Math.abs(dy) <= layer.M;
      if (ok && rr === 1 && inside(view.ox - layer.ox, view.oy - layer.oy)) {
        // a pan: the same pixels, moved
      } else if (ok && rr > 0.6 && rr < 1.7 && performance.now() - zoomedAt < 250) {
        clearTimeout(sharpen); // a zoom under way: scale what is drawn, sharpen when it rests
        sharpen = setTimeout(draw, 260);
      } else {
        renderLayer();
      }
      const k = view.k / layer.k;
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(layer.canvas, view.ox - (layer.M + layer.ox) * k, view.oy - (layer.M + layer.oy) * k, layer.LW * k, layer.LH * k);
    };
    const paint = () => {
      const t0 = performance.now();
      frame = 0;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, W, H);
      const r = radius();
      onScreen.length = 0;
      for (let i = 0; i < n; i++) {
        const x = sx(i), y = sy(i);
        if (x >= -r && y >= -r && x <= W + r && y <= H + r) onScreen.push(i);
      }
      posters = zoom() >= POSTER_ZOOM && onScreen.length <= POSTER_MAX;
      drawnImages = 0;
      const card = (i, x, y) => { // no figure: its title on a card tinted with its colour
        const a = ctx.globalAlpha;
        ctx.globalAlpha = a * 0.16;
        ctx.fillStyle = colourOfPaper(i);
        ctx.fillRect(x, y, posterW, posterH);
        ctx.globalAlpha = a;
        if (posterW < 56) return;
        const px = Math.max(8, Math.round(posterW / 11)), per = Math.max(4, Math.floor((posterW - 8) / (px * 0.55)));
        const words = D.title[i].split(/\s+/), lines = [];
        for (const w of words) {
          if (lines.length && (lines[lines.length - 1] + " " + w).length <= per) lines[lines.length - 1] += ` ${w}`;
          else lines.push(w);
        }
        const fit = Math.floor((posterH - 6) / (px * 1.2));
        ctx.fillStyle = colours.fg;
        ctx.font = `${px}px system-ui, sans-serif`;
        ctx.textAlign = "left";
        ctx.textBaseline = "top";
        lines.slice(0, fit).forEach((t, j) => ctx.fillText(j === fit - 1 && lines.length > fit ? `${t.slice(0, per - 1)}…` : t.slice(0, per), x + 4, y + 3 + j * px * 1.2, posterW - 8));
      };
      if (posters) {
        const dw = density.world;
        ctx.drawImage(density, view.ox + dw.x * view.k, view.oy + dw.y * view.k, dw.size * view.k, dw.size * view.k);
        posterW = Math.min(160, 40 * Math.sqrt(zoom() / POSTER_ZOOM));
        posterH = posterW * 0.7;
        for (const i of onScreen) {
          const x = sx(i) - posterW / 2, y = sy(i) - posterH / 2;
          const img = image(i);
          ctx.globalAlpha = matched && !matched[i] ? 0.25 : 1;
          ctx.fillStyle = colours.bg;
          ctx.fillRect(x, y, posterW, posterH);
          if (img && img.ready) {
            ctx.drawImage(img, x, y, posterW, posterH);
            drawnImages++;
          } else if (!thumbOf(i)) card(i, x, y);
          ctx.strokeStyle = colourOfPaper(i);
          ctx.lineWidth = 2;
          ctx.strokeRect(x, y, posterW, posterH);
        }
      } else drawLayer();
      ctx.globalAlpha = 1;
      const ring = (flags, colour, extra, width) => {
        ctx.strokeStyle = colour;
        ctx.lineWidth = width;
        ctx.beginPath();
        for (const i of onScreen) {
          if (!flags[i]) continue;
          if (posters) ctx.rect(sx(i) - posterW / 2 - extra, sy(i) - posterH / 2 - extra, posterW + 2 * extra, posterH + 2 * extra);
          else {
            ctx.moveTo(sx(i) + r + extra, sy(i));
            ctx.arc(sx(i), sy(i), r + extra, 0, 2 * Math.PI);
          }
        }
        ctx.stroke();
      };
      if (selected) ring(selected, colours.fg, 1.5, 1.25);
      ring(inSessionNow, "#d62728", 2.5, 2);
      ring(bookmarked, "#e6a700", 4.5, 2);
      if (hover >= 0) {
        ctx.strokeStyle = colours.fg;
        ctx.lineWidth = 2;
        ctx.beginPath();
        if (posters) ctx.rect(sx(hover) - posterW / 2 - 3, sy(hover) - posterH / 2 - 3, posterW + 6, posterH + 6);
        else ctx.arc(sx(hover), sy(hover), r + 3, 0, 2 * Math.PI);
        ctx.stroke();
      }
      if (!posters) drawLabels();
      else placed = [];
      const ms = performance.now() - t0;
      api.timings.paintMs = ms;
      if (api.frames) api.frames.push(ms);
      if (api.timings.firstPaintMs === undefined) api.timings.firstPaintMs = performance.now();
    };
    const resize = () => {
      const rect = stage.getBoundingClientRect();
      const w = Math.max(1, Math.round(rect.width)), h = Math.max(1, Math.round(rect.height));
      const d = window.devicePixelRatio || 1;
      if (w === W && h === H && d === dpr) return;
      if (touched && W) {
        // keep what is in the middle in the middle
        view.ox += (w - W) / 2;
        view.oy += (h - H) / 2;
      }
      W = w;
      H = h;
      dpr = d;
      canvas.width = Math.round(W * dpr);
      canvas.height = Math.round(H * dpr);
      canvas.style.width = `${W}px`;
      canvas.style.height = `${H}px`;
      if (!touched) fit();
      hideTip();
      paint();
    };

    /* ---- authors, loaded when first needed ---- */
    let authorsPromise = null;
    const needAuthors = () => {
      if (authorsPromise || !box.dataset.gallery) return;
      authorsPromise = vconf.loadJSON(box.dataset.gallery).then((g) => {
        const col = g.fields.indexOf("authors"), idc = g.fields.indexOf("id");
        const byId = new Map(g.rows.map((row) => [String(row[idc]), row[col] || []]));
        authors = ids.map((id) => byId.get(id) || []);
        matcher = null;
        if (search.value.trim()) runSearch();
        if (!tip.hidden && hover >= 0) showTip(hover, pinned);
      }).catch(() => {});
    };

    /* ---- tooltip ---- */
    let pinned = false;
    const hideTip = () => {
      tip.hidden = true;
      pinned = false;
      if (hover >= 0) {
        hover = -1;
        draw();
      }
    };
    const topicName = (i) => {
      if (!levels.length) return "";
      const l = levelNow();
      return topicOf[l][i] >= 0 ? levels[l].label[topicOf[l][i]] : "";
    };
    const showTip = (i, pin) => {
      needAuthors();
      const who = authors ? authors[i] : [];
      const thumb = thumbOf(i);
      const topic = topicName(i);
      tip.replaceChildren(
        thumb ? el("img", { class: "vconf-map-thumb", src: new URL(thumb, base).href, alt: "", width: "400", height: "280" }) : null,
        el("a", { class: "vconf-map-tip-title", href: urlOf(i), tabindex: pin ? "0" : "-1" }, D.title[i]),
        who.length ? el("p", { class: "vconf-map-tip-authors" }, who.slice(0, 6).join(", ") + (who.length > 6 ? ", et al." : "")) : null,
        topic ? el("p", { class: "vconf-map-tip-track" }, `Topic: ${topic}`) : null,
        D.track && D.track.of[i] >= 0 ? el("p", { class: "vconf-map-tip-track" }, D.track.values[D.track.of[i]]) : null);
      tip.classList.toggle("is-pinned", pin);
      tip.hidden = false;
      pinned = pin;
      const x = sx(i), y = sy(i);
      const tw = tip.offsetWidth, th = tip.offsetHeight;
      let left = x + 14, top = y + 14;
      if (left + tw > W - 4) left = Math.max(4, x - 14 - tw);
      if (top + th > H - 4) top = Math.max(4, y - 14 - th);
      tip.style.left = `${left}px`;
      tip.style.top = `${top}px`;
      if (hover !== i) {
        hover = i;
        draw();
      }
    };
    tip.addEventListener("pointerdown", (e) => e.stopPropagation());

    /* ---- pointer input ---- */
    const pointers = new Map();
    let gesture = null; // {mode: pan|box|pinch, ...}
    let lastPointerType = "mouse";
    let selectMode = false;
    let engaged = false; // the reader clicked into the map: the wheel zooms it
    const local = (e) => {
      const r = canvas.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    const startGesture = (e) => {
      const pts = [...pointers.values()];
      if (pts.length >= 2) {
        const [a, b] = pts;
        gesture = {
          mode: "pinch", moved: true, dist: Math.hypot(a.x - b.x, a.y - b.y) || 1,
          mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, view: { ...view },
        };
      } else if (pts.length === 1) {
        const p = pts[0];
        gesture = {
          mode: (e && e.shiftKey) || selectMode ? "box" : "pan", moved: false,
          x0: p.x, y0: p.y, view: { ...view },
        };
      } else gesture = null;
    };
    canvas.addEventListener("pointerdown", (e) => {
      if (e.button !== 0 && e.pointerType === "mouse") return;
      engaged = true;
      lastPointerType = e.pointerType;
      canvas.setPointerCapture(e.pointerId);
      pointers.set(e.pointerId, local(e));
      startGesture(e);
      if (pointers.size > 1 || e.pointerType !== "mouse") tip.hidden = true;
    });
    document.addEventListener("pointerdown", (e) => {
      if (!stage.contains(e.target)) engaged = false;
    }, true);
    canvas.addEventListener("blur", () => { engaged = false; });
    canvas.addEventListener("pointermove", (e) => {
      const p = local(e);
      lastPointerType = e.pointerType;
      if (!pointers.has(e.pointerId)) {
        if (e.pointerType === "mouse" && !pinned) {
          const i = hit(p.x, p.y);
          canvas.style.cursor = i >= 0 ? "pointer" : "";
          if (i >= 0) showTip(i, false);
          else if (!tip.hidden) hideTip();
        }
        return;
      }
      pointers.set(e.pointerId, p);
      if (!gesture) return;
      if (gesture.mode === "pinch") {
        const [a, b] = [...pointers.values()];
        if (!b) return;
        const d = Math.hypot(a.x - b.x, a.y - b.y) || 1;
        const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
        const v = gesture.view;
        const k = Math.min(Math.max(v.k * (d / gesture.dist), fitK * 0.5), fitK * 400);
        // the world point under the first midpoint stays under the fingers
        const wx = (gesture.mid.x - v.ox) / v.k, wy = (gesture.mid.y - v.oy) / v.k;
        view.k = k;
        view.ox = mid.x - wx * k;
        view.oy = mid.y - wy * k;
        touched = true;
        zoomedAt = performance.now();
        draw();
        return;
      }
      const dx = p.x - gesture.x0, dy = p.y - gesture.y0;
      if (!gesture.moved && Math.hypot(dx, dy) < 5) return;
      gesture.moved = true;
      if (gesture.mode === "pan") {
        view.ox = gesture.view.ox + dx;
        view.oy = gesture.view.oy + dy;
        touched = true;
        tip.hidden = true;
        draw();
      } else {
        Object.assign(rubber.style, {
          left: `${Math.min(p.x, gesture.x0)}px`, top: `${Math.min(p.y, gesture.y0)}px`,
          width: `${Math.abs(dx)}px`, height: `${Math.abs(dy)}px`,
        });
        rubber.hidden = false;
      }
    });
    const endPointer = (e, cancelled) => {
      if (!pointers.has(e.pointerId)) return;
      const p = local(e);
      pointers.delete(e.pointerId);
      const g = gesture;
      if (pointers.size) {
        startGesture(null); // pinch became a one-finger pan: no jump
        return;
      }
      gesture = null;
      rubber.hidden = true;
      if (!g || cancelled) return;
      if (g.mode === "box" && g.moved) {
        selectBox(g.x0, g.y0, p.x, p.y);
      } else if (!g.moved && g.mode !== "pinch") {
        const i = hit(p.x, p.y);
        if (e.pointerType === "mouse") {
          if (i >= 0) location.href = urlOf(i);
        } else if (i >= 0) showTip(i, true);
        else hideTip();
      }
    };
    canvas.addEventListener("pointerup", (e) => endPointer(e, false));
    canvas.addEventListener("pointercancel", (e) => endPointer(e, true));
    canvas.addEventListener("pointerleave", (e) => {
      if (e.pointerType === "mouse" && !pointers.size && !pinned) hideTip();
    });
    let hintTimer = 0;
    canvas.addEventListener("wheel", (e) => {
      if (!(e.ctrlKey || e.metaKey || engaged)) { // the reader is scrolling the page
        stage.classList.add("show-hint");
        clearTimeout(hintTimer);
        hintTimer = setTimeout(() => stage.classList.remove("show-hint"), 1400);
        return;
      }
      e.preventDefault();
      const p = local(e);
      const dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaMode === 2 ? e.deltaY * H : e.deltaY;
      zoomAt(p.x, p.y, Math.exp(-Math.max(-300, Math.min(300, dy)) * 0.002));
    }, { passive: false });
    canvas.addEventListener("dblclick", (e) => {
      const p = local(e);
      zoomAt(p.x, p.y, e.shiftKey ? 0.5 : 2);
    });
    canvas.addEventListener("keydown", (e) => {
      const step = 60;
      const keys = {
        ArrowLeft: () => pan(step, 0), ArrowRight: () => pan(-step, 0),
        ArrowUp: () => pan(0, step), ArrowDown: () => pan(0, -step),
        "+": () => zoomAt(W / 2, H / 2, 1.5), "=": () => zoomAt(W / 2, H / 2, 1.5),
        "-": () => zoomAt(W / 2, H / 2, 1 / 1.5), 0: () => reset(), Escape: () => hideTip(),
      };
      const f = keys[e.key];
      if (f && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        f();
      }
    });
    const reset = () => {
      touched = false;
      fit();
      hideTip();
      draw();
    };
    zoomIn.addEventListener("click", () => zoomAt(W / 2, H / 2, 1.5));
    zoomOut.addEventListener("click", () => zoomAt(W / 2, H / 2, 1 / 1.5));
    resetBtn.addEventListener("click", reset);
    selectBtn.addEventListener("click", () => {
      selectMode = !selectMode;
      selectBtn.setAttribute("aria-pressed", String(selectMode));
      stage.classList.toggle("is-selecting", selectMode);
    });

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
          bookmarked[i] ? el("span", { class: "vconf-map-flag is-bookmarked" }, "★ Bookmarked") : null,
          inSessionNow[i] ? el("span", { class: "vconf-map-flag is-now" }, "In a session now") : null,
          kws.length ? el("span", { class: "vconf-map-item-keywords" }, kws.join(" · ")) : null));
    };
    const showPapers = (heading, idx, onClear) => {
      const top = topKeywords(idx);
      const clear = el("button", { type: "button", class: "btn btn-sm vconf-map-clear" }, "Clear");
      clear.addEventListener("click", () => {
        onClear();
        layerDirty = true;
        showTopics();
        draw();
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
            el("span", { class: "vconf-map-swatch", style: `background:${mode === "topic" ? colourOf(t) : NONE}`, "aria-hidden": "true" }),
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
      if (x0 <= x1) showWorld(x0, y0, x1, y1);
    };

    const runSearch = () => {
      const hits = searchIndex().filter(search.value); // null: an empty query
      layerDirty = true;
      if (!hits) {
        matched = null;
        if (!selected) showTopics();
        draw();
        return 0;
      }
      matched = hits;
      const idx = [];
      for (let i = 0; i < n; i++) if (hits[i]) idx.push(i);
      showPapers(idx.length === 1 ? "1 paper matches" : `${idx.length} papers match`, idx, () => {
        search.value = "";
        matched = null;
      });
      draw();
      return idx.length;
    };
    let searchTimer = 0;
    search.addEventListener("focus", needAuthors);
    search.addEventListener("input", () => {
      needAuthors();
      clearTimeout(searchTimer);
      searchTimer = setTimeout(runSearch, n > 3000 ? 120 : 40);
    });
    search.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        runSearch();
      }
    });

    const selectBox = (x0, y0, x1, y1) => {
      const wx0 = (Math.min(x0, x1) - view.ox) / view.k, wx1 = (Math.max(x0, x1) - view.ox) / view.k;
      const wy0 = (Math.min(y0, y1) - view.oy) / view.k, wy1 = (Math.max(y0, y1) - view.oy) / view.k;
      const idx = [];
      selected = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        if (X[i] >= wx0 && X[i] <= wx1 && Y[i] >= wy0 && Y[i] <= wy1) {
          selected[i] = 1;
          idx.push(i);
        }
      }
      showPapers(idx.length === 1 ? "1 paper selected" : `${idx.length} papers selected`, idx, () => {
        selected = null;
      });
      draw();
      return idx.map((i) => ids[i]);
    };

    /* ---- marks: bookmarks and sessions happening now ---- */
    const updateMarks = () => {
      const bm = vconf.bookmarks ? vconf.bookmarks() : new Set();
      bookmarked = new Uint8Array(n);
      inSessionNow = new Uint8Array(n);
      const now = vconf.now ? vconf.now().getTime() : Date.now();
      const live = new Set();
      D.sessions.values.forEach((sid, k) => {
        const s = sessionById.get(String(sid));
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
      draw();
    };

    /* ---- start ---- */
    colourSel.addEventListener("change", () => {
      colourBy(colourSel.value);
      if (!panel.classList.contains("is-open")) showTopics();
    });
    readColours();
    new MutationObserver(() => {
      readColours();
      draw();
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "data-mode"] });
    new ResizeObserver(resize).observe(stage);
    window.addEventListener("resize", resize); // devicePixelRatio changes with browser zoom
    document.addEventListener("vconf:bookmark", updateMarks);
    window.addEventListener("pageshow", updateMarks);
    setInterval(updateMarks, 60000);
    // by track where there are a few; more than the palette's ten colours is confetti: by topic
    const tracks = counts(D.track);
    const first = tracks >= 2 && (tracks <= PALETTE.length || !levels.length) ? "track" : modes.length ? modes[0][0] : "track";
    colourSel.value = first;
    colourBy(first);
    updateMarks();
    showTopics();
    resize();
    paint();

    api.pointToScreen = (id) => {
      const i = indexOf.get(String(id));
      return i === undefined ? null : { x: sx(i), y: sy(i) };
    };
    api.search = (query) => {
      search.value = query;
      return runSearch();
    };
    /** The ids of the papers the search box's query matches (none without a query). */
    api.found = () => (matched ? ids.filter((_, i) => matched[i]) : []);
    api.selectBox = (x0, y0, x1, y1) => selectBox(x0, y0, x1, y1);
    api.view = () => ({ ...view, zoom: zoom(), level: levels.length ? levelNow() : -1 });
    api.zoomAt = zoomAt;
    api.pan = pan;
    api.reset = reset;
    api.colourMode = () => mode;
    api.legend = () => groups.map((g) => ({ label: g.label, colour: g.colour, count: g.idx.length }));
    api.topics = () => levels.map((L) => L.label.slice());
    api.labels = () => placed.map((p) => ({ level: p.level, topic: p.topic, text: p.text, x: p.x, y: p.y, w: p.w, h: p.h }));
    api.figures = () => ({
      posters, drawn: drawnImages, size: [posterW, posterH], onScreen: onScreen.map((i) => ids[i]),
      withFigure: onScreen.filter((i) => thumbOf(i)).length, requested: [...requested].map((i) => ids[i]),
    });
    api.paint = paint;
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
