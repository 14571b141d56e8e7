/* vconf-card.js: a paper card made in the browser, cloned from the page's own card.
 *
 * The theme's paper-card component is rendered into a <template class="vconf-card-template">
 * with every optional part present; vconf.card(proto, paper, base) clones it and fills it
 * with textContent (never HTML), removing what the paper has not. One card, one home: the
 * gallery, the papers of the day and anything else that shows cards use this.
 * `paper` is a record of data/gallery.json; `base` the URL its paths are relative to.
 */
(() => {
  "use strict";
  const vconf = (window.vconf = window.vconf || {});
  const ALT = {
    figure: (t) => `Figure from the paper \u2018${t}\u2019`,
    author: (t) => `Image supplied by the authors of \u2018${t}\u2019`,
  };
  const fill = (root, sel, text) => {
    const node = root.querySelector(sel);
    if (!node) return;
    if (text) node.textContent = text;
    else node.remove();
  };
  /** The prototype card of a box (the <template> inside it or on the page). */
  vconf.cardPrototype = (box) => (box.querySelector("template.vconf-card-template")
    || document.querySelector("template.vconf-card-template"))?.content.querySelector("li.paper-card") || null;
  /** Whether a paper has a figure to show (not a placeholder). */
  vconf.hasFigure = (p) => Boolean(!p.placeholder && p.thumbnail && p.thumbnail_kind !== "placeholder");
  vconf.card = (proto, p, base) => {
    const li = proto.cloneNode(true);
    li.dataset.id = String(p.id);
    const link = li.querySelector(".paper-card-link");
    if (link) link.href = new URL(p.url, base).href;
    const figure = vconf.hasFigure(p);
    const img = li.querySelector("img.paper-card-thumb");
    if (figure && img) {
      img.src = new URL(p.thumbnail, base).href;
      img.alt = (ALT[p.thumbnail_kind] || ALT.figure)(p.title);
    } else {
      (li.querySelector(".paper-card-figure") || img)?.remove();
      li.classList.add("paper-card-text"); // text-forward: title, authors, the abstract's first line
    }
    fill(li, ".paper-card-title", p.title);
    fill(li, ".paper-card-authors", (p.authors || []).join(", "));
    fill(li, ".paper-card-lead", figure ? "" : p.lead || "");
    fill(li, ".paper-card-keywords", (p.keywords || []).join(", "));
    fill(li, ".paper-card-track", p.track || "");
    li.querySelector(".paper-card-when")?.remove(); // shown where a list says when: cardWhen
    return li;
  };
  /** Put the time of a paper's session on its card (the prototype's time component, in the
   * reader's zone: vconf-time.js rewrites it when the zone changes); `session`: {start, end}
   * of a record of data/sessions.json, or null to take the time away. */
  vconf.cardWhen = (proto, li, session) => {
    let when = li.querySelector(".paper-card-when");
    if (!session) {
      when?.remove();
      return;
    }
    if (!when) {
      const slot = proto.querySelector(".paper-card-when");
      if (!slot) return; // an organizer's card without the time
      when = slot.cloneNode(true);
      const anchor = li.querySelector(".paper-card-star") || li.querySelector(".paper-card-link");
      if (anchor) anchor.after(when);
      else li.prepend(when);
    }
    const t = when.querySelector("time");
    if (!t || t.getAttribute("datetime") === session.start) return;
    t.setAttribute("datetime", session.start);
    t.dataset.end = session.end || "";
    t.textContent = vconf.formatRange(session.start, session.end || null);
    try { // the conference's own time on hover, as elsewhere
      t.title = vconf.formatRange(session.start, session.end || null, vconf.conferenceTz());
    } catch {
      t.removeAttribute("title");
    }
  };
})();
