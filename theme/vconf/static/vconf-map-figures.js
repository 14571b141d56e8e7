/* vconf-map-figures.js: the papers' figures up close (a part of vconf-map.js, loaded before it).
 *
 * From POSTER_ZOOM on, with no more than POSTER_MAX papers on screen, each point becomes its
 * figure (a paper without one: its title on a card tinted with its colour). Figures load
 * lazily, for the points on screen only, at most 8 at a time, decoded before they are drawn.
 * Gives the map: drawFigures() (draws them and says so, or says the dots are wanted) and
 * figureStats() (what vconf.map.figures() reports).
 */
(() => {
  "use strict";
  const vconf = (window.vconf = window.vconf || {});
  const parts = (vconf.mapParts = vconf.mapParts || {});
  const POSTER_ZOOM = 7; // zoom from which points become their figures
  const POSTER_MAX = 250; // ... when no more than this many are on screen

  parts.figures = (m) => {
    const { D, ids, base, ctx, sx, sy, thumbOf, onScreen } = m;
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
        m.draw();
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

    const card = (i, x, y) => { // no figure: its title on a card tinted with its colour
      const { posterW, posterH, colours } = m;
      const a = ctx.globalAlpha;
      ctx.globalAlpha = a * 0.16;
      ctx.fillStyle = m.colourOfPaper(i);
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

    /** Up close, the figures of the papers on screen (m.onScreen), over the density: true;
     * else nothing drawn and false. */
    const drawFigures = () => {
      drawnImages = 0;
      m.posters = m.zoom() >= POSTER_ZOOM && onScreen.length <= POSTER_MAX;
      if (!m.posters) return false;
      m.drawDensity(ctx);
      const posterW = (m.posterW = Math.min(160, 40 * Math.sqrt(m.zoom() / POSTER_ZOOM)));
      const posterH = (m.posterH = posterW * 0.7);
      const { matched, colours } = m;
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
        ctx.strokeStyle = m.colourOfPaper(i);
        ctx.lineWidth = 2;
        ctx.strokeRect(x, y, posterW, posterH);
      }
      return true;
    };

    const figureStats = () => ({
      posters: m.posters, drawn: drawnImages, size: [m.posterW, m.posterH], onScreen: onScreen.map((i) => ids[i]),
      withFigure: onScreen.filter((i) => thumbOf(i)).length, requested: [...requested].map((i) => ids[i]),
    });
    return { drawFigures, figureStats };
  };
})();
