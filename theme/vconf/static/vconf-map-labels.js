/* vconf-map-labels.js: the map's topic labels (a part of vconf-map.js, loaded before it).
 *
 * The labels of the topic level the zoom calls for (m.levelNow()), placed greedily,
 * biggest topic first, so that none overlaps another or leaves the canvas: the whole name
 * over its topic (nudged above, below or beside), else its first term, else none.
 * Gives the map: drawLabels(show) (none when show is false: up close) and placedLabels()
 * ([{level, topic, text, x, y, w, h}] in CSS px, as last drawn).
 */
(() => {
  "use strict";
  const vconf = (window.vconf = window.vconf || {});
  const parts = (vconf.mapParts = vconf.mapParts || {});
  const LABEL_PX = [15, 13, 12]; // font size of each topic level

  parts.labels = (m) => {
    const { levels, view, ctx } = m;
    const measured = levels.map(() => new Map());
    const labelLines = (text) => (text.length > 20 && text.includes(", ") ? text.split(", ").map((t, j, a) => (j < a.length - 1 ? `${t},` : t)) : [text]);
    let placed = [];
    const drawLabels = (show) => {
      placed = [];
      if (!show || !levels.length) return;
      const { W, H, colours } = m;
      const l = m.levelNow();
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
        let mm = measured[l].get(t);
        if (!mm) {
          const lines = labelLines(L.label[t]);
          const short = L.label[t].split(", ")[0];
          mm = { lines, w: Math.max(...lines.map((s) => ctx.measureText(s).width)), short, sw: ctx.measureText(short).width };
          measured[l].set(t, mm);
        }
        const ax = view.ox + L.x[t] * view.k, ay = view.oy + L.y[t] * view.k;
        if (ax < 0 || ay < 0 || ax > W || ay > H) continue;
        // the whole name over its topic (nudged inside the map, above, below or beside); else its first term
        let found = null;
        for (const [lines, w] of [[mm.lines, mm.w], [[mm.short], mm.sw]]) {
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
    return { drawLabels, placedLabels: () => placed };
  };
})();
