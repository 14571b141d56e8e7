/* vconf chat portal: live activity, where the organizer switched it on
 * (conference.chat.activity: true; the page loads this script only then).
 *
 * Asks the organizer's own chat server, at the one URL the page carries
 * (#vconf-chat[data-activity-url]: Matrix's public room directory, GET /publicRooms,
 * which the server must allow without a token), how many people are in each room; marks
 * the busiest channels and lists them under "Busiest now" in the list and in the lobby.
 * Asked again every two minutes while the page is visible.
 *
 * The answer is untrusted: only numbers (parsed as numbers) and room aliases (compared
 * with the portal's own channel addresses) are read; the page shows its own titles, and
 * writes everything with textContent. A server that cannot be reached, refuses or answers
 * nonsense leaves the portal as it is.
 */
(() => {
  "use strict";

  const BUSIEST = 5; // channels marked busy and listed under "Busiest now"
  const MIN_PEOPLE = 2; // the room's creator alone is not activity
  const EVERY_MS = 120_000;
  const TIMEOUT_MS = 10_000;

  // vconf-time.js (on every page, before this script): children go in as text, never markup
  const el = (tag, props = {}, text = "") => window.vconf.el(tag, props, text || null);

  function people(n) {
    const span = el("span", { class: "vconf-chat-members" });
    span.append(el("span", { class: "vconf-chat-members-n" }, String(n)),
      el("span", { class: "vconf-chat-sr" }, n === 1 ? " person" : " people"));
    return span;
  }

  /** Matrix: {chunk: [{canonical_alias, aliases, num_joined_members}], next_batch}. */
  function matrixCounts(data, byAddress) {
    const counts = new Map();
    const rooms = data && typeof data === "object" && Array.isArray(data.chunk) ? data.chunk : [];
    for (const room of rooms) {
      if (!room || typeof room !== "object") continue;
      const n = Number(room.num_joined_members);
      if (!Number.isSafeInteger(n) || n < 0) continue;
      const aliases = [room.canonical_alias, ...(Array.isArray(room.aliases) ? room.aliases : [])];
      for (const alias of aliases) {
        const channel = typeof alias === "string" ? byAddress.get(alias.toLowerCase()) : undefined;
        if (channel && !counts.has(channel)) counts.set(channel, n);
      }
    }
    return counts;
  }

  function start(api) {
    const { root, nav, channels, select } = api;
    let url = "";
    try {
      const parsed = new URL(root.dataset.activityUrl || "", document.baseURI);
      if (parsed.protocol === "https:" || parsed.protocol === "http:") url = parsed.href;
    } catch {
      url = "";
    }
    if (root.dataset.activity !== "matrix" || !url) return;

    const byAddress = new Map();
    for (const channel of channels) {
      if (channel.address) byAddress.set(channel.address.toLowerCase(), channel);
    }
    let marks = [];
    let busiest = [];

    const section = el("section", { class: "vconf-chat-group vconf-chat-busiest", "aria-labelledby": "vconf-chat-g-busiest" });
    section.hidden = true;
    section.append(el("h2", { class: "vconf-chat-group-head", id: "vconf-chat-g-busiest" }, "Busiest now"));
    const lobbyGroup = nav.querySelector('.vconf-chat-group[data-group="general"]');
    if (lobbyGroup) lobbyGroup.after(section);
    else (nav.querySelector(".vconf-chat-groups") || nav).prepend(section);

    function list() {
      const ol = el("ol", { class: "vconf-chat-busiest-list" });
      for (const [channel, n] of busiest) {
        const button = el("button", { type: "button", class: "vconf-chat-busiest-channel", "data-channel": channel.key });
        button.append(el("span", { class: "vconf-chat-title" }, channel.title || channel.name), " ", people(n));
        button.addEventListener("click", () => select(channel));
        const li = el("li");
        li.append(button);
        ol.append(li);
      }
      return ol;
    }

    function lobbyPart(box) {
      box.querySelector(".vconf-chat-lobby-busiest")?.remove();
      if (!busiest.length) return;
      const part = el("div", { class: "vconf-chat-lobby-busiest" });
      part.append(el("h4", { class: "vconf-chat-lobby-subtitle" }, "Busiest now"), list());
      box.append(part);
    }
    api.lobby.push(lobbyPart);

    function show(counts) {
      for (const node of marks) node.remove();
      marks = [];
      for (const channel of channels) channel.li.classList.remove("vconf-chat-busy");
      const ranked = [...counts].filter(([, n]) => n >= MIN_PEOPLE)
        .sort((a, b) => b[1] - a[1] || channels.indexOf(a[0]) - channels.indexOf(b[0]));
      for (const [channel, n] of ranked) {
        const mark = people(n);
        channel.link.append(" ", mark);
        marks.push(mark);
      }
      busiest = ranked.slice(0, BUSIEST);
      const groups = new Set();
      for (const [channel] of busiest) {
        channel.li.classList.add("vconf-chat-busy");
        const badge = el("span", { class: "vconf-chat-busy-mark" }, "busy");
        channel.link.append(" ", badge);
        marks.push(badge);
        // A collapsed group says that a busy room is inside.
        const summary = channel.group?.details?.querySelector("summary");
        if (summary && !groups.has(summary)) {
          groups.add(summary);
          const hint = el("span", { class: "vconf-chat-busy-mark" }, "busy");
          summary.append(" ", hint);
          marks.push(hint);
        }
      }
      section.querySelector("ol")?.remove();
      section.hidden = !busiest.length;
      if (busiest.length) section.append(list());
      const box = root.querySelector(".vconf-chat-lobby");
      if (box) lobbyPart(box);
      root.dataset.activityState = "shown";
    }

    async function ask() {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
      try {
        // No cookies, no referrer: the server learns nothing but that someone opened the portal.
        const response = await fetch(url, {
          credentials: "omit", referrerPolicy: "no-referrer", cache: "no-store", signal: controller.signal,
        });
        if (!response.ok) throw new Error(String(response.status));
        show(matrixCounts(await response.json(), byAddress));
      } catch {
        // Unreachable, refused (e.g. the directory needs a token) or not JSON: no marks, no error.
        if (root.dataset.activityState !== "shown") root.dataset.activityState = "unavailable";
      } finally {
        clearTimeout(timer);
      }
    }

    ask();
    setInterval(() => {
      if (document.visibilityState === "visible") ask();
    }, EVERY_MS);
  }

  const root = document.getElementById("vconf-chat");
  if (!root) return;
  if (root.vconfChat) start(root.vconfChat);
  else root.addEventListener("vconf-chat-ready", (event) => start(event.detail), { once: true });
})();
