// Click-to-load embeds: a placeholder until the reader asks, so no page load reaches a
// third-party host. Placeholders are the theme's embed component (components/embed.html).
"use strict";
(() => {
  const load = (box) => {
    const src = box.dataset.embedSrc;
    if (!src || box.dataset.loaded) return;
    box.dataset.loaded = "1";
    let el;
    if (box.dataset.embedKind === "file") {
      el = document.createElement("video");
      el.controls = true;
      el.preload = "metadata";
      el.src = src;
    } else {
      el = document.createElement("iframe");
      el.src = src;
      el.title = box.dataset.embedTitle || "Embedded content";
      el.setAttribute("sandbox", box.dataset.embedSandbox || "allow-scripts");
      el.setAttribute("allow", "fullscreen; picture-in-picture");
      el.setAttribute("referrerpolicy", "no-referrer");
      el.allowFullscreen = true;
    }
    el.className = "vconf-embed-frame";
    box.querySelector(".vconf-embed-button")?.remove();
    box.prepend(el);
  };
  document.addEventListener("click", (event) => {
    const button = event.target.closest(".vconf-embed-button");
    if (button) load(button.closest(".vconf-embed"));
  });
  // Paper pages: remember the visit for the gallery's "visited" marks.
  const article = document.querySelector("article.vconf-paper[data-id]");
  if (article) {
    try {
      const key = "vconf:visited";
      const seen = new Set(JSON.parse(localStorage.getItem(key) || "[]"));
      seen.add(article.dataset.id);
      localStorage.setItem(key, JSON.stringify([...seen]));
    } catch (_) { /* storage may be disabled: visits are a nicety */ }
  }
})();
