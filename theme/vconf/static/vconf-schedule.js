/* vconf-schedule.js: the calendar of all sessions (schedule.html) in the reader's zone.
 *
 * Week view: the reader's days as columns, hours as rows, sessions as positioned links,
 * overlapping ones side by side. Day view: one day, chosen with tabs (the only calendar on
 * phones). List view: the server-rendered list, kept in the page. Filter by kind; a line
 * marks now. Redraws on 'vconf:tzchange'. State (view, day, kinds) in the query string.
 * Needs vconf-time.js (window.vconf).
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
  const DAY_MIN = 1440;

  const whenVconf = () => new Promise((res) => {
    if (vconf.ready) vconf.ready.then(res);
    else document.addEventListener("vconf:ready", () => res(vconf), { once: true });
  });

  /** The day after a "YYYY-MM-DD" key (calendar arithmetic, no zone). */
  const nextDay = (key) => {
    const [y, m, d] = key.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  };

  /** Columns for overlapping events: each gets {lane, lanes}; a cluster shares its lane count. */
  const layout = (segs) => {
    segs.sort((a, b) => a.from - b.from || b.to - a.to);
    let cluster = [];
    let laneEnds = [];
    let clusterEnd = -1;
    const close = () => {
      for (const s of cluster) s.lanes = laneEnds.length;
      cluster = [];
      laneEnds = [];
    };
    for (const s of segs) {
      if (s.from >= clusterEnd) close();
      let lane = laneEnds.findIndex((end) => end <= s.from);
      if (lane < 0) {
        lane = laneEnds.length;
        laneEnds.push(s.to);
      } else laneEnds[lane] = s.to;
      s.lane = lane;
      cluster.push(s);
      clusterEnd = Math.max(clusterEnd, s.to);
    }
    close();
    return segs;
  };

  async function init(box) {
    await whenVconf();
    const { el } = vconf;
    const url = box.dataset.sessions;
    const sessions = (await vconf.loadJSON(url))
      .map((s) => ({ ...s, t0: Date.parse(s.start), t1: Date.parse(s.end) }))
      .filter((s) => !Number.isNaN(s.t0))
      .map((s) => (Number.isNaN(s.t1) || s.t1 <= s.t0 ? { ...s, t1: s.t0 + 30 * 60000 } : s));
    const base = vconf.dataRoot(url);
    const kinds = vconf.KINDS.filter((k) => sessions.some((s) => s.kind === k))
      .concat([...new Set(sessions.map((s) => s.kind))].filter((k) => !vconf.KINDS.includes(k)));

    /* ---- the server list stays, as the List view ---- */
    const listView = el("div", { class: "vconf-schedule-list", id: "vconf-schedule-list" });
    listView.append(...box.childNodes);
    const params = new URLSearchParams(location.search);
    const state = {
      view: ["week", "day", "list"].includes(params.get("view")) ? params.get("view") : "week",
      day: params.get("day") || "",
      kinds: new Set(params.has("kinds") ? params.get("kinds").split(",").filter((k) => kinds.includes(k)) : kinds),
    };
    if (!state.kinds.size && params.get("kinds")) state.kinds = new Set(kinds); // an outdated link
    const phone = window.matchMedia(PHONE);

    /* ---- controls ---- */
    const viewBtns = {};
    const viewGroup = el("div", { class: "vconf-schedule-views btn-group", role: "group", "aria-label": "View" });
    for (const [v, text] of [["week", "Week"], ["day", "Day"], ["list", "List"]]) {
      viewBtns[v] = el("button", { type: "button", class: "btn btn-sm", "data-view": v, "aria-pressed": "false" }, text);
      viewBtns[v].addEventListener("click", () => {
        state.view = v;
        render();
        save();
      });
      viewGroup.append(viewBtns[v]);
    }
    const kindBox = el("fieldset", { class: "vconf-schedule-kinds" }, el("legend", {}, "Show"));
    for (const k of kinds) {
      const id = `vconf-schedule-kind-${k}`;
      const cb = el("input", { type: "checkbox", id, value: k });
      cb.checked = state.kinds.has(k);
      cb.addEventListener("change", () => {
        if (cb.checked) state.kinds.add(k);
        else state.kinds.delete(k);
        render();
        save();
      });
      kindBox.append(el("span", { class: `vconf-check vconf-kind-${k}` }, cb,
        el("label", { for: id }, el("span", { class: "vconf-kind-dot", "aria-hidden": "true" }), vconf.kindLabel(k))));
    }
    const zoneNote = el("p", { class: "vconf-schedule-zone" });
    const tabs = el("div", { class: "vconf-schedule-days", role: "tablist", "aria-label": "Days" });
    const cal = el("div", { class: "vconf-cal", id: "vconf-cal" });
    const empty = el("p", { class: "vconf-schedule-empty", hidden: true }, "No sessions of the chosen kinds.");
    box.replaceChildren(el("div", { class: "vconf-schedule-controls" }, viewGroup, kindBox), zoneNote, tabs, cal, empty, listView);
    box.classList.add("vconf-schedule-ready");

    const save = () => {
      const u = new URL(location.href);
      u.searchParams.set("view", state.view);
      if (state.day) u.searchParams.set("day", state.day);
      else u.searchParams.delete("day");
      if (state.kinds.size === kinds.length) u.searchParams.delete("kinds");
      else u.searchParams.set("kinds", [...state.kinds].join(","));
      if (u.href !== location.href) history.replaceState(history.state, "", u);
    };

    /* ---- sessions cut into reader-zone days ---- */
    const segments = (tz) => {
      const out = [];
      for (const s of sessions) {
        const a = vconf.parts(s.t0, tz);
        const b = vconf.parts(s.t1, tz);
        let day = a.dayKey;
        let from = a.minutes;
        // a session past midnight continues on the next day(s)
        for (let guard = 0; guard < 14; guard++) {
          const last = day === b.dayKey;
          const to = last ? b.minutes : DAY_MIN;
          if (to > from || (last && from === to && !out.some((o) => o.s === s))) {
            out.push({ s, day, from, to: Math.max(to, from + 15), head: guard === 0, tail: last });
          }
          if (last || day > b.dayKey) break;
          day = nextDay(day);
          from = 0;
        }
      }
      return out;
    };

    // "09:00", or "9 AM" where clocks have 12 hours (it must fit a narrow column)
    const clock = new Intl.DateTimeFormat(vconf.locale, vconf.hour12()
      ? { hour: "numeric", timeZone: "UTC" } : { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
    const hourLabel = (h) => clock.format(new Date(Date.UTC(2000, 0, 1, h % 24)));

    /** Hour rows: hours no session uses, three or more in a row, fold into a thin gap. */
    const GAP = 0.5; // in hour heights
    const rows = (segs) => {
      const used = new Uint8Array(24);
      for (const g of segs) for (let h = Math.floor(g.from / 60); h < Math.ceil(g.to / 60); h++) used[Math.min(h, 23)] = 1;
      let h0 = used.indexOf(1);
      let h1 = used.lastIndexOf(1) + 1;
      if (h0 < 0) (h0 = 8), (h1 = 18);
      const out = [];
      let top = 0;
      for (let h = h0; h < h1;) {
        let e = h;
        while (e < h1 && !used[e]) e++;
        if (e - h >= 3) {
          out.push({ from: h, to: e, top, size: GAP, gap: true });
          top += GAP;
          h = e;
        } else {
          out.push({ from: h, to: h + 1, top, size: 1, gap: false });
          top += 1;
          h++;
        }
      }
      // where a minute of the day sits, in hour heights from the top
      const y = (min) => {
        const h = min / 60;
        if (h <= h0) return 0;
        for (const r of out) if (h < r.to) return r.top + ((h - r.from) / (r.to - r.from)) * r.size;
        return top;
      };
      return { list: out, height: top, y, h0, h1 };
    };

    const event = (g, y) => {
      const s = g.s;
      const time = `${vconf.formatTime(s.t0)}–${vconf.formatTime(s.t1)}`;
      const meta = [vconf.kindLabel(s.kind), s.room].filter(Boolean).join(" · ");
      const a = el("a", {
        class: `vconf-cal-event vconf-kind-${s.kind}${g.head ? "" : " is-continued"}${g.tail ? "" : " continues"}`,
        href: new URL(s.url, base).href, title: `${s.title}\n${time}${meta ? ` · ${meta}` : ""}`,
      },
      el("span", { class: "vconf-cal-time" }, g.head ? time : `… ${vconf.formatTime(s.t1)}`), " ",
      el("span", { class: "vconf-cal-title" }, s.title), " ",
      el("span", { class: "vconf-cal-meta" }, meta));
      a.dataset.id = s.id;
      a.dataset.day = g.day;
      const top = y(g.from);
      return el("li", {
        class: "vconf-cal-item",
        style: `--y:${top.toFixed(3)};--dy:${(y(g.to) - top).toFixed(3)};--lane:${g.lane};--lanes:${g.lanes}`,
      }, a);
    };

    /* ---- render ---- */
    const render = () => {
      const tz = vconf.tz();
      const now = vconf.now();
      const all = segments(tz);
      const days = [...new Set(all.map((g) => g.day))].sort();
      const segs = all.filter((g) => state.kinds.has(g.s.kind));
      // the hours the conference uses in this zone (all kinds, so filtering does not resize)
      const grid = rows(all);
      const nowP = vconf.parts(now, tz);
      if (!days.includes(state.day)) state.day = days.includes(nowP.dayKey) ? nowP.dayKey : days[0] || "";

      const phoneNow = phone.matches;
      let view = state.view;
      if (view === "week" && phoneNow) view = "day";
      viewBtns.week.hidden = phoneNow;
      for (const [v, b] of Object.entries(viewBtns)) b.setAttribute("aria-pressed", String(v === view));
      box.dataset.view = view;
      zoneNote.textContent = `Times in ${tz.replaceAll("_", " ")} (${vconf.offset(vconf.zoneMoment(), tz)}).`;
      listView.hidden = view !== "list";
      cal.hidden = view === "list";
      tabs.hidden = view !== "day";
      empty.hidden = view === "list" || segs.length > 0;
      if (view === "list") {
        shown = null;
        return;
      }

      // day tabs
      tabs.replaceChildren(...days.map((d) => {
        const on = d === state.day;
        const t = el("button", {
          type: "button", role: "tab", class: "btn btn-sm", id: `vconf-day-${d}`,
          "aria-selected": String(on), "aria-controls": "vconf-cal", tabindex: on ? "0" : "-1",
        }, vconf.formatDay(d));
        t.dataset.day = d;
        return t;
      }));
      const shownDays = view === "day" ? days.filter((d) => d === state.day) : days;
      if (view === "day") {
        cal.setAttribute("role", "tabpanel");
        cal.setAttribute("aria-labelledby", `vconf-day-${state.day}`);
      } else {
        cal.removeAttribute("role");
        cal.removeAttribute("aria-labelledby");
      }

      cal.style.setProperty("--height", grid.height);
      cal.style.setProperty("--days", shownDays.length);
      const rules = () => grid.list.map((r) => el("div", {
        class: r.gap ? "vconf-cal-gap" : "vconf-cal-rule", style: `--y:${r.top};--dy:${r.size}`, "aria-hidden": "true",
      }));
      const gutter = el("div", { class: "vconf-cal-gutter", "aria-hidden": "true" },
        el("div", { class: "vconf-cal-corner" }),
        el("div", { class: "vconf-cal-body" }, ...grid.list.map((r) => el("span", {
          class: `vconf-cal-hour${r.gap ? " is-gap" : ""}`, style: `--y:${r.top}`,
        }, hourLabel(r.from)))));
      const cols = shownDays.map((d) => {
        const mine = layout(segs.filter((g) => g.day === d));
        const label = vconf.formatDay(d, { weekday: "long", day: "numeric", month: "long" });
        const col = el("section", { class: "vconf-cal-day", "aria-label": label },
          el("h2", { class: "vconf-cal-dayname" }, vconf.formatDay(d)),
          el("div", { class: "vconf-cal-body" }, ...rules(),
            el("ol", { class: "vconf-cal-events" }, ...mine.map((g) => event(g, grid.y)))));
        col.dataset.day = d;
        return col;
      });
      cal.replaceChildren(el("div", { class: "vconf-cal-grid" }, gutter, ...cols));
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
      const col = cal.querySelector(`.vconf-cal-day[data-day="${p.dayKey}"]`);
      if (!col) return;
      col.classList.add("is-today");
      if (p.minutes < shown.h0 * 60 || p.minutes > shown.h1 * 60) return;
      col.querySelector(".vconf-cal-body").append(el("div", { class: "vconf-cal-now", style: `--y:${shown.y(p.minutes).toFixed(3)}` },
        el("span", { class: "visually-hidden" }, `Now: ${vconf.formatTime(now)}`)));
    };

    tabs.addEventListener("click", (e) => {
      const t = e.target.closest("[role=tab]");
      if (!t) return;
      state.day = t.dataset.day;
      render();
      save();
      tabs.querySelector(`[data-day="${state.day}"]`)?.focus();
    });
    tabs.addEventListener("keydown", (e) => {
      const list = [...tabs.querySelectorAll("[role=tab]")];
      const i = list.findIndex((t) => t.dataset.day === state.day);
      const j = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: list.length - 1 }[e.key];
      if (j === undefined || !list.length) return;
      e.preventDefault();
      state.day = list[(j + list.length) % list.length].dataset.day;
      render();
      save();
      tabs.querySelector(`[data-day="${state.day}"]`)?.focus();
    });
    document.addEventListener("vconf:tzchange", () => {
      state.day = ""; // the same instant is another day elsewhere: pick again
      render();
      save();
    });
    phone.addEventListener("change", render);
    if (!vconf.nowIsFixed) setInterval(placeNow, 30000);
    render();
    save();
    api.render = render;
    api.state = state;
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
