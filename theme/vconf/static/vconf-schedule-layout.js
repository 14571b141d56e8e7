/* vconf-schedule-layout.js: where the schedule's boxes go (no DOM; vconf-schedule.js draws).
 *
 * vconf.scheduleLayout = {segments, rows, place, columnKey}:
 *  segments(sessions, parts)  sessions ({t0, t1}) cut into days of a zone ({s, day, from, to,
 *                             head, tail}, minutes of the day); a session past midnight
 *                             continues on the next day(s); a zero-length one stays a point.
 *  rows(segs)                 hour rows; hours nobody uses, three or more in a row, fold.
 *  place(segs, lanes, minLen) lanes for overlapping boxes, at most `lanes` side by side; a
 *                             cluster that needs more keeps lanes-1 and folds the rest into
 *                             "+N more" buckets per hour in the last lane. Boxes count as at
 *                             least minLen minutes long, so that a short one still has a line.
 *  columnKey(segs, label)     the day view's columns: by room (several, or one for all),
 *                             else track, else kind.
 */
(() => {
  "use strict";
  const vconf = (window.vconf = window.vconf || {});
  const DAY_MIN = 1440;

  /** The day after a "YYYY-MM-DD" key (calendar arithmetic, no zone). */
  const nextDay = (key) => {
    const [y, m, d] = key.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  };

  const segments = (sessions, parts) => {
    const out = [];
    for (const s of sessions) {
      const a = parts(s.t0);
      const b = s.t1 === s.t0 ? a : parts(s.t1);
      if (s.t1 === s.t0) {
        out.push({ s, day: a.dayKey, from: a.minutes, to: a.minutes, head: true, tail: true });
        continue;
      }
      let day = a.dayKey;
      let from = a.minutes;
      for (let guard = 0; guard < 14; guard++) {
        const last = day === b.dayKey;
        const to = last ? b.minutes : DAY_MIN;
        if (to > from) out.push({ s, day, from, to, head: guard === 0, tail: last });
        if (last || day > b.dayKey) break;
        day = nextDay(day);
        from = 0;
      }
    }
    return out;
  };

  const GAP = 0.5; // a folded run of hours, in hour heights
  const rows = (segs) => {
    const used = new Uint8Array(24);
    for (const g of segs) {
      for (let h = Math.floor(g.from / 60); h < Math.max(Math.ceil(g.to / 60), Math.floor(g.from / 60) + 1); h++) used[Math.min(h, 23)] = 1;
    }
    let h0 = used.indexOf(1);
    let h1 = used.lastIndexOf(1) + 1;
    if (h0 < 0) (h0 = 8), (h1 = 18);
    const list = [];
    let top = 0;
    for (let h = h0; h < h1;) {
      let e = h;
      while (e < h1 && !used[e]) e++;
      if (e - h >= 3) {
        list.push({ from: h, to: e, top, size: GAP, gap: true });
        top += GAP;
        h = e;
      } else {
        list.push({ from: h, to: h + 1, top, size: 1, gap: false });
        top += 1;
        h++;
      }
    }
    // where a minute of the day sits, in hour heights from the top
    const y = (min) => {
      const h = min / 60;
      if (h <= h0) return 0;
      for (const r of list) if (h < r.to) return r.top + ((h - r.from) / (r.to - r.from)) * r.size;
      return top;
    };
    return { list, height: top, y, h0, h1 };
  };

  const place = (segs, maxLanes, minLen) => {
    const items = segs.map((g) => ({ ...g, end: Math.min(DAY_MIN, Math.max(g.to, g.from + minLen)) }));
    items.sort((a, b) => a.from - b.from || b.end - a.end);
    const shown = [];
    const more = [];
    let cluster = [];
    let laneEnds = [];
    let clusterEnd = -1;
    const close = () => {
      const n = laneEnds.length;
      if (n <= maxLanes) {
        for (const g of cluster) (g.lanes = n), shown.push(g);
      } else {
        const keep = maxLanes - 1;
        const buckets = [];
        for (const g of cluster) {
          if (g.lane < keep) {
            g.lanes = maxLanes;
            shown.push(g);
            continue;
          }
          const last = buckets[buckets.length - 1];
          const hour = Math.floor(g.from / 60);
          if (last && (hour <= last.h1 || g.from < last.to)) {
            last.segs.push(g);
            last.h1 = Math.max(last.h1, hour);
            last.to = Math.max(last.to, Math.min((hour + 1) * 60, clusterEnd), g.from + minLen);
          } else {
            buckets.push({ h0: hour, h1: hour, from: g.from, to: Math.max(Math.min((hour + 1) * 60, clusterEnd), g.from + minLen),
              segs: [g], lane: keep, lanes: maxLanes });
          }
        }
        more.push(...buckets);
      }
      cluster = [];
      laneEnds = [];
    };
    for (const g of items) {
      if (g.from >= clusterEnd) close();
      let lane = laneEnds.findIndex((end) => end <= g.from);
      if (lane < 0) {
        lane = laneEnds.length;
        laneEnds.push(g.end);
      } else laneEnds[lane] = g.end;
      g.lane = lane;
      cluster.push(g);
      clusterEnd = Math.max(clusterEnd, g.end);
    }
    close();
    return { shown, more };
  };

  const columnKey = (segs, label) => {
    const distinct = (f) => new Set(segs.map((g) => f(g.s)).filter(Boolean)).size;
    const rooms = distinct((s) => s.room);
    if (rooms >= 2 || (rooms === 1 && segs.every((g) => g.s.room))) return (s) => s.room || "Other";
    if (distinct((s) => s.track) >= 2) return (s) => s.track || "Other";
    return (s) => label(s.kind);
  };

  vconf.scheduleLayout = { segments, rows, place, columnKey, nextDay };
})();
