/* vconf-potd.js: "papers of the day" on the home page (the {papers-of-the-day} directive).
 *
 * The page carries a few cards (the same for every build, so the page stays byte-identical)
 * and the card <template>; each day, in the reader's own calendar, this script shows another
 * handful of papers with figures, chosen by a generator seeded with the date: everyone sees
 * the same papers on the same day, and a new set tomorrow. Needs vconf-time.js, vconf-card.js.
 */
(() => {
  "use strict";
  const vconf = (window.vconf = window.vconf || {});
  const rng = (seed) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** The day's pick of `count` from `items` (a seeded partial shuffle). */
  vconf.dayPick = (items, count, day) => {
    const random = rng(Number(day.replaceAll("-", "")));
    const a = items.slice();
    const n = Math.min(count, a.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(random() * (a.length - i));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a.slice(0, n);
  };
  async function init(box) {
    const list = box.querySelector("ul.vconf-cards");
    const proto = vconf.cardPrototype(box);
    if (!list || !proto) return;
    const url = box.dataset.papers;
    const loaded = await vconf.loadJSON(url);
    const papers = Array.isArray(loaded) ? loaded
      : loaded.rows.map((r) => Object.fromEntries(loaded.fields.map((f, i) => [f, r[i]])));
    const withFigures = papers.filter(vconf.hasFigure);
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
    const picked = vconf.dayPick(withFigures.length >= 3 ? withFigures : papers, Number(box.dataset.count) || 6, day);
    const base = vconf.dataRoot(url);
    list.replaceChildren(...picked.map((p) => vconf.card(proto, p, base)));
    box.dataset.day = day;
  }
  const start = () => {
    for (const box of document.querySelectorAll(".vconf-potd[data-papers]")) {
      const go = () => init(box).catch((e) => console.warn("papers of the day:", e));
      if (vconf.ready) vconf.ready.then(go);
      else document.addEventListener("vconf:ready", go, { once: true });
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
