/* vconf-map-input.js: the reader's hands on the map (a part of vconf-map.js, loaded before it).
 *
 * The tooltip (hover with a mouse, tap on a touch screen: pinned, with a link), drag to
 * move, pinch, Shift+drag (or "Select area") for a box, click to open a paper, the wheel
 * (zooming only with Ctrl/⌘ or after a click into the map: otherwise the page scrolls),
 * double-click, the keyboard and the zoom buttons. Hit tests use a grid of the papers.
 * Gives the map: showTip(i, pin), hideTip(), refreshTip().
 */
(() => {
  "use strict";
  const vconf = (window.vconf = window.vconf || {});
  const parts = (vconf.mapParts = vconf.mapParts || {});
  const GRID = 64;

  parts.input = (m) => {
    const { D, n, X, Y, levels, topicOf, base, el, view, sx, sy, urlOf, thumbOf, zoomAt, pan, reset } = m;
    const { stage, canvas, tip, rubber, selectBtn, zoomIn, zoomOut, resetBtn } = m;
    const { minX, minY, spanX, spanY } = m.bounds;
    let lastPointerType = "mouse";

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
    /** The paper under a screen point (CSS px), or -1. */
    const hit = (px, py) => {
      const { posters, posterW, posterH, matched } = m;
      const slop = posters ? Math.max(posterW, posterH) / 2 : m.radius() + (lastPointerType === "mouse" ? 3 : 10);
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

    /* ---- tooltip ---- */
    let pinned = false;
    const hideTip = () => {
      tip.hidden = true;
      pinned = false;
      if (m.hover >= 0) {
        m.hover = -1;
        m.draw();
      }
    };
    const topicName = (i) => {
      if (!levels.length) return "";
      const l = m.levelNow();
      return topicOf[l][i] >= 0 ? levels[l].label[topicOf[l][i]] : "";
    };
    const showTip = (i, pin) => {
      m.needAuthors();
      const who = m.authors ? m.authors[i] : [];
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
      if (left + tw > m.W - 4) left = Math.max(4, x - 14 - tw);
      if (top + th > m.H - 4) top = Math.max(4, y - 14 - th);
      tip.style.left = `${left}px`;
      tip.style.top = `${top}px`;
      if (m.hover !== i) {
        m.hover = i;
        m.draw();
      }
    };
    /** The tooltip again, with what has come since (the authors). */
    const refreshTip = () => {
      if (!tip.hidden && m.hover >= 0) showTip(m.hover, pinned);
    };
    tip.addEventListener("pointerdown", (e) => e.stopPropagation());

    /* ---- pointer input ---- */
    const pointers = new Map();
    let gesture = null; // {mode: pan|box|pinch, ...}
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
        const k = Math.min(Math.max(v.k * (d / gesture.dist), m.fitK * 0.5), m.fitK * 400);
        // the world point under the first midpoint stays under the fingers
        const wx = (gesture.mid.x - v.ox) / v.k, wy = (gesture.mid.y - v.oy) / v.k;
        view.k = k;
        view.ox = mid.x - wx * k;
        view.oy = mid.y - wy * k;
        m.touched = true;
        m.zoomedAt = performance.now();
        m.draw();
        return;
      }
      const dx = p.x - gesture.x0, dy = p.y - gesture.y0;
      if (!gesture.moved && Math.hypot(dx, dy) < 5) return;
      gesture.moved = true;
      if (gesture.mode === "pan") {
        view.ox = gesture.view.ox + dx;
        view.oy = gesture.view.oy + dy;
        m.touched = true;
        tip.hidden = true;
        m.draw();
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
        m.selectBox(g.x0, g.y0, p.x, p.y);
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
      const dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaMode === 2 ? e.deltaY * m.H : e.deltaY;
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
        "+": () => zoomAt(m.W / 2, m.H / 2, 1.5), "=": () => zoomAt(m.W / 2, m.H / 2, 1.5),
        "-": () => zoomAt(m.W / 2, m.H / 2, 1 / 1.5), 0: () => reset(), Escape: () => hideTip(),
      };
      const f = keys[e.key];
      if (f && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        f();
      }
    });
    zoomIn.addEventListener("click", () => zoomAt(m.W / 2, m.H / 2, 1.5));
    zoomOut.addEventListener("click", () => zoomAt(m.W / 2, m.H / 2, 1 / 1.5));
    resetBtn.addEventListener("click", reset);
    selectBtn.addEventListener("click", () => {
      selectMode = !selectMode;
      selectBtn.setAttribute("aria-pressed", String(selectMode));
      stage.classList.toggle("is-selecting", selectMode);
    });

    return { showTip, hideTip, refreshTip };
  };
})();
