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
 * and .vconf-for-you[data-papers][data-embeddings]. The pure functions are on vconf.agenda
 * (and run in Node for the unit tests).
 */
(() => {
  "use strict";
  const root = typeof window !== "undefined" ? window : globalThis;
  const vconf = (root.vconf = root.vconf || {});

  /* ================= pure functions ================= */

  const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
  const KIND_LETTER = { paper: "p", session: "s", workshop: "w" };
  const LETTER_KIND = { p: "paper", s: "session", w: "workshop" };

  /** Picks as the text of a #picks= fragment: per kind, sorted ids, each written as the length of
   * the prefix it shares with the one before (one base-36 digit) and the rest. */
  const encodePicks = (picks) => {
    const groups = [];
    for (const [kind, letter] of Object.entries(KIND_LETTER)) {
      const ids = [...new Set(picks.filter((p) => p.kind === kind && ID.test(p.id)).map((p) => p.id))].sort();
      if (!ids.length) continue;
      let prev = "";
      const parts = ids.map((id) => {
        let n = 0;
        while (n < 35 && n < prev.length && n < id.length && prev[n] === id[n]) n++;
        prev = id;
        return n.toString(36) + id.slice(n);
      });
      groups.push(letter + parts.join("~"));
    }
    return groups.join("*");
  };

  const decodePicks = (text) => {
    const out = [];
    for (const group of String(text || "").split("*")) {
      const kind = LETTER_KIND[group[0]];
      if (!kind) continue;
      let prev = "";
      for (const part of group.slice(1).split("~")) {
        const n = parseInt(part[0], 36);
        if (Number.isNaN(n) || n > prev.length) continue;
        const id = prev.slice(0, n) + part.slice(1);
        if (!ID.test(id)) continue;
        prev = id;
        out.push({ kind, id });
      }
    }
    return out;
  };

  /* ---- ICS (RFC 5545) ---- */

  /** A TEXT value: backslash, semicolon, comma and newlines escaped; other controls dropped. */
  const icsText = (s) => String(s ?? "")
    .replace(/\r\n?/g, "\n")
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "")
    .replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n");

  /** One content line folded at 75 octets (continuations start with a space), never inside a
   * UTF-8 character; CRLF-terminated. */
  const foldLine = (line) => {
    const enc = new TextEncoder();
    const out = [];
    let cur = "";
    let bytes = 0;
    let limit = 75;
    for (const ch of line) {
      const n = enc.encode(ch).length;
      if (bytes + n > limit) {
        out.push(cur);
        cur = " ";
        bytes = 1;
        limit = 75;
      }
      cur += ch;
      bytes += n;
    }
    out.push(cur);
    return out.join("\r\n") + "\r\n";
  };

  const icsStamp = (iso) => new Date(iso).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

  /** The calendar text. events: [{uid, start, end, summary, description, location, url}];
   * meta: {name, stamp}. */
  const makeIcs = (events, meta) => {
    const lines = [
      "BEGIN:VCALENDAR", "PRODID:-//vconf//sphinxext-vconf//EN", "VERSION:2.0", "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH", `X-WR-CALNAME:${icsText(meta.name)}`,
    ];
    for (const e of events) {
      lines.push("BEGIN:VEVENT", `UID:${icsText(e.uid)}`, `DTSTAMP:${meta.stamp}`,
        `DTSTART:${icsStamp(e.start)}`, `DTEND:${icsStamp(e.end)}`, `SUMMARY:${icsText(e.summary) || "(untitled)"}`);
      if (e.description) lines.push(`DESCRIPTION:${icsText(e.description)}`);
      if (e.location) lines.push(`LOCATION:${icsText(e.location)}`);
      if (e.url && /^https?:\/\/[^\s"<>\\]+$/.test(e.url)) lines.push(`URL:${e.url}`);
      lines.push("END:VEVENT");
    }
    lines.push("END:VCALENDAR");
    return lines.map(foldLine).join("");
  };

  /* ---- the reader's picks as timed entries ---- */

  const WAKE = [8 * 60, 22 * 60]; // a reader's waking hours, in their zone

  /** Whether a slot lies in the waking hours of zone tz (parts: vconf.parts). */
  const awake = (slot, parts, tz) => {
    const a = parts(slot.start, tz);
    const b = parts(slot.end, tz);
    return a.minutes >= WAKE[0] && a.dayKey === b.dayKey && b.minutes <= WAKE[1];
  };

  /**
   * Entries of the picks: [{key, kind, id, title, url, start, end, slot, uid, alternatives,
   * where, overlaps: []}] sorted by start, plus `missing` (picks no longer in the programme)
   * and `unscheduled` (workshops without times). data: {sessions, papers (id -> {title, url,
   * sessions}), workshops (id -> agenda.json's workshop), domain}. chosen: paper id -> session id.
   */
  const buildEntries = (keys, data, { tz, parts, chosen = {} }) => {
    const sessions = new Map(data.sessions.map((s) => [s.id, s]));
    const entries = [];
    const missing = [];
    const unscheduled = [];
    const uid = (k) => `${k}@${data.domain}`;
    const sessionEntry = (s, key, extra = {}) => ({
      key, kind: "session", id: s.id, title: s.title, url: s.url, start: s.start, end: s.end, slot: `s:${s.id}`,
      uid: uid(`session-${s.id}`), where: s.room || "", sessionKind: s.kind, alternatives: [], overlaps: [], ...extra,
    });
    for (const key of keys) {
      const m = /^([sw]):(.+)$/.exec(key);
      if (!m) {
        const p = data.papers.get(key);
        if (!p) {
          missing.push(key);
          continue;
        }
        const slots = (p.sessions || []).map((sid) => sessions.get(sid)).filter(Boolean)
          .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
        if (!slots.length) {
          unscheduled.push({ key, kind: "paper", id: key, title: p.title, url: p.url });
          continue;
        }
        const pick = slots.find((s) => s.id === chosen[key]) || slots.find((s) => awake(s, parts, tz)) || slots[0];
        entries.push({
          key, kind: "paper", id: key, title: p.title, url: p.url, start: pick.start, end: pick.end,
          slot: `s:${pick.id}`, session: pick, uid: uid(`paper-${key}-session-${pick.id}`), where: pick.room || "",
          alternatives: slots.filter((s) => s !== pick), overlaps: [],
        });
      } else if (m[1] === "s") {
        const s = sessions.get(m[2]);
        if (s) entries.push(sessionEntry(s, key));
        else missing.push(key);
      } else {
        const w = data.workshops.get(m[2]);
        if (!w) {
          missing.push(key);
          continue;
        }
        const before = entries.length;
        for (const sid of w.sessions) {
          const s = sessions.get(sid);
          if (s) entries.push(sessionEntry(s, key, { workshop: w }));
        }
        for (const it of w.items) {
          const iso = (t) => `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 11)}:${t.slice(11, 13)}:${t.slice(13, 15)}Z`;
          entries.push({
            key, kind: "item", id: `${w.id}-${it.key}`, title: `${it.title} (${w.title})`, url: w.url,
            start: iso(it.start), end: iso(it.end), slot: `w:${w.id}:${it.key}`, uid: uid(`workshop-${w.id}-${it.key}`),
            where: it.speaker || "", workshop: w, alternatives: [], overlaps: [],
          });
        }
        if (entries.length === before) unscheduled.push({ key, kind: "workshop", id: w.id, title: w.title, url: w.url });
      }
    }
    // The same slot twice (a workshop's session also starred): keep one entry.
    const seen = new Map();
    const unique = [];
    for (const e of entries) {
      const k = `${e.kind === "paper" ? "p:" + e.id : e.slot}`;
      if (!seen.has(k)) {
        seen.set(k, e);
        unique.push(e);
      }
    }
    unique.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.title.localeCompare(b.title));
    // Overlaps: different slots at the same time (a paper in a starred session is not one).
    for (let i = 0; i < unique.length; i++) {
      const a = unique[i];
      const a1 = Date.parse(a.end);
      for (let j = i + 1; j < unique.length; j++) {
        const b = unique[j];
        if (Date.parse(b.start) >= a1) break;
        if (a.slot === b.slot || a.key === b.key) continue; // a workshop's talks inside its own sessions
        a.overlaps.push(b);
        b.overlaps.push(a);
      }
    }
    return { entries: unique, missing, unscheduled };
  };

  /** The ICS events of entries (the calendars' own summaries and UIDs). */
  const icsEvents = (entries, siteRoot) => entries.map((e) => ({
    uid: e.uid, start: e.start, end: e.end,
    summary: e.kind === "paper" ? `${e.title} (${e.session.title})` : e.title,
    location: e.where,
    url: siteRoot ? new URL(e.url, siteRoot).href : "",
    description: e.kind === "paper" ? `Presented in: ${e.session.title}` : "",
  }));

  /* ---- recommendations ---- */

  /** rows: Int8Array (n x dim); returns Float32Array of row norms. */
  const norms = (rows, n, dim) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = i * dim, end = k + dim; k < end; k++) s += rows[k] * rows[k];
      out[i] = Math.sqrt(s) || 1;
    }
    return out;
  };

  /** dot product of rows a and b over components [0, len): unrolled, four sums */
  const dot = (rows, a, b, len) => {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, d = 0;
    for (; d + 3 < len; d += 4) {
      s0 += rows[a + d] * rows[b + d];
      s1 += rows[a + d + 1] * rows[b + d + 1];
      s2 += rows[a + d + 2] * rows[b + d + 2];
      s3 += rows[a + d + 3] * rows[b + d + 3];
    }
    for (; d < len; d++) s0 += rows[a + d] * rows[b + d];
    return s0 + s1 + s2 + s3;
  };

  /**
   * Papers closest (cosine) to any starred one: [{index, score, because (starred index)}],
   * best first, starred excluded. Rows are in principal axes (agenda.py): a first pass over
   * the `lead` leading components shortlists each starred paper's likely neighbours, and
   * only those get an exact cosine over every component.
   */
  const recommend = (rows, dim, rowNorms, starred, k = 8, lead = dim) => {
    const n = rowNorms.length;
    const mine = new Uint8Array(n);
    for (const s of starred) mine[s] = 1;
    const shortlist = Math.min(n, Math.max(64, 8 * k));
    const partial = new Float32Array(n);
    const best = new Map(); // index -> {score, because}
    for (const s of starred) {
      const so = s * dim;
      for (let i = 0; i < n; i++) partial[i] = mine[i] ? -Infinity : dot(rows, so, i * dim, lead) / rowNorms[i];
      const full = lead >= dim; // the first pass was exact: no second one
      const cut = full || shortlist >= n ? -Infinity : Float32Array.from(partial).sort()[n - shortlist];
      for (let i = 0; i < n; i++) {
        if (partial[i] < cut || partial[i] === -Infinity) continue;
        const c = full ? partial[i] / rowNorms[s] : dot(rows, so, i * dim, dim) / (rowNorms[s] * rowNorms[i]);
        const b = best.get(i);
        if (!b || c > b.score) best.set(i, { score: c, because: s });
      }
    }
    return [...best].map(([index, b]) => ({ index, score: b.score, because: b.because }))
      .sort((a, b) => b.score - a.score || a.index - b.index).slice(0, k);
  };

  vconf.agenda = { encodePicks, decodePicks, icsText, foldLine, makeIcs, buildEntries, icsEvents, recommend, norms, awake, dot };
  if (typeof document === "undefined") return;

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
      zoneNote.textContent = `Times in ${tz.replaceAll("_", " ")} (${vconf.offset(vconf.now(), tz)}); change the zone in the top bar.`;
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
