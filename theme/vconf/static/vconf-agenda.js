/* vconf-agenda.js: "My agenda" (agenda.html) and "Papers for you" (any page with .vconf-for-you).
 *
 * The reader's picks (vconf-star.js: paper ids, "s:<session>", "w:<workshop>") laid out day
 * by day in the reader's zone (vconf-time.js), overlaps flagged; a paper shown in several
 * sessions sits at the first slot in the reader's waking hours, its other slots one click
 * away. Take it along: an ICS made here with the UIDs of the site's calendars (see
 * sphinxext_vconf/calendars.py and agenda.py), a link (#picks=..., front-coded ids) and
 * its QR code (vconf-qr.js); opening a link offers to merge or replace.
 * Papers for you: cosine similarity of int8 embeddings (data/embeddings.*), fetched only
 * when the reader asks.
 * DOM contract: #vconf-agenda[data-sessions][data-papers][data-agenda][data-embeddings]
 * and .vconf-for-you[data-papers][data-embeddings]. The pure functions are in
 * vconf-agenda-core.js (vconf.agenda), loaded before this one.
 */
(() => {
  "use strict";
  const vconf = window.vconf;
  if (!vconf || !vconf.agenda) return;
  const { encodePicks, decodePicks, makeIcs, buildEntries, icsEvents, recommend, norms } = vconf.agenda;

  /* ================= the page ================= */

  const whenReady = () => (vconf.ready ? vconf.ready : new Promise((r) => document.addEventListener("vconf:ready", r, { once: true })));

  /** gallery.json rows as Map(id -> {title, url, sessions, track, authors}). */
  const paperTable = (gallery) => {
    const f = Object.fromEntries(gallery.fields.map((name, i) => [name, i]));
    return new Map(gallery.rows.map((r) => [r[f.id], {
      id: r[f.id], title: r[f.title], url: r[f.url], sessions: r[f.sessions] || [], track: r[f.track] || "",
      authors: r[f.authors] || [],
    }]));
  };

  /* ---- papers for you ---- */

  const embeddingCache = new Map();
  const loadEmbeddings = (url) => {
    if (!embeddingCache.has(url)) {
      embeddingCache.set(url, vconf.loadJSON(url).then(async (meta) => {
        const r = await fetch(new URL(meta.file, new URL(url, location.href)));
        if (!r.ok) throw new Error(`vconf: embeddings: HTTP ${r.status}`);
        const rows = new Int8Array(await r.arrayBuffer());
        const n = meta.ids.length;
        return { ...meta, rows, n, norms: norms(rows, n, meta.dim), index: new Map(meta.ids.map((id, i) => [id, i])) };
      }));
    }
    return embeddingCache.get(url);
  };

  const forYou = (box) => {
    const { el } = vconf;
    const papersUrl = box.dataset.papers;
    const embUrl = box.dataset.embeddings;
    const list = el("ul", { class: "vconf-cards vconf-for-you-list" });
    const note = el("p", { class: "vconf-for-you-note" });
    const button = el("button", { type: "button", class: "btn btn-sm btn-outline-primary vconf-for-you-go" }, "Suggest papers from my stars");
    box.replaceChildren(note, button, list);
    let on = vconf.store.get("foryou", false);
    const draw = async () => {
      const starred = [...vconf.bookmarks()].filter((k) => !k.includes(":"));
      list.replaceChildren();
      if (!starred.length) {
        note.textContent = "Star papers (☆) and this section suggests others close to them.";
        button.hidden = true;
        return;
      }
      button.hidden = on;
      if (!on) {
        note.textContent = `Papers close to the ${starred.length} you starred, computed in your browser.`;
        return;
      }
      note.textContent = "Finding papers close to your stars…";
      try {
        const [emb, gallery] = await Promise.all([loadEmbeddings(embUrl), vconf.loadJSON(papersUrl)]);
        const papers = paperTable(gallery);
        const base = vconf.dataRoot(papersUrl);
        const idx = starred.map((id) => emb.index.get(id)).filter((i) => i !== undefined);
        const t0 = performance.now();
        const recs = recommend(emb.rows, emb.dim, emb.norms, idx, Number(box.dataset.count) || 6, emb.lead || emb.dim);
        box.dataset.ms = String(performance.now() - t0);
        note.textContent = recs.length ? "Papers close to those you starred:" : "No suggestions yet.";
        for (const r of recs) {
          const p = papers.get(emb.ids[r.index]);
          const from = papers.get(emb.ids[r.because]);
          if (!p) continue;
          const li = el("li", { class: "paper-card vconf-for-you-card", "data-id": p.id },
            el("a", { class: "paper-card-link", href: new URL(p.url, base).href }, el("span", { class: "paper-card-title" }, p.title)));
          li.append(vconf.starButton(p.id, p.title, { card: true }),
            el("p", { class: "paper-card-authors" }, p.authors.join(", ")),
            p.track ? el("p", { class: "paper-card-track" }, p.track) : null,
            el("p", { class: "vconf-because" }, "Because you starred ",
              el("a", { href: new URL(from.url, base).href }, from.title)));
          list.append(li);
        }
      } catch (err) {
        note.textContent = "Suggestions could not be loaded.";
        console.warn(err);
      }
    };
    button.addEventListener("click", () => {
      on = true;
      vconf.store.set("foryou", true);
      draw();
    });
    document.addEventListener("vconf:bookmark", (e) => {
      // a star on a suggestion moves it to the agenda: suggest again
      if (!e.detail.id.includes(":")) draw();
    });
    draw();
  };

  /* ---- the agenda ---- */

  const downloadText = (text, name, type) => {
    const a = vconf.el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
    document.body.append(a);
    a.click();
    setTimeout(() => {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 1000);
  };

  const pickList = (keys) => keys.map((k) => vconf.parsePick(k));
  const keysOf = (picks) => picks.map((p) => vconf.pickKey(p.kind, p.id));

  async function initAgenda(box) {
    await whenReady();
    const { el } = vconf;
    const [sessions, gallery, agenda] = await Promise.all(
      [box.dataset.sessions, box.dataset.papers, box.dataset.agenda].map((u) => vconf.loadJSON(u)));
    const base = vconf.dataRoot(box.dataset.sessions);
    const data = {
      sessions, papers: paperTable(gallery), domain: agenda.domain,
      workshops: new Map(agenda.workshops.map((w) => [w.id, w])),
    };
    const siteUrl = agenda.url ? new URL(agenda.url.replace(/\/?$/, "/")) : base;

    const head = el("div", { class: "vconf-agenda-tools" });
    const importBox = el("div", { class: "vconf-agenda-import", role: "region", "aria-label": "Shared agenda" });
    const shareBox = el("div", { class: "vconf-agenda-share" });
    shareBox.hidden = true;
    const zoneNote = el("p", { class: "vconf-agenda-zone" });
    const days = el("div", { class: "vconf-agenda-days" });
    box.replaceChildren(importBox, zoneNote, head, shareBox, days);

    const chosen = () => vconf.store.get("agenda-slots", {});
    let current = { entries: [], missing: [], unscheduled: [] };

    const icsButton = el("button", { type: "button", class: "btn btn-sm btn-primary vconf-agenda-ics" }, "Download calendar (.ics)");
    const shareButton = el("button", { type: "button", class: "btn btn-sm btn-outline-primary vconf-agenda-share-go", "aria-expanded": "false" }, "Share");
    head.append(icsButton, " ", shareButton);
    if (vconf.offline) {
      const save = el("button", { type: "button", class: "btn btn-sm btn-outline-secondary vconf-agenda-offline" }, "Save the whole conference for offline");
      const status = el("span", { class: "vconf-agenda-offline-status", role: "status" });
      save.addEventListener("click", async () => {
        save.disabled = true;
        try {
          const r = await vconf.offline.saveAll((done, total) => { status.textContent = `Saving… ${done} of ${total} files`; });
          status.textContent = `Saved for offline: ${r.files} files (${(r.bytes / 1048576).toFixed(1)} MB).`;
          box.dataset.offlineBytes = String(r.bytes);
        } catch (err) {
          status.textContent = "Could not save for offline: " + err.message;
        }
        save.disabled = false;
      });
      head.append(" ", save, " ", status);
    }

    const shareLink = () => {
      const u = new URL(location.href);
      u.search = "";
      u.hash = "picks=" + encodePicks(pickList([...vconf.bookmarks()]));
      return u.href;
    };
    const drawShare = () => {
      const link = shareLink();
      const input = el("input", { type: "text", readOnly: true, value: link, class: "form-control vconf-agenda-link", "aria-label": "Link to this agenda" });
      const copy = el("button", { type: "button", class: "btn btn-sm btn-outline-secondary" }, "Copy link");
      copy.addEventListener("click", async () => {
        try {
          await navigator.clipboard.writeText(link);
          copy.textContent = "Copied";
        } catch {
          input.select();
        }
      });
      const qr = el("figure", { class: "vconf-agenda-qr" });
      try {
        const svg = vconf.qr.svg(link);
        svg.setAttribute("aria-label", "QR code of the link to this agenda");
        qr.append(svg, el("figcaption", {}, "Scan to open this agenda on your phone."));
      } catch {
        qr.append(el("figcaption", {}, "Too many picks for a QR code: share the link."));
      }
      shareBox.replaceChildren(el("p", {}, "Anyone opening this link can add your picks to theirs:"),
        el("div", { class: "vconf-agenda-link-row" }, input, copy), qr);
    };
    shareButton.addEventListener("click", () => {
      shareBox.hidden = !shareBox.hidden;
      shareButton.setAttribute("aria-expanded", String(!shareBox.hidden));
      if (!shareBox.hidden) drawShare();
    });
    icsButton.addEventListener("click", () => {
      const text = makeIcs(icsEvents(current.entries, siteUrl), { name: `My agenda – ${agenda.name}`, stamp: agenda.stamp });
      downloadText(text, "my-agenda.ics", "text/calendar;charset=utf-8");
    });

    const timeText = (e) => `${vconf.formatTime(e.start)}–${vconf.formatTime(e.end)}`;
    const slotText = (s) => {
      const p = vconf.parts(s.start);
      return `${vconf.formatDay(p.dayKey)}, ${vconf.formatTime(s.start)}–${vconf.formatTime(s.end)}`;
    };
    const KIND = { paper: "Paper", item: "Workshop", session: "" };

    const item = (e) => {
      const label = e.kind === "session" ? vconf.kindLabel(e.sessionKind) : KIND[e.kind];
      const li = el("li", { class: `vconf-agenda-item vconf-agenda-${e.kind}`, "data-pick": e.key });
      const when = el("time", { class: "vconf-agenda-when", datetime: e.start, title: vconf.formatRange(e.start, e.end) }, timeText(e));
      if (vconf.parts(e.start).dayKey !== vconf.parts(e.end).dayKey) {
        when.append(el("small", { class: "vconf-agenda-nextday" }, " (ends next day)"));
      }
      const title = el("a", { class: "vconf-agenda-title", href: new URL(e.url, base).href }, e.title);
      const meta = el("p", { class: "vconf-agenda-meta" }, el("span", { class: "vconf-kind" }, label));
      if (e.kind === "paper") meta.append(" in ", el("a", { href: new URL(e.session.url, base).href }, e.session.title));
      if (e.workshop && e.kind === "session") meta.append(" · ", el("a", { href: new URL(e.workshop.url, base).href }, e.workshop.title));
      if (e.where) meta.append(" · ", e.where);
      const unstar = el("button", { type: "button", class: "btn btn-sm vconf-agenda-remove", title: "Remove from my agenda" },
        el("span", { "aria-hidden": "true" }, "★"), el("span", { class: "visually-hidden" }, `Remove ${e.title} from my agenda`));
      unstar.addEventListener("click", () => vconf.setBookmark(e.key, false));
      const body = el("div", { class: "vconf-agenda-body" }, title, meta);
      if (e.overlaps.length) {
        li.classList.add("is-overlap");
        body.append(el("p", { class: "vconf-agenda-overlap" }, "⚠ Overlaps with ",
          ...e.overlaps.flatMap((o, i) => [i ? ", " : "", o.title])));
      }
      if (e.alternatives.length) {
        const det = el("details", { class: "vconf-agenda-alt" },
          el("summary", {}, `Also presented ${e.alternatives.length === 1 ? "once more" : `${e.alternatives.length} more times`}`));
        const ul = el("ul", {});
        for (const s of e.alternatives) {
          const use = el("button", { type: "button", class: "btn btn-sm btn-link" }, "Use this slot");
          use.addEventListener("click", () => {
            vconf.store.set("agenda-slots", { ...chosen(), [e.id]: s.id });
            draw();
          });
          ul.append(el("li", {}, el("a", { href: new URL(s.url, base).href }, s.title), " ", slotText(s), " ", use));
        }
        det.append(ul);
        body.append(det);
      }
      li.append(when, body, unstar);
      return li;
    };

    const draw = () => {
      const tz = vconf.tz();
      current = buildEntries([...vconf.bookmarks()], data, { tz, parts: vconf.parts, chosen: chosen() });
      zoneNote.textContent = `Times in ${tz.replaceAll("_", " ")} (${vconf.offset(vconf.zoneMoment(), tz)}); change the zone in the top bar.`;
      const out = [];
      const byDay = new Map();
      for (const e of current.entries) {
        const key = vconf.parts(e.start).dayKey;
        if (!byDay.has(key)) byDay.set(key, []);
        byDay.get(key).push(e);
      }
      for (const [dayKey, list] of byDay) {
        const clashes = list.filter((e) => e.overlaps.length).length;
        out.push(el("section", { class: "vconf-agenda-day", "data-day": dayKey },
          el("h2", {}, vconf.formatDay(dayKey, { weekday: "long", day: "numeric", month: "long" }),
            clashes ? el("span", { class: "vconf-agenda-clashes" }, ` · ${clashes} overlapping`) : null),
          el("ol", { class: "vconf-agenda-list" }, ...list.map(item))));
      }
      if (current.unscheduled.length) {
        out.push(el("section", { class: "vconf-agenda-day" }, el("h2", {}, "Not scheduled"),
          el("ul", { class: "vconf-agenda-list" }, ...current.unscheduled.map((u) =>
            el("li", { class: "vconf-agenda-item", "data-pick": u.key }, el("a", { href: new URL(u.url, base).href }, u.title))))));
      }
      if (current.missing.length) {
        const forget = el("button", { type: "button", class: "btn btn-sm btn-link" }, "Forget them");
        forget.addEventListener("click", () => current.missing.forEach((k) => vconf.setBookmark(k, false)));
        out.push(el("p", { class: "vconf-agenda-missing" },
          `${current.missing.length} of your picks are no longer in the programme. `, forget));
      }
      if (!out.length) {
        out.push(el("p", { class: "vconf-agenda-empty" },
          "Nothing here yet. Star (☆) papers, sessions and workshops on their pages, in the ",
          el("a", { href: new URL("papers.html", base).href }, "papers"), " or the ",
          el("a", { href: new URL("schedule.html", base).href }, "schedule"), ": they gather here, in your time zone."));
      }
      icsButton.disabled = shareButton.disabled = !current.entries.length && !current.unscheduled.length;
      days.replaceChildren(...out);
      if (!shareBox.hidden) drawShare();
      box.classList.add("vconf-agenda-ready");
    };

    /* ---- a shared link: merge or replace ---- */
    const offerImport = () => {
      const m = /(?:^#|&)picks=([^&]*)/.exec(location.hash);
      if (!m) return;
      const incoming = decodePicks(decodeURIComponent(m[1]));
      const clearHash = () => history.replaceState(history.state, "", location.pathname + location.search);
      if (!incoming.length) {
        clearHash();
        return;
      }
      const mine = vconf.bookmarks();
      const fresh = keysOf(incoming).filter((k) => !mine.has(k));
      const done = (keys) => {
        vconf.store.set("bookmarks", keys);
        importBox.replaceChildren();
        clearHash();
        draw();
      };
      const merge = el("button", { type: "button", class: "btn btn-sm btn-primary vconf-import-merge" }, `Add to mine (${fresh.length} new)`);
      const replace = el("button", { type: "button", class: "btn btn-sm btn-outline-danger vconf-import-replace" }, "Replace mine");
      const ignore = el("button", { type: "button", class: "btn btn-sm btn-link vconf-import-ignore" }, "Ignore");
      merge.addEventListener("click", () => done([...mine, ...fresh]));
      replace.addEventListener("click", () => done(keysOf(incoming)));
      ignore.addEventListener("click", () => {
        importBox.replaceChildren();
        clearHash();
      });
      importBox.replaceChildren(el("p", {}, `This link holds an agenda of ${incoming.length} picks`
        + (mine.size ? ` (you have ${mine.size}).` : ".")), merge, " ", mine.size ? replace : "", " ", ignore);
    };

    offerImport();
    window.addEventListener("hashchange", offerImport);
    draw();
    document.addEventListener("vconf:bookmark", draw);
    document.addEventListener("vconf:tzchange", draw);
    window.addEventListener("storage", draw);
  }

  const start = () => {
    const box = document.getElementById("vconf-agenda");
    if (box) initAgenda(box).catch((err) => {
      box.replaceChildren(vconf.el("p", {}, "Your agenda could not be loaded."));
      console.warn(err);
    });
    for (const f of document.querySelectorAll(".vconf-for-you[data-embeddings]")) whenReady().then(() => forYou(f));
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
