/* vconf chat portal: search the channel list, open a channel embedded beside it.
 *
 * Page contract (the theme's chat-portal and chat-entry components):
 *   <div id="vconf-chat" data-channels="data/channels.json">
 *     <nav class="vconf-chat-nav"><div class="vconf-chat-groups">
 *       <section class="vconf-chat-group" data-group="general">…lobby…</section>
 *       <details class="vconf-chat-group" data-group="paper/vision"><summary>… <span class="vconf-chat-count">N</span></summary>
 *       <ul class="vconf-chat-list">
 *       <li><a href="OPEN_URL" data-channel="KEY" data-name="NAME" data-embed="EMBED_URL"
 *              data-kind="paper" data-page="papers/p1.html" data-search="authors…">
 *         <span class="vconf-chat-kind">Paper</span> <span class="vconf-chat-title">Title</span></a></li>
 *   Without script the links simply open each channel on the chat server.
 *   Missing data-* are filled from data/channels.json (same origin); a list left empty is
 *   built from it. data-channel may be the stable key (paper/p1) or the channel name.
 *
 * Groups stay as the reader left them; a search shows the matches of every group (the
 * groups with none are hidden, the others opened with their number of matches) and
 * clearing it restores them. Thousands of channels: the list is filtered in place.
 *
 * Deep links: chat.html?channel=KEY (or a channel name) selects that channel. Embeds load
 * only on a click: the page itself requests nothing from the chat server.
 * Other scripts (vconf-chat-activity.js) use root.vconfChat once "vconf-chat-ready" fires.
 */
