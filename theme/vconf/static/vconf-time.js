/* vconf-time.js: times in the reader's zone, the zone picker, "now and next", and the
 * small shared API (window.vconf) the other vconf scripts build on.
 *
 * Load on every page, with `defer`, before the other vconf scripts. No dependencies.
 * The server writes every time in the conference zone; everything here is an enhancement.
 */
(() => {
  "use strict";
  const vconf = (window.vconf = window.vconf || {});
  if (vconf.tz) return; // loaded twice

  const params = new URLSearchParams(location.search);
  const html = document.documentElement;

  // Dates follow the reader's regional conventions, in the page's language: an English page
  // read with en-US gets "May 4", with en-GB "4 May", and never German words.
  const pageLang = (html.lang || "en").toLowerCase();
  const readerLangs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  const LOCALE = readerLangs.find((l) => l && l.toLowerCase().split("-")[0] === pageLang.split("-")[0]) || pageLang;
  vconf.locale = LOCALE;

  const KIND_LABELS = {
    invited: "Invited talk", oral: "Orals", poster: "Poster session", workshop: "Workshop",
    social: "Social", break: "Break", other: "Session",
  };
  vconf.KINDS = Object.keys(KIND_LABELS);
  // The organizer's own kinds (<meta name="vconf-kinds">: {id: {label, hue}}): their labels,
  // and their colours on every .vconf-kind-<id> of the page.
  try {
    const meta = document.querySelector('meta[name="vconf-kinds"]');
    const declared = meta ? JSON.parse(meta.content) : {};
    const sheet = new CSSStyleSheet();
    for (const [id, k] of Object.entries(declared)) {
      if (typeof k.label === "string" && k.label) KIND_LABELS[id] = k.label;
      if (Number.isFinite(k.hue)) sheet.insertRule(`.vconf-kind-${CSS.escape(id)} { --vconf-hue: ${Number(k.hue)}; }`);
    }
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } catch (err) {
    console.warn("vconf: the session kinds could not be read", err);
  }
  vconf.kindLabel = (kind) => KIND_LABELS[kind] || kind || "Session";

  /* ---------- site root and storage ---------- */

  // Sphinx writes data-content_root ("./", "../") on <html>: the site root relative to the page.
  const root = new URL(html.dataset.content_root || "./", location.href);
  vconf.root = root;
  // Several sites may share an origin (project pages): keep their stored state apart.
  const prefix = "vconf:" + root.pathname + ":";

  vconf.store = {
    get(key, fallback) {
      try {
        const raw = localStorage.getItem(prefix + key);
        return raw === null ? fallback : JSON.parse(raw);
      } catch {
        return fallback;
      }
    },
    set(key, value) {
      try {
        localStorage.setItem(prefix + key, JSON.stringify(value));
      } catch {
        /* private mode or full: state simply is not remembered */
      }
    },
  };

  const idSet = (key) => new Set(vconf.store.get(key, []));
  vconf.visited = () => idSet("visited");
  vconf.bookmarks = () => idSet("bookmarks");
  vconf.markVisited = (id) => {
    const s = vconf.visited();
    if (!s.has(id)) {
      s.add(id);
      vconf.store.set("visited", [...s]);
    }
  };
  vconf.setBookmark = (id, on) => {
    const s = vconf.bookmarks();
    if (on) s.add(id);
    else s.delete(id);
    vconf.store.set("bookmarks", [...s]);
    document.dispatchEvent(new CustomEvent("vconf:bookmark", { detail: { id, on } }));
    return on;
  };

  /* ---------- search ---------- */

  /** Lowercase with accents folded ("Élodie" finds "elodie"): NFKD, combining marks dropped. */
  vconf.norm = (s) => {
    s = String(s ?? "");
    // plain ASCII (most text) needs no decomposition: skip the costly part
    return /[^\x00-\x7f]/.test(s) ? s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase() : s.toLowerCase();
  };

  /* ---------- data loading ---------- */

  const jsonCache = new Map();
  /** Fetch a JSON file once per page (the same file may feed several widgets). */
  vconf.loadJSON = (url) => {
    const abs = new URL(url, location.href).href;
    if (!jsonCache.has(abs)) {
      jsonCache.set(abs, fetch(abs).then((r) => {
        if (!r.ok) throw new Error(`vconf: ${abs}: HTTP ${r.status}`);
        return r.json();
      }));
    }
    return jsonCache.get(abs);
  };
  /** The site root that a data file's relative URLs (url, thumbnail) are relative to. */
  vconf.dataRoot = (dataUrl) => new URL("../", new URL(dataUrl, location.href));

  /* ---------- zones ---------- */

  const validZone = (tz) => {
    if (!tz || typeof tz !== "string") return false;
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  };
  const detected = (() => {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    } catch {
      return "UTC";
    }
  })();
  vconf.detectedTz = () => detected;
  vconf.conferenceTz = () => {
    const el = document.querySelector("[data-conference-tz], #vconf-schedule[data-timezone]");
    return el ? el.dataset.conferenceTz || el.dataset.timezone : null;
  };

  const urlTz = params.get("tz");
  let current = validZone(urlTz) ? urlTz : null;
  if (!current) {
    const stored = vconf.store.get("tz", null);
    current = validZone(stored) ? stored : detected;
  }
  vconf.tz = () => current;
  vconf.setTz = (tz) => {
    if (!validZone(tz) || tz === current) return;
    current = tz;
    vconf.store.set("tz", tz);
    // A ?tz= in the address would otherwise win again on reload.
    const u = new URL(location.href);
    if (u.searchParams.has("tz")) {
      u.searchParams.set("tz", tz);
      history.replaceState(history.state, "", u);
    }
    document.dispatchEvent(new CustomEvent("vconf:tzchange", { detail: { tz } }));
  };

  /* ---------- formatting ---------- */

  const fmtCache = new Map();
  const formatter = (tz, opts) => {
    const key = tz + JSON.stringify(opts);
    let f = fmtCache.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(LOCALE, { ...opts, timeZone: tz });
      fmtCache.set(key, f);
    }
    return f;
  };
  const toDate = (d) => (d instanceof Date ? d : new Date(d));

  const RANGE_OPTS = {
    weekday: "short", day: "numeric", month: "short", year: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  };

  /** The instant a zone's name is labelled at ("Berlin (UTC+02:00)"): now while the
   * conference runs, else its first day: a May conference is labelled with May's offset in
   * January too, as every time on the page is. */
  vconf.zoneMoment = () => {
    const box = document.querySelector(".vconf-tz-picker[data-conference-start]");
    const now = vconf.now ? vconf.now() : new Date();
    const start = box && Date.parse(`${box.dataset.conferenceStart}T12:00:00Z`);
    const end = box && Date.parse(`${box.dataset.conferenceEnd || box.dataset.conferenceStart}T12:00:00Z`);
    if (!start || Number.isNaN(start)) return now;
    return now.getTime() >= start - 86400000 && now.getTime() <= end + 86400000 ? now : new Date(start);
  };

  /** "UTC+05:30" for a zone at an instant. */
  vconf.offset = (date, tz = current) => {
    let name;
    try {
      name = formatter(tz, { timeZoneName: "longOffset" }).formatToParts(toDate(date))
        .find((p) => p.type === "timeZoneName").value;
    } catch {
      const p = vconf.parts(date, tz);
      const mins = Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - toDate(date).getTime()) / 60000);
      const a = Math.abs(mins);
      name = `GMT${mins < 0 ? "-" : "+"}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
    }
    return name === "GMT" ? "UTC+00:00" : name.replace("GMT", "UTC");
  };

  /** The zone's short name ("CEST", "GMT+5:30") at an instant. */
  vconf.zoneName = (date, tz = current) =>
    formatter(tz, { timeZoneName: "short" }).formatToParts(toDate(date)).find((p) => p.type === "timeZoneName").value;

  // A named abbreviation ("CEST") gets its offset spelled out; "GMT+5:30" already is one.
  const withOffset = (text, date, tz) => {
    const name = vconf.zoneName(date, tz);
    return /\d|^UTC$/.test(name) ? text : `${text} (${vconf.offset(date, tz)})`;
  };

  /** A range in the reader's zone: weekday, date, start–end, zone; both days when it crosses midnight. */
  vconf.formatRange = (start, end, tz = current) => {
    const a = toDate(start);
    if (end === undefined || end === null || end === "") {
      return withOffset(formatter(tz, RANGE_OPTS).format(a), a, tz);
    }
    const b = toDate(end);
    const f = formatter(tz, RANGE_OPTS);
    if (vconf.offset(a, tz) !== vconf.offset(b, tz)) {
      // Daylight saving starts or ends inside the range: each end carries its own offset
      // ("01:30 EST – 03:30 EDT"), as the server's text does.
      const sameDay = vconf.parts(a, tz).dayKey === vconf.parts(b, tz).dayKey;
      const fb = sameDay ? formatter(tz, { hour: "2-digit", minute: "2-digit", timeZoneName: "short" }) : f;
      return `${withOffset(f.format(a), a, tz)} – ${withOffset(fb.format(b), b, tz)}`;
    }
    const text = typeof f.formatRange === "function" ? f.formatRange(a, b) : `${f.format(a)} – ${f.format(b)}`;
    return withOffset(text, a, tz);
  };

  /** Whether the reader's locale writes a 12-hour clock. */
  vconf.hour12 = () => Boolean(formatter("UTC", { hour: "numeric" }).resolvedOptions().hour12);

  /** "09:00" (or "9:00 AM") in the reader's zone. */
  vconf.formatTime = (date, tz = current) =>
    formatter(tz, { hour: vconf.hour12() ? "numeric" : "2-digit", minute: "2-digit" }).format(toDate(date));

  /** "Mon 4 May" for a "YYYY-MM-DD" day key (a calendar day, no zone). */
  vconf.formatDay = (dayKey, opts = { weekday: "short", day: "numeric", month: "short" }) => {
    const [y, m, d] = dayKey.split("-").map(Number);
    return formatter("UTC", opts).format(new Date(Date.UTC(y, m - 1, d, 12)));
  };

  const PARTS_OPTS = {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  };
  const partsFmt = new Map();
  /** Wall-clock fields of an instant in a zone: {year, month, day, hour, minute, dayKey, minutes}. */
  vconf.parts = (date, tz = current) => {
    let f = partsFmt.get(tz);
    if (!f) {
      f = new Intl.DateTimeFormat("en-US", { ...PARTS_OPTS, timeZone: tz });
      partsFmt.set(tz, f);
    }
    const o = {};
    for (const p of f.formatToParts(toDate(date))) if (p.type !== "literal") o[p.type] = Number(p.value);
    if (o.hour === 24) o.hour = 0; // some engines write midnight as 24 under h23
    o.dayKey = `${o.year}-${String(o.month).padStart(2, "0")}-${String(o.day).padStart(2, "0")}`;
    o.minutes = o.hour * 60 + o.minute;
    return o;
  };

  /** Now, or the instant given by ?now= (for previews and tests). */
  const urlNow = params.get("now");
  const fixedNow = urlNow && !Number.isNaN(Date.parse(urlNow)) ? Date.parse(urlNow) : null;
  vconf.now = () => new Date(fixedNow === null ? Date.now() : fixedNow);
  vconf.nowIsFixed = fixedNow !== null;

  /* ---------- <time class="vconf-time"> ---------- */

  vconf.rewriteTimes = (scope = document) => {
    // (the schedule page's server-made list is replaced by its script: not worth rewriting)
    for (const t of scope.querySelectorAll("time.vconf-time[datetime]:not(#vconf-schedule time)")) {
      const start = new Date(t.getAttribute("datetime"));
      if (Number.isNaN(start.getTime())) continue;
      if (!t.hasAttribute("title")) t.title = t.textContent.trim(); // the conference-zone text
      const end = t.dataset.end ? new Date(t.dataset.end) : null;
      t.textContent = vconf.formatRange(start, end && !Number.isNaN(end.getTime()) ? end : null);
    }
  };

  /* ---------- a day page's sessions under the reader's own days ---------- */

  /** A day page lists the conference's day (ul.vconf-sessions[data-date]); where the reader's
   * zone puts its sessions on other dates, each run of them gets its reader-zone date as a
   * heading, so that "Thursday 19 November" never shows "Wed, Nov 18, 8 PM" unexplained. */
  vconf.regroupDayLists = (scope = document) => {
    for (const box of scope.querySelectorAll(".vconf-day-list")) {
      const list = box.querySelector("ul.vconf-sessions[data-date]");
      if (!list) continue;
      const conf = list.dataset.date;
      const items = [...box.querySelectorAll("ul.vconf-sessions > li")];
      for (const old of box.querySelectorAll(".vconf-day-local")) old.remove();
      list.append(...items);
      const dayOf = (li) => {
        const t = li.querySelector("time[datetime]");
        return t ? vconf.parts(new Date(t.getAttribute("datetime"))).dayKey : conf;
      };
      const days = items.map(dayOf);
      if (days.every((d) => d === conf)) continue;
      const groups = [];
      items.forEach((li, i) => {
        if (!groups.length || groups[groups.length - 1].day !== days[i]) groups.push({ day: days[i], items: [] });
        groups[groups.length - 1].items.push(li);
      });
      const long = { weekday: "long", day: "numeric", month: "long" };
      const confName = vconf.formatDay(conf, long);
      for (const g of groups) {
        const head = document.createElement("h2");
        head.className = "vconf-day-local";
        head.textContent = `${vconf.formatDay(g.day, long)}, your time`
          + (g.day === conf ? "" : ` (${confName} at the conference)`);
        head.dataset.date = g.day;
        const ul = document.createElement("ul");
        ul.className = "vconf-sessions vconf-day-local";
        ul.append(...g.items);
        box.insertBefore(head, list);
        box.insertBefore(ul, list);
      }
    }
  };

  /* ---------- the zone picker ---------- */

  let pickerCount = 0;
  const fillPicker = (box) => {
    if (box.querySelector("select")) return;
    const id = `vconf-tz-select-${++pickerCount}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.className = "vconf-tz-label";
    label.textContent = "Time zone";
    const select = document.createElement("select");
    select.id = id;
    select.className = "vconf-tz-select form-select form-select-sm";

    const conf = box.dataset.conferenceTz;
    const labelAt = vconf.zoneMoment(); // the offset in force at the conference
    const suggested = document.createElement("optgroup");
    suggested.label = "Suggested";
    const seen = new Set();
    const add = (group, tz, text) => {
      const o = document.createElement("option");
      o.value = tz;
      o.textContent = text;
      group.append(o);
    };
    // the zone first: a narrow select shows the start of the text
    const name = (tz) => tz.replaceAll("_", " ");
    for (const [tz, what] of [[detected, "your zone"], [conf, "conference"], ["UTC", ""]]) {
      if (!validZone(tz) || seen.has(tz)) continue;
      seen.add(tz);
      add(suggested, tz, what ? `${name(tz)} (${vconf.offset(labelAt, tz)}) · ${what}` : "UTC");
    }
    select.append(suggested);
    if (!seen.has(current)) add(suggested, current, `${name(current)} (${vconf.offset(labelAt, current)})`);

    // Every zone (over 400 options, on every page) is added when the reader reaches for
    // the list, or when the page is idle: not while the page starts.
    let filled = false;
    const fillAll = () => {
      if (filled) return;
      filled = true;
      let all = [];
      try {
        all = Intl.supportedValuesOf("timeZone");
      } catch {
        /* older browsers: the suggestions only */
      }
      if (!all.length) return;
      const group = document.createElement("optgroup");
      group.label = "All time zones";
      for (const tz of all) add(group, tz, tz.replaceAll("_", " "));
      select.append(group);
      select.value = current;
    };
    for (const type of ["pointerdown", "focus", "keydown", "touchstart"]) {
      select.addEventListener(type, fillAll, { once: true, passive: true });
    }
    (window.requestIdleCallback || ((f) => setTimeout(f, 1500)))(fillAll, { timeout: 4000 });
    select.value = current;
    select.addEventListener("change", () => vconf.setTz(select.value));
    box.replaceChildren(label, select);
  };

  /* ---------- now and next (home page) ---------- */

  const rel = () => new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto" });
  const until = (ms) => {
    const m = ms / 60000;
    if (m < 120) return rel().format(Math.max(1, Math.round(m)), "minute");
    if (m < 48 * 60) return rel().format(Math.round(m / 60), "hour");
    return rel().format(Math.round(m / 1440), "day");
  };

  const el = (tag, props = {}, ...children) => {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === "class") n.className = v;
      else if (k in n && typeof v !== "string") n[k] = v;
      else n.setAttribute(k, v);
    }
    n.append(...children.filter((c) => c !== null && c !== undefined));
    return n;
  };
  vconf.el = el;

  // What a button says for a session on now: go where it happens (its page holds the
  // stream or call, and its chat)
  const JOIN = { poster: "Join", social: "Join", workshop: "Join", invited: "Watch", oral: "Watch" };
  vconf.joinLabel = (kind) => JOIN[kind] || "Join";

  /** A session line (the session-line component) shows its Join/Watch button while its
   * session runs: from its start to its end, by the reader's clock (or ?now=). */
  vconf.markLive = (scope = document) => {
    const now = vconf.now().getTime();
    for (const li of scope.querySelectorAll(".vconf-session-line[data-live-start]")) {
      const button = li.querySelector(":scope > a.vconf-now-join");
      if (!button) continue;
      const live = Date.parse(li.dataset.liveStart) <= now && now < Date.parse(li.dataset.liveEnd);
      if (live && !button.textContent) button.textContent = vconf.joinLabel(li.dataset.kind);
      if (button.hidden === live) button.hidden = !live;
      li.classList.toggle("is-live", live);
    }
  };
  const sessionItem = (s, base, live = false) => {
    const t = el("time", { class: "vconf-time", datetime: s.start }, vconf.formatRange(s.start, s.end));
    t.dataset.end = s.end;
    const conf = vconf.conferenceTz();
    if (conf && validZone(conf)) t.title = vconf.formatRange(s.start, s.end, conf);
    const join = live && s.kind !== "break"
      ? el("a", { class: "btn btn-sm vconf-now-join", href: new URL(s.url, base).href }, JOIN[s.kind] || "Join") : null;
    return el("li", { class: `vconf-now-item vconf-kind-${s.kind}` }, join, join ? " " : null,
      el("a", { href: new URL(s.url, base).href }, s.title), " ",
      el("span", { class: "vconf-kind" }, vconf.kindLabel(s.kind)), " ", t);
  };

  const renderNow = (box, sessions, base) => {
    // headings one level below the section the widget sits in (Sphinx: <section><hN>)
    const sectionHeading = box.closest("section")?.querySelector(":scope > :is(h1, h2, h3, h4, h5)");
    const level = Math.min(6, Number(box.dataset.headingLevel) || (sectionHeading ? Number(sectionHeading.tagName[1]) + 1 : 2));
    const section = (title, list, extra, live = false) => el("section", { class: "vconf-now-section" },
      el(`h${level}`, { class: "vconf-now-heading" }, title), extra || null,
      el("ul", { class: "vconf-now-list" }, ...list.map((s) => sessionItem(s, base, live))));
    const now = vconf.now().getTime();
    const timed = sessions
      .map((s) => ({ ...s, t0: Date.parse(s.start), t1: Date.parse(s.end) }))
      .filter((s) => !Number.isNaN(s.t0))
      .sort((a, b) => a.t0 - b.t0 || a.title.localeCompare(b.title));
    const out = [];
    if (!timed.length) {
      out.push(el("p", { class: "vconf-now-state" }, "No sessions are scheduled yet."));
    } else if (now >= Math.max(...timed.map((s) => s.t1 || s.t0))) {
      out.push(el("p", { class: "vconf-now-state" }, "The conference has ended."));
    } else {
      const onNow = timed.filter((s) => s.t0 <= now && now < s.t1);
      const later = timed.filter((s) => s.t0 > now && s.kind !== "break");
      // the next start time, and everything that starts with it (parallel sessions)
      const nextT = later.length ? later[0].t0 : null;
      const next = later.filter((s) => s.t0 === nextT).concat(later.filter((s) => s.t0 !== nextT)).slice(0, 5);
      if (now < timed[0].t0) {
        out.push(el("p", { class: "vconf-now-state" }, `The conference starts ${until(timed[0].t0 - now)}.`));
        out.push(section("First sessions", next));
      } else {
        out.push(onNow.length ? section("On now", onNow, null, true)
          : el("p", { class: "vconf-now-state" }, "Nothing is on right now."));
        if (next.length) {
          out.push(section("Next", next, el("p", { class: "vconf-now-when" }, `Starts ${until(nextT - now)}.`)));
        }
      }
    }
    box.replaceChildren(...out);
    box.classList.add("vconf-now-ready");
  };

  const initNow = () => {
    const box = document.getElementById("vconf-now");
    if (!box || !box.dataset.sessions) return;
    const url = box.dataset.sessions;
    vconf.loadJSON(url).then((sessions) => {
      const base = vconf.dataRoot(url);
      const draw = () => renderNow(box, sessions, base);
      draw();
      document.addEventListener("vconf:tzchange", draw);
      if (!vconf.nowIsFixed) setInterval(draw, 30000);
    }).catch((err) => {
      box.replaceChildren(el("p", { class: "vconf-now-state vconf-data-failed", role: "status" },
        "What is on now could not be worked out: the schedule's data did not load (a blocked request, "
        + "or the page opened from a file). ", el("a", { href: new URL("../schedule.html", new URL(url, location.href)).href },
          "See the schedule")));
      console.warn(err);
    });
  };

  /* ---------- start ---------- */

  const start = () => {
    document.querySelectorAll(".vconf-tz-picker").forEach(fillPicker);
    vconf.rewriteTimes();
    vconf.regroupDayLists();
    const paper = document.querySelector("article.vconf-paper[data-id]");
    if (paper) vconf.markVisited(paper.dataset.id);
    initNow();
    vconf.markLive();
    if (!vconf.nowIsFixed && document.querySelector(".vconf-session-line[data-live-start]")) {
      setInterval(() => vconf.markLive(), 30000);
    }
    document.addEventListener("vconf:tzchange", () => {
      vconf.rewriteTimes();
      vconf.regroupDayLists();
      for (const s of document.querySelectorAll(".vconf-tz-picker select")) s.value = current;
    });
  };
  vconf.ready = new Promise((resolve) => {
    const go = () => {
      start();
      resolve(vconf);
      document.dispatchEvent(new CustomEvent("vconf:ready"));
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go, { once: true });
    else go();
  });
})();
