/* vconf-schedule.js: the calendar of all sessions (schedule.html) in the reader's zone.
 *
 * Week view: the reader's days as columns, hours as rows; parallel sessions share a day in
 * lanes (as many as fit at LANE_PX each); what does not fit folds into a "+N more" per hour
 * that opens that hour's sessions in a dialog. Day view: one day, a column per room (or
 * track, or kind: whichever the day has several of), scrolling sideways inside the calendar.
 * List view (the default on phones): the sessions under the reader's own days. Filters:
 * kind, track, room, starred only. A line marks now. Redraws on 'vconf:tzchange'. State in
 * the query string. Needs vconf-time.js (window.vconf); the layout is in vconf-schedule-layout.js.
 */
(() => {
  "use strict";
  const vconf = (window.vconf = window.vconf || {});
  let resolveReady, rejectReady;
  const ready = new Promise((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => {});
  const api = (vconf.schedule = { ready });

  const PHONE = "(max-width: 767.98px)";
  const LANE_PX = 72; // the narrowest lane: a start time ("12:00 PM") and a few letters of title
  const LINE_PX = 26; // one line of an event box (time), the shortest a box gets
  const DAY_LANES = 3; // lanes a day-view column grows to before it folds

  const whenVconf = () => new Promise((res) => {
    if (vconf.ready) vconf.ready.then(res);
    else document.addEventListener("vconf:ready", () => res(vconf), { once: true });
  });

  async function init(box) {
    await whenVconf();
    const { el } = vconf;
    const L = vconf.scheduleLayout;
    const url = box.dataset.sessions;
    const declared = JSON.parse(box.dataset.kinds || "{}"); // the organizer's kinds: {id: {label, hue}}
    const labels = Object.fromEntries(Object.entries(declared).map(([k, v]) => [k, v.label]));
    const kindLabel = (k) => labels[k] || vconf.kindLabel(k);
    // a declared colour: the kind's hue on its boxes, dots and list lines
    const hueOf = (k) => (declared[k] && declared[k].hue !== undefined ? `--vconf-hue:${Number(declared[k].hue)};` : "");
    const sessions = (await vconf.loadJSON(url))
      .map((s) => ({ ...s, t0: Date.parse(s.start), t1: Date.parse(s.end) }))
      .filter((s) => !Number.isNaN(s.t0))
      .map((s) => (Number.isNaN(s.t1) || s.t1 < s.t0 ? { ...s, t1: s.t0 } : s));
    for (const s of sessions) s.marker = s.t1 === s.t0;
    const base = vconf.dataRoot(url);
    const seenKinds = [...new Set(sessions.map((s) => s.kind))];
    const order = Object.keys(labels).concat(vconf.KINDS);
    const kinds = order.filter((k, i) => order.indexOf(k) === i && seenKinds.includes(k))
      .concat(seenKinds.filter((k) => !order.includes(k)));
    const byName = (a, b) => a.localeCompare(b, undefined, { numeric: true });
    const tracks = [...new Set(sessions.map((s) => s.track).filter(Boolean))].sort(byName);
    const rooms = [...new Set(sessions.map((s) => s.room).filter(Boolean))].sort(byName);

    const params = new URLSearchParams(location.search);
    const phone = window.matchMedia(PHONE);
    const state = {
      view: ["week", "day", "list"].includes(params.get("view")) ? params.get("view") : phone.matches ? "list" : "week",
      day: params.get("day") || "",
      kinds: new Set(params.has("kinds") ? params.get("kinds").split(",").filter((k) => kinds.includes(k)) : kinds),
      track: tracks.includes(params.get("track")) ? params.get("track") : "",
      room: rooms.includes(params.get("room")) ? params.get("room") : "",
      starred: params.get("starred") === "1",
    };
    if (!state.kinds.size && params.get("kinds")) state.kinds = new Set(kinds); // an outdated link

    /* ---- controls ---- */
    const redraw = () => {
      render();
      save();
    };
    const viewBtns = {};
    const viewGroup = el("div", { class: "vconf-schedule-views btn-group", role: "group", "aria-label": "View" });
    for (const [v, text] of [["week", "Week"], ["day", "Day"], ["list", "List"]]) {
      viewBtns[v] = el("button", { type: "button", class: "btn btn-sm", "data-view": v, "aria-pressed": "false" }, text);
      viewBtns[v].addEventListener("click", () => {
        state.view = v;
        redraw();
      });
      viewGroup.append(viewBtns[v]);
    }
    const kindBox = el("fieldset", { class: "vconf-schedule-kinds" }, el("legend", {}, "Show"));
    kinds.forEach((k, i) => {
      const id = `vconf-schedule-kind-${i}`;
      const cb = el("input", { type: "checkbox", id, value: k });
      cb.checked = state.kinds.has(k);
      cb.addEventListener("change", () => {
        if (cb.checked) state.kinds.add(k);
        else state.kinds.delete(k);
        redraw();
      });
      kindBox.append(el("span", { class: `vconf-check vconf-kind-${k}`, style: hueOf(k) }, cb,
        el("label", { for: id }, el("span", { class: "vconf-kind-dot", "aria-hidden": "true" }), kindLabel(k))));
    });
    const choice = (name, label, values) => {
      if (values.length < 2) return null;
      const select = el("select", { class: "form-select form-select-sm", id: `vconf-schedule-${name}` },
        el("option", { value: "" }, `Every ${label.toLowerCase()}`), ...values.map((v) => el("option", { value: v }, v)));
      select.value = state[name];
      select.addEventListener("change", () => {
        state[name] = select.value;
        redraw();
      });
      return el("span", { class: "vconf-schedule-filter" }, el("label", { for: select.id }, label), select);
    };
    const starBox = el("input", { type: "checkbox", id: "vconf-schedule-starred" });
    starBox.checked = state.starred;
    starBox.addEventListener("change", () => {
      state.starred = starBox.checked;
      redraw();
    });
    const filters = el("div", { class: "vconf-schedule-filters" }, choice("track", "Track", tracks), choice("room", "Room", rooms),
      el("span", { class: "vconf-check" }, starBox, el("label", { for: starBox.id }, "Starred only")));
    const zoneText = el("span");
    const confTz = vconf.conferenceTz();
    const confBtn = el("button", { type: "button", class: "btn btn-sm vconf-schedule-confdays" });
    confBtn.addEventListener("click", () => vconf.setTz(vconf.tz() === confTz ? vconf.detectedTz() : confTz));
    const zoneNote = el("p", { class: "vconf-schedule-zone" }, zoneText, " ", confBtn);
    const tabs = el("div", { class: "vconf-schedule-days", role: "tablist", "aria-label": "Days" });
    const cal = el("div", { class: "vconf-cal", id: "vconf-cal" });
    const listView = el("div", { class: "vconf-schedule-list", id: "vconf-schedule-list" });
    const empty = el("p", { class: "vconf-schedule-empty", hidden: true }, "No sessions match the filters.");
    const more = el("dialog", { class: "vconf-schedule-more", "aria-labelledby": "vconf-schedule-more-title" });
    more.addEventListener("click", (e) => {
      if (e.target === more || e.target.closest(".vconf-schedule-more-close")) more.close();
    });
    // on a phone the filters fold under one line, so that the calendar is in the first screen
    const filterBox = el("details", { class: "vconf-schedule-filterbox" }, el("summary", {}, "Filters"),
      el("div", { class: "vconf-schedule-filterbody" }, kindBox, filters));
    filterBox.open = !phone.matches || state.starred || Boolean(state.track || state.room) || state.kinds.size < kinds.length;
    box.replaceChildren(el("div", { class: "vconf-schedule-controls" }, viewGroup, filterBox),
      zoneNote, tabs, cal, empty, listView, more);
    box.classList.add("vconf-schedule-ready");
    document.body.classList.add("vconf-schedule-page");

    const save = () => {
      const u = new URL(location.href);
      const set = (k, v) => (v ? u.searchParams.set(k, v) : u.searchParams.delete(k));
      set("view", state.view);
      set("day", state.day);
      set("kinds", state.kinds.size === kinds.length ? "" : [...state.kinds].join(","));
      set("track", state.track);
      set("room", state.room);
      set("starred", state.starred ? "1" : "");
      if (u.href !== location.href) history.replaceState(history.state, "", u);
    };

    const passes = (s, picks) => state.kinds.has(s.kind) && (!state.track || s.track === state.track)
      && (!state.room || s.room === state.room)
      && (!state.starred || picks.has(`s:${s.id}`) || (s.workshop && picks.has(`w:${s.workshop}`))
        || (s.papers || []).some((p) => picks.has(p)));

    // cut into the reader's days once per zone: switching view or day reuses them
    let cut = { tz: null };
    const zoned = (tz) => {
      if (cut.tz !== tz) {
        // sessions share a few dozen instants: each is taken apart once per zone
        const memo = new Map();
        const parts = (t) => {
          let p = memo.get(t);
          if (!p) memo.set(t, (p = vconf.parts(t, tz)));
          return p;
        };
        const segs = L.segments(sessions, parts);
        cut = { tz, segs, days: [...new Set(segs.map((g) => g.day))].sort(), grid: L.rows(segs) };
      }
      return cut;
    };

    // "09:00", or "9 AM" where clocks have 12 hours (it must fit a narrow column)
    const clock = new Intl.DateTimeFormat(vconf.locale, vconf.hour12()
      ? { hour: "numeric", timeZone: "UTC" } : { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
    const hourLabel = (h) => clock.format(new Date(Date.UTC(2000, 0, 1, h % 24)));
    // One formatter per zone and each instant formatted once: a thousand sessions share a
    // few dozen start times, and Intl formatting is the costly part of a redraw.
    const h12 = vconf.hour12();
    let fmt = { tz: null };
    const hhmm = (t) => {
      const tz = vconf.tz();
      if (fmt.tz !== tz) {
        fmt = { tz, f: new Intl.DateTimeFormat(vconf.locale, { hour: h12 ? "numeric" : "2-digit", minute: "2-digit", timeZone: tz }), memo: new Map() };
      }
      let text = fmt.memo.get(t);
      if (text === undefined) fmt.memo.set(t, (text = fmt.f.format(t)));
      return text;
    };
    const timeText = (s) => (s.marker ? hhmm(s.t0) : `${hhmm(s.t0)}–${hhmm(s.t1)}`);
    const meta = (s) => [kindLabel(s.kind), s.room || s.track].filter(Boolean).join(" · ");
    const href = (s) => new URL(s.url, base).href;

    const eventItem = (g, y) => {
      const s = g.s;
      const a = el("a", {
        class: `vconf-cal-event vconf-kind-${s.kind}${g.head ? "" : " is-continued"}${g.tail ? "" : " continues"}${s.marker ? " is-marker" : ""}`,
        href: href(s), title: `${s.title}\n${timeText(s)} · ${meta(s)}`, style: hueOf(s.kind),
      },
      el("span", { class: "vconf-cal-time" }, ...(g.head
        ? [el("span", { class: "vconf-cal-t0" }, hhmm(s.t0)), s.marker ? null : el("span", { class: "vconf-cal-t1" }, `–${hhmm(s.t1)}`)]
        : [`… ${hhmm(s.t1)}`])), " ",
      el("span", { class: "vconf-cal-title" }, s.title), " ",
      el("span", { class: "vconf-cal-meta" }, meta(s)));
      a.dataset.id = s.id;
      a.dataset.day = g.day;
      const top = y(g.from);
      return el("li", {
        class: "vconf-cal-item",
        style: `--y:${top.toFixed(3)};--dy:${(y(g.end) - top).toFixed(3)};--lane:${g.lane};--lanes:${g.lanes}`,
      }, a);
    };

    const moreItem = (m, y, day, column) => {
      const top = y(m.from);
      const n = m.segs.length;
      const b = el("button", { type: "button", class: "vconf-cal-more" }, `+${n} more`);
      b.dataset.day = day;
      b.dataset.count = n;
      b.dataset.ids = m.segs.map((g) => g.s.id).join(" ");
      b.setAttribute("aria-label", `${n} more sessions from ${hourLabel(m.h0)}${column ? ` in ${column}` : ""}`);
      b.addEventListener("click", () => openHours(day, m.h0, m.h1, column, b));
      return el("li", {
        class: "vconf-cal-item is-more",
        style: `--y:${top.toFixed(3)};--dy:${(y(m.to) - top).toFixed(3)};--lane:${m.lane};--lanes:${m.lanes}`,
      }, b);
    };

    /** Every shown session starting in hours h0..h1 of a day (of one column in the day view). */
    let current = { segs: [], key: () => null };
    const openHours = (day, h0, h1, column, opener) => {
      const inHour = current.segs.filter((g) => g.day === day && Math.floor(g.from / 60) >= h0
        && Math.floor(g.from / 60) <= h1 && (column === null || current.key(g.s) === column));
      const hours = h1 > h0 ? `${hourLabel(h0)}–${hourLabel(h1 + 1)}` : hourLabel(h0);
      const title = `${vconf.formatDay(day, { weekday: "long", day: "numeric", month: "long" })}, ${hours}${column ? ` · ${column}` : ""}`;
      more.replaceChildren(
        el("div", { class: "vconf-schedule-more-head" },
          el("h2", { id: "vconf-schedule-more-title" }, title),
          el("button", { type: "button", class: "btn btn-sm vconf-schedule-more-close" }, "Close")),
        el("ul", { class: "vconf-schedule-more-list" }, ...inHour.map((g) => {
          const li = el("li", { class: `vconf-kind-${g.s.kind}` },
            el("span", { class: "vconf-cal-time" }, timeText(g.s)), " ",
            el("a", { href: href(g.s) }, g.s.title), " ", el("span", { class: "vconf-cal-meta" }, meta(g.s)));
          li.dataset.id = g.s.id;
          return li;
        })));
      more.addEventListener("close", () => opener.isConnected && opener.focus(), { once: true });
      more.showModal();
    };

    const rules = (grid) => grid.list.map((r) => el("div", {
      class: r.gap ? "vconf-cal-gap" : "vconf-cal-rule", style: `--y:${r.top};--dy:${r.size}`, "aria-hidden": "true",
    }));
    const column = (day, head, laid, grid, name = null) => {
      const col = el("section", { class: "vconf-cal-day", "aria-label": head.long },
        el("h2", { class: "vconf-cal-dayname" }, head.short),
        el("div", { class: "vconf-cal-body" }, ...rules(grid),
          el("ol", { class: "vconf-cal-events" }, ...laid.shown.map((g) => eventItem(g, grid.y)),
            ...laid.more.map((m) => moreItem(m, grid.y, day, name)))));
      col.dataset.day = day;
      if (name !== null) col.dataset.column = name;
      return col;
    };

    /* ---- the list: the reader's days ---- */
    let listKey = "";
    const renderList = (shown, key) => {
      if (key === listKey) return; // the same zone and filters: the list drawn before
      listKey = key;
      const byDay = new Map();
      for (const s of shown) {
        const d = vconf.parts(s.t0).dayKey;
        if (!byDay.has(d)) byDay.set(d, []);
        byDay.get(d).push(s);
      }
      listView.replaceChildren(...[...byDay.keys()].sort().map((d) => {
        const sec = el("section", { class: "vconf-day" },
          el("h2", {}, vconf.formatDay(d, { weekday: "long", day: "numeric", month: "long", year: "numeric" })),
          el("ul", { class: "vconf-sessions" }, ...byDay.get(d).map((s) => {
            const t = el("time", { class: "vconf-list-time", datetime: s.start }, timeText(s));
            const li = el("li", { class: `vconf-session-line vconf-kind-${s.kind}` },
              el("span", { class: "vconf-kind" }, kindLabel(s.kind)), " ", el("a", { href: href(s) }, s.title), " ", t,
              s.room ? el("span", { class: "vconf-session-room" }, ` · ${s.room}`) : null);
            li.dataset.id = s.id;
            return li;
          })));
        sec.dataset.date = d;
        return sec;
      }));
    };

    /* ---- render ---- */
    const render = () => {
      // measured before anything changes, so that reading them costs no extra layout
      const style = getComputedStyle(box);
      const hourPx = parseFloat(style.getPropertyValue("--vconf-hour")) * 16 || 64;
      const width = box.clientWidth - 2 - parseFloat(style.fontSize) * (phone.matches ? 3.2 : 3.6);
      const tz = vconf.tz();
      const now = vconf.now();
      const { segs: all, days, grid: weekGrid } = zoned(tz);
      const picks = state.starred ? vconf.bookmarks() : new Set();
      const segs = all.filter((g) => passes(g.s, picks));
      const nowP = vconf.parts(now, tz);
      if (!days.includes(state.day)) state.day = days.includes(nowP.dayKey) ? nowP.dayKey : days[0] || "";

      const phoneNow = phone.matches;
      if (!phoneNow) filterBox.open = true; // its summary line is hidden on wide screens
      let view = state.view;
      if (view === "week" && phoneNow) view = "day";
      viewBtns.week.hidden = phoneNow;
      for (const [v, b] of Object.entries(viewBtns)) b.setAttribute("aria-pressed", String(v === view));
      box.dataset.view = view;
      zoneText.textContent = `Times and days in ${tz.replaceAll("_", " ")} (${vconf.offset(now, tz)}).`;
      confBtn.hidden = !confTz || (tz === confTz && vconf.detectedTz() === confTz);
      confBtn.textContent = tz === confTz ? "Use my time zone" : "Use the conference's days";
      listView.hidden = view !== "list";
      cal.hidden = view === "list";
      tabs.hidden = view !== "day";
      empty.hidden = segs.length > 0;
      if (view === "list") {
        shown = null;
        renderList(sessions.filter((s) => passes(s, picks)),
          JSON.stringify([tz, [...state.kinds], state.track, state.room, state.starred && [...picks]]));
        return;
      }

      tabs.replaceChildren(...days.map((d) => {
        const on = d === state.day;
        const t = el("button", {
          type: "button", role: "tab", class: "btn btn-sm", id: `vconf-day-${d}`,
          "aria-selected": String(on), "aria-controls": "vconf-cal", tabindex: on ? "0" : "-1",
        }, vconf.formatDay(d));
        t.dataset.day = d;
        return t;
      }));
      // the week shares its hours; a day shows its own (all kinds: filtering does not resize)
      const grid = view === "week" ? weekGrid : L.rows(all.filter((g) => g.day === state.day));
      const minLen = (LINE_PX / hourPx) * 60; // minutes: a box is never shorter than a line
      const longDay = (d) => vconf.formatDay(d, { weekday: "long", day: "numeric", month: "long" });
      let cols;
      let widths;
      if (view === "week") {
        cal.removeAttribute("role");
        cal.removeAttribute("aria-labelledby");
        const colPx = Math.max(152, width / Math.max(days.length, 1));
        const lanes = Math.max(1, Math.floor((colPx - 4) / LANE_PX));
        current = { segs, key: () => null };
        cols = days.map((d) => column(d, { short: vconf.formatDay(d), long: longDay(d) },
          L.place(segs.filter((g) => g.day === d), lanes, minLen), grid));
        widths = days.map(() => "minmax(9.5rem, 1fr)");
      } else {
        cal.setAttribute("role", "tabpanel");
        cal.setAttribute("aria-labelledby", `vconf-day-${state.day}`);
        const mine = segs.filter((g) => g.day === state.day);
        const key = L.columnKey(mine, kindLabel);
        current = { segs, key };
        const names = [...new Set(mine.map((g) => key(g.s)))].sort((a, b) => (a === "Other") - (b === "Other") || byName(a, b));
        if (!names.length) names.push("");
        cols = [];
        widths = [];
        for (const name of names) {
          const laid = L.place(mine.filter((g) => key(g.s) === name), DAY_LANES, minLen);
          const n = laid.shown.concat(laid.more).reduce((m, g) => Math.max(m, g.lanes), 1);
          widths.push(`minmax(${Math.max(9.5, n * 5.5)}rem, 1fr)`);
          cols.push(column(state.day, { short: name || longDay(state.day), long: name ? `${name}, ${longDay(state.day)}` : longDay(state.day) },
            laid, grid, name));
        }
      }
      cal.style.setProperty("--height", grid.height);
      const gutter = el("div", { class: "vconf-cal-gutter", "aria-hidden": "true" },
        el("div", { class: "vconf-cal-corner" }),
        el("div", { class: "vconf-cal-body" }, ...grid.list.map((r) => el("span", {
          class: `vconf-cal-hour${r.gap ? " is-gap" : ""}`, style: `--y:${r.top}`,
        }, hourLabel(r.from)))));
      const gridEl = el("div", { class: "vconf-cal-grid" }, gutter, ...cols);
      gridEl.style.gridTemplateColumns = `var(--vconf-gutter) ${widths.join(" ")}`;
      cal.replaceChildren(gridEl);
      shown = grid;
      placeNow();
    };

    /** The "now" line: moved every minute without redrawing (focus stays where it is). */
    let shown = null;
    const placeNow = () => {
      for (const old of cal.querySelectorAll(".vconf-cal-now")) old.remove();
      for (const old of cal.querySelectorAll(".is-today")) old.classList.remove("is-today");
      if (!shown || cal.hidden) return;
      const now = vconf.now();
      const p = vconf.parts(now);
      const cols = cal.querySelectorAll(`.vconf-cal-day[data-day="${p.dayKey}"]`);
      for (const col of cols) {
        col.classList.add("is-today");
        if (p.minutes < shown.h0 * 60 || p.minutes > shown.h1 * 60) continue;
        col.querySelector(".vconf-cal-body").append(el("div", { class: "vconf-cal-now", style: `--y:${shown.y(p.minutes).toFixed(3)}` },
          el("span", { class: "visually-hidden" }, `Now: ${vconf.formatTime(now)}`)));
      }
    };

    const pickDay = (d) => {
      state.day = d;
      redraw();
      tabs.querySelector(`[data-day="${state.day}"]`)?.focus();
    };
    tabs.addEventListener("click", (e) => {
      const t = e.target.closest("[role=tab]");
      if (t) pickDay(t.dataset.day);
    });
    tabs.addEventListener("keydown", (e) => {
      const list = [...tabs.querySelectorAll("[role=tab]")];
      const i = list.findIndex((t) => t.dataset.day === state.day);
      const j = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: list.length - 1 }[e.key];
      if (j === undefined || !list.length) return;
      e.preventDefault();
      pickDay(list[(j + list.length) % list.length].dataset.day);
    });
    document.addEventListener("vconf:tzchange", () => {
      state.day = ""; // the same instant is another day elsewhere: pick again
      redraw();
    });
    document.addEventListener("vconf:bookmark", () => state.starred && render());
    phone.addEventListener("change", render);
    let lastWidth = cal.clientWidth;
    window.addEventListener("resize", () => {
      if (Math.abs(cal.clientWidth - lastWidth) > 40 && !cal.hidden) {
        lastWidth = cal.clientWidth;
        render();
      }
    });
    if (!vconf.nowIsFixed) setInterval(placeNow, 30000);
    render();
    save();
    api.render = render;
    api.state = state;
    api.sessions = sessions;
    resolveReady(api);
  }

  const start = () => {
    const box = document.getElementById("vconf-schedule");
    if (!box) return;
    init(box).catch((err) => {
      console.error("vconf schedule:", err);
      rejectReady(err);
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