(() => {
  "use strict";

  const SANDBOX = "allow-scripts allow-same-origin allow-forms allow-popups";
  const NARROW = "(max-width: 767.98px)";
  const PAGE_LABEL = { paper: "Paper page", session: "Session page", workshop: "Workshop page" };

  /** Only http(s) URLs reach an href or an iframe, whatever the data says. */
  function safeUrl(value) {
    if (!value) return "";
    try {
      const url = new URL(value, document.baseURI);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : "";
    } catch {
      return "";
    }
  }

  /** Relative page links only: no scheme, so never javascript:. */
  function safePage(value) {
    return value && !/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.startsWith("//") ? value : "";
  }

  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // vconf-time.js (on every page, before this script): children go in as text, never markup
  const el = (tag, props = {}, text = "") => window.vconf.el(tag, props, text || null);

  function host(url) {
    try {
      return new URL(url).host;
    } catch {
      return "the chat server";
    }
  }

  /** A channel read from a server-rendered link. */
  function fromLink(a) {
    const d = a.dataset;
    const titleNode = a.querySelector(".vconf-chat-title");
    const href = a.getAttribute("href") || "";
    return {
      key: d.channel || "",
      name: d.name || "",
      kind: d.kind || "",
      title: (titleNode ? titleNode.textContent : a.textContent).trim(),
      embed: d.embed || "",
      // A link back to the portal itself is no place to open the channel.
      open: /^https?:/i.test(href) ? href : "",
      page: d.page || "",
      address: d.address || "",
      search: d.search || "",
      link: a,
    };
  }

  function merge(channel, data) {
    channel.key = channel.key || data.key || "";
    for (const [field, source] of [["name", "name"], ["kind", "kind"], ["embed", "embed_url"],
      ["open", "open_url"], ["page", "page"], ["address", "address"], ["search", "search"]]) {
      if (!channel[field] && data[source]) channel[field] = data[source];
    }
    // data-channel may hold the name; the key is what deep links should carry.
    if (data.key) channel.key = data.key;
  }

  function buildLink(list, data) {
    const a = el("a", { href: safeUrl(data.open_url || data.embed_url) || "#", "data-channel": data.key });
    if (data.kind) a.append(el("span", { class: "vconf-chat-kind" }, data.kind), " ");
    a.append(el("span", { class: "vconf-chat-title" }, data.title || data.name));
    const li = el("li");
    li.append(a);
    list.append(li);
    const channel = fromLink(a);
    merge(channel, data);
    return channel;
  }

  /** The groups of the server-rendered portal, each with its channels and its count. */
  function readGroups(root, channels) {
    const groups = [...root.querySelectorAll(".vconf-chat-group")].map((node) => ({
      node,
      details: node.tagName === "DETAILS" ? node : null,
      count: node.querySelector(".vconf-chat-count"),
      channels: [],
      wasOpen: null,
    }));
    for (const group of groups) group.total = group.node.querySelectorAll("a[data-channel]").length;
    for (const channel of channels) {
      const node = channel.link.closest(".vconf-chat-group");
      channel.group = groups.find((g) => g.node === node) || null;
      if (channel.group) channel.group.channels.push(channel);
    }
    return groups;
  }

  async function init(root) {
    const nav = root.querySelector(".vconf-chat-nav") || root;
    let list = root.querySelector(".vconf-chat-groups") || root.querySelector(".vconf-chat-list");
    if (!list) {
      list = el("ul", { class: "vconf-chat-list" });
      nav.append(list);
    }
    if (!list.id) list.id = "vconf-chat-list";
    const channels = [...root.querySelectorAll("a[data-channel]")].map(fromLink);
    for (const channel of channels) channel.li = channel.link.closest("li") || channel.link;
    const groups = readGroups(root, channels);

    // --- the controls: search above the list, the channel panel beside it -------------
    const search = el("div", { class: "vconf-chat-search", role: "search" });
    const label = el("label", { for: "vconf-chat-q" }, "Search channels");
    const input = el("input", {
      type: "search", id: "vconf-chat-q", autocomplete: "off", spellcheck: "false",
      "aria-controls": list.id, placeholder: "Title, author, channel…",
    });
    const status = el("p", { class: "vconf-chat-status", role: "status", "aria-live": "polite" });
    search.append(label, input, status);
    nav.insertBefore(search, nav.firstChild);

    const panel = el("section", { class: "vconf-chat-panel", "aria-labelledby": "vconf-chat-heading" });
    const bar = el("div", { class: "vconf-chat-bar" });
    const back = el("button", { type: "button", class: "vconf-chat-back" }, "← All channels");
    const heading = el("h2", { id: "vconf-chat-heading", class: "vconf-chat-heading", tabindex: "-1" }, "Chat");
    const address = el("p", { class: "vconf-chat-address" });
    const actions = el("div", { class: "vconf-chat-actions" });
    const pageLink = el("a", { class: "vconf-chat-page" });
    const openLink = el("a", { class: "vconf-chat-open", target: "_blank", rel: "noopener noreferrer" },
      "Open in a new tab");
    pageLink.hidden = true; // until a channel is chosen
    openLink.hidden = true;
    actions.append(pageLink, openLink);
    bar.append(back, heading, address, actions);
    const body = el("div", { class: "vconf-chat-body" });
    panel.append(bar, body);
    root.append(panel);
    root.classList.add("vconf-chat--ready");
    root.dataset.view = "list";

    let current = null;

    function placeholder(text) {
      body.replaceChildren(el("p", { class: "vconf-chat-placeholder" }, text));
    }

    function showList() {
      root.dataset.view = "list";
      const url = new URL(window.location.href);
      url.searchParams.delete("channel");
      history.replaceState(history.state, "", url);
      if (current) current.link.focus();
    }

    function loadFrame(channel) {
      const src = safeUrl(channel.embed);
      if (!src) return;
      const frame = el("iframe", {
        class: "vconf-chat-frame", src, sandbox: SANDBOX, title: `Chat: ${channel.title}`,
      });
      body.replaceChildren(frame);
    }

    function select(channel, { load }) {
      if (channel.group?.details && !channel.group.details.open) channel.group.details.open = true;
      if (current) current.link.removeAttribute("aria-current");
      current = channel;
      channel.link.setAttribute("aria-current", "true");
      heading.textContent = channel.title;
      address.textContent = channel.address || channel.name;
      const open = safeUrl(channel.open || channel.embed);
      openLink.hidden = !open;
      if (open) openLink.href = open;
      const page = safePage(channel.page);
      pageLink.hidden = !page;
      if (page) {
        pageLink.href = page;
        pageLink.textContent = PAGE_LABEL[channel.kind] || "Page";
      }
      const embed = safeUrl(channel.embed);
      if (embed && load) {
        loadFrame(channel);
      } else if (embed) {
        // A deep link: show what will load, and load it only when asked.
        const note = el("p", { class: "vconf-chat-placeholder" },
          `The conversation is served by ${host(embed)}; it loads when you ask.`);
        const button = el("button", { type: "button", class: "vconf-chat-load" }, "Load the chat");
        button.addEventListener("click", () => {
          loadFrame(channel);
          body.querySelector("iframe")?.focus();
        });
        body.replaceChildren(note, button);
      } else if (open) {
        const note = el("p", { class: "vconf-chat-placeholder" },
          `This chat cannot be shown inside the page; it opens on ${host(open)}.`);
        const link = el("a", { href: open, target: "_blank", rel: "noopener noreferrer", class: "vconf-chat-load" },
          "Open the chat");
        body.replaceChildren(note, link);
      } else {
        placeholder("This channel has no address.");
      }
      const url = new URL(window.location.href);
      url.searchParams.set("channel", channel.key || channel.name);
      history.replaceState(history.state, "", url);
      root.dataset.view = "channel";
      if (window.matchMedia(NARROW).matches) heading.focus();
    }

    // --- search ------------------------------------------------------------------------
    let haystacks = [];
    function index() {
      haystacks = channels.map((c) => fold([c.title, c.name, c.key, c.address, c.kind, c.search].join(" ")));
    }

    let searching = false;
    function filter() {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const group of groups) group.hits = 0;
      channels.forEach((channel, i) => {
        const hit = words.every((w) => haystacks[i].includes(w));
        if (channel.li.hidden === hit) channel.li.hidden = !hit;
        if (hit) {
          shown += 1;
          if (channel.group) channel.group.hits += 1;
        }
      });
      const now = words.length > 0;
      for (const group of groups) {
        if (now && !searching) group.wasOpen = group.details ? group.details.open : true;
        const hidden = now && group.hits === 0;
        if (group.node.hidden !== hidden) group.node.hidden = hidden;
        if (group.details) {
          // Matches show in every group that has some; clearing the search restores the groups.
          const open = now ? group.hits > 0 : group.wasOpen ?? group.details.open;
          if (group.details.open !== open) group.details.open = open;
        }
        if (group.count) group.count.textContent = String(now ? group.hits : group.total);
      }
      searching = now;
      const total = channels.length;
      status.textContent = !words.length
        ? `${total} channel${total === 1 ? "" : "s"}`
        : shown
          ? `${shown} of ${total} channels match`
          : `No channel matches “${input.value.trim()}”`;
    }

    function shownNow(channel) {
      const group = channel.group;
      return !channel.li.hidden && (!group || (!group.node.hidden && (!group.details || group.details.open)));
    }

    function visibleLinks() {
      return channels.filter(shownNow).map((c) => c.link);
    }

    // Thousands of channels: filter once typing pauses, not on every key.
    let pending = 0;
    input.addEventListener("input", () => {
      clearTimeout(pending);
      if (channels.length < 1500) filter();
      else pending = setTimeout(filter, 120);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        visibleLinks()[0]?.focus();
      } else if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(pending);
        filter();
        const first = visibleLinks()[0];
        if (first) select(channels.find((c) => c.link === first), { load: true });
      } else if (event.key === "Escape" && input.value) {
        input.value = "";
        filter();
      }
    });

    nav.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      const links = visibleLinks();
      const at = links.indexOf(document.activeElement);
      if (at < 0) return;
      event.preventDefault();
      if (event.key === "ArrowUp" && at === 0) input.focus();
      else links[Math.min(Math.max(at + (event.key === "ArrowDown" ? 1 : -1), 0), links.length - 1)].focus();
    });

    nav.addEventListener("click", (event) => {
      const a = event.target.closest("a[data-channel]");
      if (!a || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      const channel = channels.find((c) => c.link === a);
      if (!channel) return;
      event.preventDefault();
      select(channel, { load: true });
    });

    back.addEventListener("click", showList);

    // --- data: fill what the page did not carry from channels.json ----------------------
    if (root.dataset.channels && (!channels.length || channels.some((c) => !c.embed && !c.open))) {
      try {
        const response = await fetch(root.dataset.channels, { credentials: "same-origin" });
        if (!response.ok) throw new Error(String(response.status));
        const data = await response.json();
        if (!channels.length) {
          for (const item of data) {
            const channel = buildLink(list, item);
            channel.li = channel.link.closest("li");
            channel.group = null;
            channels.push(channel);
          }
        } else {
          const byId = new Map();
          for (const item of data) {
            byId.set(item.key, item);
            byId.set(item.name, item);
          }
          for (const channel of channels) {
            const item = byId.get(channel.key) || byId.get(channel.name);
            if (item) merge(channel, item);
          }
        }
      } catch {
        // Opened from disk or offline: the links still open each channel on the server.
        if (!channels.length) status.textContent = "The channel list could not be loaded.";
      }
    }
    for (const channel of channels) {
      const open = safeUrl(channel.open || channel.embed);
      if (open && !/^https?:/i.test(channel.link.getAttribute("href") || "")) channel.link.href = open;
    }
    index();
    filter();

    // --- for other scripts: the channels, choosing one, additions to the lobby -----------
    const api = { root, nav, channels, select: (channel) => select(channel, { load: true }), lobby: [] };
    root.vconfChat = api;
    root.dispatchEvent(new CustomEvent("vconf-chat-ready", { detail: api }));

    // --- deep link ----------------------------------------------------------------------
    const wanted = new URLSearchParams(window.location.search).get("channel");
    if (wanted) {
      const w = fold(wanted.replace(/^#/, "").split(":")[0]);
      const channel = channels.find((c) => c.key === wanted)
        || channels.find((c) => fold(c.name) === w || fold(c.key) === fold(wanted));
      if (channel) {
        select(channel, { load: false });
        if (!window.matchMedia(NARROW).matches) channel.link.scrollIntoView({ block: "nearest" });
      } else {
        heading.textContent = "Chat";
        placeholder(`There is no channel “${wanted}”. Search the list for it.`);
        root.dataset.view = "channel";
      }
    } else {
      lobby();
    }

    /** The lobby: where a newcomer starts (the organizer's general channels: welcome,
     * help desk, hallway), before choosing among the many channels of the list. */
    function lobby() {
      const general = channels.filter((c) => c.kind === "general");
      if (!general.length) {
        placeholder("Choose a channel from the list to join the conversation.");
        return;
      }
      const buttons = el("ul", { class: "vconf-chat-lobby-list" });
      for (const channel of general) {
        const b = el("button", { type: "button", class: "vconf-chat-lobby-channel" }, channel.title || channel.name);
        b.addEventListener("click", () => select(channel, { load: false }));
        const li = el("li");
        li.append(b);
        buttons.append(li);
      }
      const intro = el("p", { class: "vconf-chat-lobby-intro" },
        "Start here: say hello, ask the help desk, or find the channel of a paper, session or workshop in the list.");
      const box = el("div", { class: "vconf-chat-lobby" });
      box.append(el("h3", { class: "vconf-chat-lobby-title" }, "Lobby"), intro, buttons);
      body.replaceChildren(box);
      for (const extra of api.lobby) extra(box);
    }
  }

  function start() {
    const root = document.getElementById("vconf-chat");
    if (root && !root.classList.contains("vconf-chat--ready")) init(root);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
