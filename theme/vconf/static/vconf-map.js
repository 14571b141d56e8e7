/* vconf-map.js: the paper map (map.html), a canvas scatter of every paper.
 *
 * One <canvas>, not a node per point: points are drawn in a few paths (one per colour),
 * redrawn at most once per animation frame, and found under the pointer through a grid.
 * Pan (drag), zoom (wheel, pinch, buttons, keys), hover or tap for a card, click to open,
 * search to highlight, colour by track or session, and a drawn box lists the papers in it
 * with their most frequent keywords. Needs vconf-time.js (window.vconf).
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
  const api = (vconf.map = { ready, pointToScreen: () => null, timings: {} });

  // Tableau 10: distinct in light and dark; more categories continue round the hue circle.
  const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac"];
  const colourOf = (i) => (i < PALETTE.length ? PALETTE[i] : `hsl(${Math.round((i * 137.508) % 360)} 62% 52%)`);
  const NONE = "#8a8f98";
  const GRID = 64;
  const LIST_MAX = 100;

  const whenVconf = () => new Promise((res) => {
    if (vconf.ready) vconf.ready.then(res);
    else document.addEventListener("vconf:ready", () => res(vconf), { once: true });
  });

  async function init(box) {
    await whenVconf();
    const { el, norm } = vconf;
    const papersUrl = box.dataset.papers;
    const sessionsUrl = box.dataset.sessions;
    const [all, sessions] = await Promise.all([
      vconf.loadJSON(papersUrl),
      sessionsUrl ? vconf.loadJSON(sessionsUrl).catch(() => []) : Promise.resolve([]),
    ]);
    const base = vconf.dataRoot(papersUrl);
    const papers = all.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    const n = papers.length;
    const X = new Float64Array(n);
    const Y = new Float64Array(n);
    papers.forEach((p, i) => {
      X[i] = p.x;
      Y[i] = p.y;
    });
    const hay = papers.map((p) => [p.title, ...(p.authors || []), ...(p.keywords || [])].map(norm).join("\n"));
    const href = (p) => new URL(p.url, base).href;
    const indexOf = new Map(papers.map((p, i) => [String(p.id), i]));

    /* ---- DOM ---- */
    const uid = (s) => `vconf-map-${s}`;
    const search = el("input", { type: "search", id: uid("q"), class: "form-control", autocomplete: "off", placeholder: "Title, author or keyword" });
    const colourSel = el("select", { id: uid("colour"), class: "form-select" },
      el("option", { value: "track" }, "Track"), el("option", { value: "session" }, "Session"));
    const selectBtn = el("button", { type: "button", class: "btn btn-sm vconf-map-select", "aria-pressed": "false" }, "Select area");
    const zoomIn = el("button", { type: "button", class: "btn btn-sm vconf-map-zoom", "aria-label": "Zoom in" }, "+");
    const zoomOut = el("button", { type: "button", class: "btn btn-sm vconf-map-zoom", "aria-label": "Zoom out" }, "−");
    const resetBtn = el("button", { type: "button", class: "btn btn-sm vconf-map-reset" }, "Reset view");
    const toolbar = el("div", { class: "vconf-map-toolbar" },
      el("div", { class: "vconf-field vconf-field-q" }, el("label", { for: uid("q") }, "Search the map"), search),
      el("div", { class: "vconf-field" }, el("label", { for: uid("colour") }, "Colour by"), colourSel),
      el("div", { class: "vconf-map-buttons", role: "group", "aria-label": "Map view" }, selectBtn, zoomIn, zoomOut, resetBtn));
    const help = el("p", { class: "vconf-map-help" },
      "Papers close together are about similar things. Drag to move, scroll or pinch to zoom; "
      + "hover or tap a dot for its paper. Shift+drag (or “Select area”) lists the papers in a box.");
    const canvas = el("canvas", {
      class: "vconf-map-canvas", tabindex: "0", role: "application", "aria-roledescription": "map",
      "aria-label": `Map of ${n} papers. Arrow keys move, plus and minus zoom, 0 resets. `
        + "Use the search box or area selection to list papers.",
    });
    const tip = el("div", { class: "vconf-map-tooltip", hidden: true });
    const rubber = el("div", { class: "vconf-map-box", hidden: true });
    const stage = el("div", { class: "vconf-map-stage" }, canvas, tip, rubber);
    const legend = el("ul", { class: "vconf-map-legend", "aria-label": "Colours" });
    const status = el("p", { class: "vconf-map-status", role: "status", "aria-live": "polite" });
    const matchList = el("ul", { class: "vconf-map-list vconf-map-matches" });
    const selection = el("section", { class: "vconf-map-selection", hidden: true, "aria-label": "Selected papers" });
    box.replaceChildren(toolbar, help, stage, legend, status, matchList, selection);
    box.classList.add("vconf-map-ready");
    const ctx = canvas.getContext("2d");

    /* ---- colours ---- */
    const sessionById = new Map(sessions.map((s) => [String(s.id), s]));
    let groups = []; // [{label, colour, idx: Int32Array}]
    let colourIdx = new Uint16Array(n);
    const colourBy = (mode) => {
      const keyOf = mode === "session"
        ? (p) => (p.sessions && p.sessions.length ? String(p.sessions[0]) : "")
        : (p) => p.track || "";
      const keys = new Map();
      for (const p of papers) {
        const k = keyOf(p);
        keys.set(k, (keys.get(k) || 0) + 1);
      }
      let order = [...keys.keys()].filter((k) => k);
      if (mode === "session") {
        const t = (k) => Date.parse(sessionById.get(k)?.start) || Infinity;
        order.sort((a, b) => t(a) - t(b) || a.localeCompare(b));
      } else order.sort((a, b) => keys.get(b) - keys.get(a) || a.localeCompare(b));
      if (keys.has("")) order = order.concat([""]);
      const pos = new Map(order.map((k, i) => [k, i]));
      const members = order.map(() => []);
      papers.forEach((p, i) => {
        const g = pos.get(keyOf(p));
        colourIdx[i] = g;
        members[g].push(i);
      });
      groups = order.map((k, g) => ({
        key: k,
        label: !k ? (mode === "session" ? "No session" : "No track") : mode === "session" ? (sessionById.get(k)?.title || k) : k,
        colour: k ? colourOf(g) : NONE,
        idx: Int32Array.from(members[g]),
      }));
      legend.replaceChildren(...groups.map((g) => el("li", {},
        el("span", { class: "vconf-map-swatch", style: `background:${g.colour}`, "aria-hidden": "true" }),
        `${g.label} `, el("span", { class: "vconf-map-count" }, `(${g.idx.length})`))));
      legend.hidden = groups.length < 2 && !groups.some((g) => g.key);
      draw();
    };

    /* ---- view: screen = o + world * k ---- */
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      if (X[i] < minX) minX = X[i];
      if (X[i] > maxX) maxX = X[i];
      if (Y[i] < minY) minY = Y[i];
      if (Y[i] > maxY) maxY = Y[i];
    }
    if (!n) minX = minY = 0, maxX = maxY = 1;
    const spanX = Math.max(maxX - minX, 1e-6);
    const spanY = Math.max(maxY - minY, 1e-6);
    let W = 0, H = 0, dpr = 1;
    const view = { k: 1, ox: 0, oy: 0 };
    let fitK = 1;
    let touched = false; // the reader moved the view: keep it on resize
    const fit = () => {
      const pad = Math.min(32, Math.min(W, H) * 0.06);
      fitK = Math.min((W - 2 * pad) / spanX, (H - 2 * pad) / spanY);
      view.k = fitK;
      view.ox = (W - spanX * fitK) / 2 - minX * fitK;
      view.oy = (H - spanY * fitK) / 2 - minY * fitK;
    };
    const sx = (i) => view.ox + X[i] * view.k;
    const sy = (i) => view.oy + Y[i] * view.k;
    const zoomAt = (mx, my, f) => {
      const k = Math.min(Math.max(view.k * f, fitK * 0.5), fitK * 400);
      f = k / view.k;
      view.ox = mx - (mx - view.ox) * f;
      view.oy = my - (my - view.oy) * f;
      view.k = k;
      touched = true;
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
    // fewer papers, bigger dots; zooming in grows them a little
    const baseR = n <= 500 ? 4 : n <= 2000 ? 3.2 : n <= 5000 ? 2.6 : 2.2;
    const radius = () => Math.min(10, baseR + Math.max(0, Math.log2(view.k / fitK)) * 1.2);
    /** The paper under a screen point (CSS px), or -1. */
    const hit = (px, py) => {
      const slop = radius() + (lastPointerType === "mouse" ? 3 : 10);
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

    /* ---- drawing ---- */
    let matched = null; // Uint8Array while a search is active
    let selected = null; // Uint8Array while a box selection exists
    let hover = -1;
    let frame = 0;
    let colours = {};
    const readColours = () => {
      const cs = getComputedStyle(box);
      const v = (name, fb) => cs.getPropertyValue(name).trim() || fb;
      colours = { bg: v("--pst-color-background", "#fff"), fg: v("--pst-color-text-base", "#222832") };
    };
    const draw = () => {
      if (!frame) frame = requestAnimationFrame(paint);
    };
    const paint = () => {
      const t0 = performance.now();
      frame = 0;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, W, H);
      const r = radius();
      const pass = (want, alpha) => {
        ctx.globalAlpha = alpha;
        for (const g of groups) {
          ctx.fillStyle = g.colour;
          ctx.beginPath();
          let any = false;
          for (const i of g.idx) {
            if (want !== null && (matched[i] === 1) !== want) continue;
            const x = sx(i), y = sy(i);
            if (x < -r || y < -r || x > W + r || y > H + r) continue;
            ctx.moveTo(x + r, y);
            ctx.arc(x, y, r, 0, 2 * Math.PI);
            any = true;
          }
          if (any) ctx.fill();
        }
      };
      if (matched) {
        pass(false, 0.18);
        pass(true, 1);
      } else pass(null, 0.88);
      ctx.globalAlpha = 1;
      if (selected) {
        ctx.strokeStyle = colours.fg;
        ctx.lineWidth = 1.25;
        ctx.beginPath();
        for (let i = 0; i < n; i++) {
          if (!selected[i]) continue;
          ctx.moveTo(sx(i) + r + 1.5, sy(i));
          ctx.arc(sx(i), sy(i), r + 1.5, 0, 2 * Math.PI);
        }
        ctx.stroke();
      }
      if (hover >= 0) {
        ctx.strokeStyle = colours.fg;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.arc(sx(hover), sy(hover), r + 3, 0, 2 * Math.PI);
        ctx.stroke();
      }
      api.timings.paintMs = performance.now() - t0;
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
    const showTip = (i, pin) => {
      const p = papers[i];
      const authors = p.authors || [];
      tip.replaceChildren(
        p.thumbnail ? el("img", { class: "vconf-map-thumb", src: new URL(p.thumbnail, base).href, alt: "", width: "400", height: "280" }) : null,
        el("a", { class: "vconf-map-tip-title", href: href(p), tabindex: pin ? "0" : "-1" }, p.title),
        authors.length ? el("p", { class: "vconf-map-tip-authors" },
          authors.slice(0, 6).join(", ") + (authors.length > 6 ? ", et al." : "")) : null,
        p.track ? el("p", { class: "vconf-map-tip-track" }, p.track) : null);
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
      lastPointerType = e.pointerType;
      canvas.setPointerCapture(e.pointerId);
      pointers.set(e.pointerId, local(e));
      startGesture(e);
      if (pointers.size > 1 || e.pointerType !== "mouse") tip.hidden = true;
    });
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
          if (i >= 0) location.href = href(papers[i]);
        } else if (i >= 0) showTip(i, true);
        else hideTip();
      }
    };
    canvas.addEventListener("pointerup", (e) => endPointer(e, false));
    canvas.addEventListener("pointercancel", (e) => endPointer(e, true));
    canvas.addEventListener("pointerleave", (e) => {
      if (e.pointerType === "mouse" && !pointers.size && !pinned) hideTip();
    });
    canvas.addEventListener("wheel", (e) => {
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

    /* ---- lists: search matches and box selection ---- */
    const paperLink = (i) => el("li", {}, el("a", { href: href(papers[i]) }, papers[i].title));
    const listOf = (idx) => {
      const items = idx.slice(0, LIST_MAX).map(paperLink);
      if (idx.length > LIST_MAX) items.push(el("li", { class: "vconf-map-more" }, `and ${idx.length - LIST_MAX} more`));
      return items;
    };
    const runSearch = () => {
      const terms = vconf.searchTerms(search.value);
      if (!terms.length) {
        matched = null;
        status.textContent = "";
        matchList.replaceChildren();
        draw();
        return 0;
      }
      matched = new Uint8Array(n);
      const idx = [];
      for (let i = 0; i < n; i++) {
        if (vconf.matchesAll(hay[i], terms)) {
          matched[i] = 1;
          idx.push(i);
        }
      }
      status.textContent = idx.length === 1 ? "1 paper matches" : `${idx.length} papers match`;
      matchList.replaceChildren(...listOf(idx));
      draw();
      return idx.length;
    };
    let searchTimer = 0;
    search.addEventListener("input", () => {
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
      // the most frequent keywords, counted case- and accent-blind, shown as first written
      const counts = new Map();
      for (const i of idx) {
        for (const k of new Set((papers[i].keywords || []).map((k) => k.trim()).filter(Boolean))) {
          const key = norm(k);
          const c = counts.get(key);
          if (c) c.n++;
          else counts.set(key, { text: k, n: 1 });
        }
      }
      const top = [...counts.values()].sort((a, b) => b.n - a.n || a.text.localeCompare(b.text)).slice(0, 5);
      const clear = el("button", { type: "button", class: "btn btn-sm vconf-map-clear" }, "Clear selection");
      clear.addEventListener("click", () => {
        selected = null;
        selection.hidden = true;
        selection.replaceChildren();
        draw();
        canvas.focus();
      });
      const heading = el("h2", { class: "vconf-map-selection-heading", tabindex: "-1" },
        idx.length === 1 ? "1 paper selected" : `${idx.length} papers selected`);
      selection.replaceChildren(heading,
        top.length ? el("p", { class: "vconf-map-keywords" }, "Top keywords: ",
          ...top.flatMap((t, j) => [j ? " " : "", el("span", { class: "vconf-chip" }, `${t.text} (${t.n})`)])) : null,
        el("ul", { class: "vconf-map-list" }, ...listOf(idx)), clear);
      selection.hidden = false;
      status.textContent = heading.textContent;
      draw();
      return idx.map((i) => String(papers[i].id));
    };

    /* ---- start ---- */
    colourSel.addEventListener("change", () => colourBy(colourSel.value));
    readColours();
    new MutationObserver(() => {
      readColours();
      draw();
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "data-mode"] });
    new ResizeObserver(resize).observe(stage);
    window.addEventListener("resize", resize); // devicePixelRatio changes with browser zoom
    resize();
    colourBy("track");
    paint();

    api.pointToScreen = (id) => {
      const i = indexOf.get(String(id));
      return i === undefined ? null : { x: sx(i), y: sy(i) };
    };
    api.search = (query) => {
      search.value = query;
      return runSearch();
    };
    api.selectBox = (x0, y0, x1, y1) => selectBox(x0, y0, x1, y1);
    api.view = () => ({ ...view });
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
