/* vconf-agenda-core.js: the agenda's pure functions, as vconf.agenda (no DOM; run in Node by
 * the unit tests, in the browser by vconf-agenda.js and the benchmark):
 * - share links: encodePicks / decodePicks (#picks=..., front-coded ids per kind);
 * - ICS (RFC 5545): icsText (escaping), foldLine (75 octets), makeIcs, icsEvents (the UIDs of
 *   sphinxext_vconf/calendars.py, so re-imports update);
 * - buildEntries: the reader's picks as timed entries, a paper's slot in their waking hours
 *   first, overlaps marked;
 * - recommend / norms / dot: "papers for you" from int8 rows in principal axes
 *   (sphinxext_vconf/agenda.py).
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
        const own = (pick.paper_times || {})[key]; // the paper's own slot in its session, where given
        entries.push({
          key, kind: "paper", id: key, title: p.title, url: p.url, start: own ? own[0] : pick.start, end: own ? own[1] : pick.end,
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
})();
