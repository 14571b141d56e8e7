/* vconf-map-draw.js: the map's canvas (a part of vconf-map.js, loaded before it).
 *
 * A light density shading, dots coloured by m.groups (dimmed where a search leaves them
 * out), rings for the selection, bookmarks, sessions now and the paper under the pointer;
 * then the figures (vconf-map-figures.js) or the topic labels (vconf-map-labels.js).
 * Gives the map: draw() (paint on the next frame), paint() (now), resize(), readColours(),
 * colours {bg, fg}, drawDensity(ctx).
 */
(() => {
  "use strict";
  const vconf = (window.vconf = window.vconf || {});
  const parts = (vconf.mapParts = vconf.mapParts || {});

  parts.draw = (m) => {
    const { n, X, Y, box, stage, canvas, ctx, view, sx, sy, api, onScreen } = m;
    const { minX, minY, spanX, spanY } = m.bounds;

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
    const drawDensity = (c) => {
      const dw = density.world;
      c.drawImage(density, view.ox + dw.x * view.k, view.oy + dw.y * view.k, dw.size * view.k, dw.size * view.k);
    };

    /* ---- drawing ---- */
    let frame = 0;
    const readColours = () => {
      const cs = getComputedStyle(box);
      const v = (name, fb) => cs.getPropertyValue(name).trim() || fb;
      m.colours = { bg: v("--pst-color-background", "#fff"), fg: v("--pst-color-text-base", "#222832") };
      m.layerDirty = true;
    };
    const draw = () => {
      if (!frame) frame = requestAnimationFrame(paint);
    };
    /* The density and the dots are drawn into a layer a half-stage bigger than the stage on
       each side: panning copies it (one drawImage, not thousands of dots to rasterise), a
       running zoom scales it, and it is drawn again when the view leaves it, when the zoom
       settles, or when what it shows changes (colours, search). */
    let layer = null;
    let sharpen = 0;
    const dotsInto = (c, lo, hiX, hiY) => {
      const r = m.radius();
      const small = r < 2.6; // tiny dots: squares draw faster and look the same
      const matched = m.matched;
      c.imageSmoothingEnabled = true;
      drawDensity(c);
      const pass = (want, alpha) => {
        c.globalAlpha = alpha;
        for (const g of m.groups) {
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
      const { W, H, dpr } = m;
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
      m.layerDirty = false;
    };
    const drawLayer = () => {
      const { W, H } = m;
      const ok = layer && !m.layerDirty && layer.dpr === m.dpr && layer.LW === W + 2 * layer.M && layer.LH === H + 2 * layer.M;
      const rr = ok ? view.k / layer.k : 0;
      const inside = (dx, dy) => Math.abs(dx) <= layer.M && Math.abs(dy) <= layer.M;
      if (ok && rr === 1 && inside(view.ox - layer.ox, view.oy - layer.oy)) {
        // a pan: the same pixels, moved
      } else if (ok && rr > 0.6 && rr < 1.7 && performance.now() - m.zoomedAt < 250) {
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
      const { W, H, dpr } = m;
      frame = 0;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, W, H);
      const r = m.radius();
      onScreen.length = 0;
      for (let i = 0; i < n; i++) {
        const x = sx(i), y = sy(i);
        if (x >= -r && y >= -r && x <= W + r && y <= H + r) onScreen.push(i);
      }
      if (!m.drawFigures()) drawLayer(); // up close the figures, else the dots
      const { posters, posterW, posterH, colours } = m;
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
      if (m.selected) ring(m.selected, colours.fg, 1.5, 1.25);
      ring(m.inSessionNow, "#d62728", 2.5, 2);
      ring(m.bookmarked, "#e6a700", 4.5, 2);
      const hover = m.hover;
      if (hover >= 0) {
        ctx.strokeStyle = colours.fg;
        ctx.lineWidth = 2;
        ctx.beginPath();
        if (posters) ctx.rect(sx(hover) - posterW / 2 - 3, sy(hover) - posterH / 2 - 3, posterW + 6, posterH + 6);
        else ctx.arc(sx(hover), sy(hover), r + 3, 0, 2 * Math.PI);
        ctx.stroke();
      }
      m.drawLabels(!posters); // up close the figures speak for themselves
      const ms = performance.now() - t0;
      api.timings.paintMs = ms;
      if (api.frames) api.frames.push(ms);
      if (api.timings.firstPaintMs === undefined) api.timings.firstPaintMs = performance.now();
    };
    const resize = () => {
      const rect = stage.getBoundingClientRect();
      const w = Math.max(1, Math.round(rect.width)), h = Math.max(1, Math.round(rect.height));
      const d = window.devicePixelRatio || 1;
      if (w === m.W && h === m.H && d === m.dpr) return;
      if (m.touched && m.W) {
        // keep what is in the middle in the middle
        view.ox += (w - m.W) / 2;
        view.oy += (h - m.H) / 2;
      }
      m.W = w;
      m.H = h;
      m.dpr = d;
      canvas.width = Math.round(w * d);
      canvas.height = Math.round(h * d);
      canvas.style.width = `${w}px`;
      canvas.style.height = `${h}px`;
      if (!m.touched) m.fit();
      m.hideTip();
      paint();
    };
    return { colours: {}, readColours, draw, paint, resize, drawDensity };
  };
})();
