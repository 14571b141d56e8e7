/* vconf-star.js: a star on every paper, session and workshop (page and card), feeding "My agenda".
 *
 * Picks live where the gallery has always kept its bookmarks (vconf.store "bookmarks", see
 * vconf-time.js): a paper as its id (as before: stars made in the gallery are kept), a
 * session as "s:<id>", a workshop as "w:<id>" (ids never hold a colon). The gallery draws
 * its own card stars; this script stars everything else:
 *   article.vconf-paper[data-id], .vconf-session[data-id], .vconf-workshop[data-id] (their
 *   .vconf-actions row) and li.paper-card[data-id] outside the gallery.
 * It also offers vconf.starButton(key, title, {card}) to scripts that draw cards later.
 * Needs vconf-time.js (window.vconf).
 */
(() => {
  "use strict";
  const vconf = (window.vconf = window.vconf || {});
  if (vconf.starButton) return;

  const KINDS = { paper: "", session: "s:", workshop: "w:" };
  vconf.pickKey = (kind, id) => (KINDS[kind] ?? "") + id;
  /** {kind, id} of a stored pick. */
  vconf.parsePick = (key) => {
    const m = /^([sw]):(.+)$/.exec(key);
    return m ? { kind: m[1] === "s" ? "session" : "workshop", id: m[2] } : { kind: "paper", id: key };
  };

  const buttons = new Map(); // key -> Set of buttons showing it

  const paint = (b, on) => {
    b.setAttribute("aria-pressed", String(on));
    b.querySelector(".vconf-star-icon").textContent = on ? "★" : "☆";
    const text = b.querySelector(".vconf-star-text");
    if (text) text.textContent = on ? "In my agenda" : "Add to my agenda";
    b.closest("li.paper-card")?.classList.toggle("is-bookmarked", on);
  };

  vconf.starButton = (key, title, { card = false } = {}) => {
    const el = vconf.el;
    const b = el("button", {
      type: "button",
      class: card ? "paper-card-star vconf-star" : "btn btn-sm vconf-action vconf-star",
      "aria-pressed": "false",
      "data-pick": key,
    }, el("span", { class: "vconf-star-icon", "aria-hidden": "true" }, "☆"));
    if (card) b.append(el("span", { class: "visually-hidden" }, `Bookmark: ${title}`));
    else {
      b.append(" ", el("span", { class: "vconf-star-text" }));
      b.title = `Keep “${title}” in my agenda`;
    }
    if (!buttons.has(key)) buttons.set(key, new Set());
    buttons.get(key).add(b);
    paint(b, vconf.bookmarks().has(key));
    b.addEventListener("click", (e) => {
      e.preventDefault();
      vconf.setBookmark(key, !vconf.bookmarks().has(key));
    });
    return b;
  };

  const repaint = () => {
    const on = vconf.bookmarks();
    for (const [key, set] of buttons) {
      for (const b of set) {
        if (!b.isConnected) set.delete(b);
        else paint(b, on.has(key));
      }
    }
  };

  const titleOf = (box) => {
    const h = box.querySelector(":scope > h2, :scope .vconf-session-title, :scope .vconf-workshop-title");
    return (h || document.querySelector("article.bd-article h1") || document.querySelector("h1"))
      ?.textContent.replace(/[#¶]$/, "").trim() || "";
  };

  const start = () => {
    const boxes = document.querySelectorAll("article.vconf-paper[data-id], .vconf-session[data-id], .vconf-workshop[data-id]");
    for (const box of boxes) {
      const kind = box.matches(".vconf-paper") ? "paper" : box.matches(".vconf-session") ? "session" : "workshop";
      const owner = ".vconf-paper, .vconf-session[data-id], .vconf-workshop[data-id]";
      let row = [...box.querySelectorAll(".vconf-actions")].find((a) => a.closest(owner) === box);
      if (!row) {
        row = vconf.el("p", { class: "vconf-actions" });
        box.prepend(row);
      }
      row.prepend(vconf.starButton(vconf.pickKey(kind, box.dataset.id), titleOf(box)), " ");
    }
    for (const li of document.querySelectorAll("li.paper-card[data-id]")) {
      if (li.closest("#vconf-gallery") || li.querySelector(".paper-card-star")) continue;
      const b = vconf.starButton(li.dataset.id, li.querySelector(".paper-card-title")?.textContent || "", { card: true });
      const link = li.querySelector(".paper-card-link");
      if (link) link.after(b);
      else li.prepend(b);
    }
    document.addEventListener("vconf:bookmark", repaint);
    window.addEventListener("storage", repaint); // starred in another tab
    window.addEventListener("pageshow", (e) => e.persisted && repaint());
  };

  const go = () => (vconf.ready ? vconf.ready.then(start) : document.addEventListener("vconf:ready", start, { once: true }));
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go, { once: true });
  else go();
})();
