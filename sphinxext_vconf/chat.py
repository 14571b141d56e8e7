"""Chat channels: one per paper, session and workshop, plus general ones from the config.

The site stays static; the chat runs on the organizers' own server (Matrix, Rocket.Chat,
Zulip, Mattermost, or any service given by link templates).  This module

* validates ``conference.chat`` (:func:`config`) and derives every channel from it
  (:func:`channels`, :func:`channel_for`, :func:`channels_json`, :func:`portal_html`);
* creates the channels on the server, idempotently (``vconf chat provision``), through the
  Matrix client-server API or the Rocket.Chat REST API, with the standard library only.

Stable links.  Channel *names* come from one template (``channel_template``, default
``{kind}-{id}``), so renaming is one edit; but a name is only what the chat server calls
the room.  Pages link to the portal with the channel *key*, ``chat.html?channel=paper/<id>``
(``kind/id``, or ``general/<name>``), which depends on nothing but the record's id: a new
template renames every room yet no link on the site, in a bookmark or in a tweet breaks.
The portal script also accepts a channel name after ``?channel=``.

Credentials come from the environment (``VCONF_CHAT_TOKEN``, ``VCONF_CHAT_USER``,
``VCONF_CHAT_PASSWORD``) or from ``--credentials FILE`` outside the project; never from the
YAML (a secret-looking key in ``conference.chat`` is an error) and never into the site.

Embedding needs the chat server to allow being framed by the site: Rocket.Chat's
"Restrict access inside any Iframe" off; Element served with a ``frame-ancestors`` policy
that names the site.  Zulip and Mattermost refuse framing, so they open in a new tab.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import string
import sys
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .model import Conference, Problem

__all__ = [
    "PROVIDERS",
    "KINDS",
    "DEFAULT_TEMPLATE",
    "ChatConfig",
    "ChatConfigError",
    "ChatError",
    "Channel",
    "Credentials",
    "config",
    "channels",
    "channel_for",
    "channels_json",
    "portal_html",
    "topic_for",
    "load_credentials",
    "provision",
    "add_cli",
]

PROVIDERS = ("matrix", "rocketchat", "zulip", "mattermost", "link")
KINDS = ("paper", "session", "workshop")
DEFAULT_TEMPLATE = "{kind}-{id}"
DEFAULT_TOPIC = "{title} — {url}"
# Providers whose server lists rooms with their member counts to anyone (no credentials):
# Matrix's public room directory (Synapse: allow_public_rooms_without_auth: true).
ACTIVITY_PROVIDERS = ("matrix",)
SANDBOX = "allow-scripts allow-same-origin allow-forms allow-popups"

NAME_FIELDS = ("kind", "id", "slug")
URL_FIELDS = ("server", "channel", "domain", "element_url", "stream", "team", "kind", "id")
TOPIC_FIELDS = ("title", "url", "name", "kind", "id")
CONFIG_FIELDS = (
    "provider", "server", "channel_template", "embed_url", "open_url", "embed", "domain",
    "element_url", "stream", "team", "general", "kinds", "topic", "activity",
)
# Keys that look like secrets: they never belong in conference YAML, which is published.
SECRET_RE = re.compile(r"token|password|passwd|secret|api_?key|auth|credential", re.IGNORECASE)
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
HOST_RE = re.compile(r"^[A-Za-z0-9.-]+(:\d{1,5})?$")
LOOPBACK = ("localhost", "127.0.0.1", "::1")

DEFAULT_URLS: dict[str, tuple[str, str]] = {
    # provider: (embed_url, open_url)
    "matrix": ("{element_url}/#/room/#{channel}:{domain}", "{element_url}/#/room/#{channel}:{domain}"),
    "rocketchat": ("{server}/channel/{channel}?layout=embedded", "{server}/channel/{channel}"),
    # Zulip and Mattermost send X-Frame-Options: a link that opens a tab is what works.
    "zulip": ("", "{server}/#narrow/stream/{stream}/topic/{channel}"),
    "mattermost": ("", "{server}/{team}/channels/{channel}"),
    "link": ("", ""),
}


# --------------------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------------------


class ChatConfigError(SystemExit):
    """``conference.chat`` is invalid: every problem at once, no traceback."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        n = len(problems)
        lines = [f"vconf: conference.chat has {n} problem{'s' if n != 1 else ''}:"]
        lines += [f"  {p}" for p in problems]
        super().__init__("\n".join(lines))

    def __str__(self) -> str:
        return str(self.code)


class ChatError(Exception):
    """Provisioning cannot go on: server unreachable, login refused, bad credentials file."""


@dataclass(frozen=True)
class General:
    name: str
    title: str


@dataclass(frozen=True)
class ChatConfig:
    provider: str
    server: str  # without trailing slash; "" only for provider "link"
    templates: dict[str, str]  # kind -> channel name template
    embed_url: str  # template; "" = no embedding
    open_url: str  # template; "" = no link (provider "link" without one)
    domain: str  # Matrix server name (the part after ':' in #alias:domain)
    element_url: str
    stream: str
    team: str
    general: tuple[General, ...]
    kinds: tuple[str, ...]
    topic: str
    activity: bool = False  # the portal asks the server which rooms are busy (opt-in)


def _fields(template: str) -> list[str] | None:
    """The plain field names of a format string, or None if it uses anything fancier."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    names = []
    for _literal, name, spec, conv in parsed:
        if name is None:
            continue
        if not name or spec or conv or not name.isidentifier():
            return None
        names.append(name)
    return names


def _url_ok(url: str, *, allow_http_loopback: bool = True) -> bool:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if parts.scheme == "http" and not (allow_http_loopback and parts.hostname in LOOPBACK):
        return False
    return not (parts.username or parts.password)


_SAMPLE = {
    "server": "https://chat.example.org", "channel": "paper-p1", "domain": "example.org",
    "element_url": "https://chat.example.org", "stream": "conference", "team": "conf",
    "kind": "paper", "id": "p1",
}


def _check_config(raw: dict[str, Any]) -> tuple[ChatConfig | None, list[tuple[str, Any, str]]]:
    """Validate the mapping; return the config and the problems (field, value, expected)."""
    problems: list[tuple[str, Any, str]] = []

    def bad(fld: str, value: Any, expected: str) -> None:
        problems.append((fld, value, expected))

    def text(key: str, default: str = "") -> str:
        value = raw.get(key)
        if value is None or value == "":
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            bad(key, value, "a string")
            return default
        return str(value).strip()

    for key in raw:
        if SECRET_RE.search(str(key)):
            bad(key, "(hidden)", "no credentials in the conference data, which is published: "
                "set VCONF_CHAT_TOKEN (or VCONF_CHAT_USER and VCONF_CHAT_PASSWORD) in the "
                "environment, or use --credentials FILE outside the project")
        elif key not in CONFIG_FIELDS:
            bad(key, raw[key], f"one of the known fields ({', '.join(sorted(CONFIG_FIELDS))})")

    provider = text("provider")
    if provider not in PROVIDERS:
        bad("provider", raw.get("provider", "missing"), "one of " + ", ".join(PROVIDERS))

    server = text("server").rstrip("/")
    if server:
        if not _url_ok(server):
            bad("server", raw["server"], "an https URL (http only for localhost) without a password")
            server = ""
        elif urllib.parse.urlsplit(server).query or urllib.parse.urlsplit(server).fragment:
            bad("server", raw["server"], "the server's base URL, without ?query or #fragment")
            server = ""
    elif provider and provider != "link":
        bad("server", raw.get("server", "missing"), f"the https URL of the {provider} server")

    def name_template(where: str, value: Any) -> list[str] | None:
        names = _fields(value) if isinstance(value, str) else None
        if names is None or not set(names) <= set(NAME_FIELDS):
            bad(where, value, "a template with the fields {kind}, {id}, {slug} (e.g. '{kind}-{id}')")
            return None
        if "id" not in names:
            bad(where, value, "a template containing {id}, so that every record gets its own channel")
            return None
        return names

    templates = dict.fromkeys(KINDS, DEFAULT_TEMPLATE)
    tmpl = raw.get("channel_template")
    if isinstance(tmpl, dict):
        for kind, value in tmpl.items():
            if kind == "__duplicate_keys__":
                continue
            if kind not in KINDS:
                bad(f"channel_template.{kind}", value, "a template for one of " + ", ".join(KINDS))
            elif name_template(f"channel_template.{kind}", value) is not None:
                templates[kind] = value
    elif tmpl not in (None, ""):
        names = name_template("channel_template", tmpl)
        if names is not None and "kind" in names:
            templates = dict.fromkeys(KINDS, tmpl)
        elif names is not None:
            # "paper-{id}" for every kind would name session channels "paper-<id>" too:
            # a template without {kind} names paper channels; the others keep the default.
            templates["paper"] = tmpl

    defaults = DEFAULT_URLS.get(provider, ("", ""))
    urls = {}
    for key, default in zip(("embed_url", "open_url"), defaults, strict=True):
        value = text(key, default)
        names = _fields(value)
        if names is None or not set(names) <= set(URL_FIELDS):
            bad(key, raw.get(key), "a URL template with the fields " + ", ".join(f"{{{f}}}" for f in URL_FIELDS))
            value = ""
        elif value and not _url_ok(value.format(**_SAMPLE)):
            bad(key, raw.get(key), "an https URL template such as '{server}/channel/{channel}'")
            value = ""
        urls[key] = value
    embed = raw.get("embed", True)
    if not isinstance(embed, bool):
        bad("embed", embed, "true or false (false: open channels in a new tab, never embedded)")
    elif not embed:
        urls["embed_url"] = ""

    host = urllib.parse.urlsplit(server).hostname or "" if server else ""
    domain = text("domain", host)
    if domain and not HOST_RE.match(domain):
        bad("domain", raw.get("domain"), "the Matrix server name, e.g. example.org")
    element_url = text("element_url", server).rstrip("/")
    if element_url and not _url_ok(element_url):
        bad("element_url", raw.get("element_url"), "the https URL of an Element web client")
    stream = text("stream")
    if provider == "zulip" and not stream and "{stream}" in urls["open_url"]:
        bad("stream", raw.get("stream", "missing"), "the Zulip stream (channel) whose topics are the chats")
    team = text("team")
    if provider == "mattermost" and not team and "{team}" in urls["open_url"]:
        bad("team", raw.get("team", "missing"), "the Mattermost team name")

    general: list[General] = []
    raw_general = raw.get("general") or []
    if not isinstance(raw_general, list):
        bad("general", raw_general, "a list of channels with name and title")
        raw_general = []
    seen: set[str] = set()
    for i, item in enumerate(raw_general):
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            bad(f"general[{i}]", item, "a mapping with name and title")
            continue
        extra = set(item) - {"name", "title", "__duplicate_keys__"}
        if extra:
            bad(f"general[{i}].{sorted(extra)[0]}", item[sorted(extra)[0]], "only name and title")
        name = str(item.get("name") or "").strip()
        if not NAME_RE.match(name):
            bad(f"general[{i}].name", item.get("name", "missing"),
                "a channel name of lowercase letters, digits, '-' and '_'")
            continue
        if name in seen:
            bad(f"general[{i}].name", name, "a name used once")
            continue
        seen.add(name)
        title = item.get("title")
        general.append(General(name, str(title).strip() if title not in (None, "") else name))

    kinds = raw.get("kinds", list(KINDS))
    if isinstance(kinds, str):
        kinds = [k.strip() for k in kinds.split(",") if k.strip()]
    if not isinstance(kinds, list) or not all(isinstance(k, str) and k in KINDS for k in kinds):
        bad("kinds", kinds, "a list of " + ", ".join(KINDS))
        kinds = list(KINDS)

    topic = text("topic", DEFAULT_TOPIC)
    names = _fields(topic)
    if names is None or not set(names) <= set(TOPIC_FIELDS):
        bad("topic", raw.get("topic"), "a template with the fields " + ", ".join(f"{{{f}}}" for f in TOPIC_FIELDS))
        topic = DEFAULT_TOPIC

    activity = raw.get("activity", False)
    if not isinstance(activity, bool):
        bad("activity", activity, "true or false (true: the chat portal asks the server which rooms are busiest)")
        activity = False
    elif activity and provider not in ACTIVITY_PROVIDERS:
        bad("activity", activity, "false for this provider: live activity needs a room list that anyone may read "
            "(Matrix's public room directory); Rocket.Chat's channels.list, Zulip and Mattermost need a "
            "logged-in user, and the site carries no credentials")
        activity = False

    if problems:
        return None, problems
    return ChatConfig(
        provider=provider, server=server, templates=templates,
        embed_url=urls["embed_url"], open_url=urls["open_url"], domain=domain,
        element_url=element_url, stream=stream, team=team, general=tuple(general),
        kinds=tuple(k for k in KINDS if k in kinds), topic=topic, activity=activity,
    ), []


def _locate(conf: Conference, key: str, root: Path = Path()) -> str:
    """Best effort ``file:line`` of ``conference.chat.<key>`` (only read on errors)."""
    import yaml

    from .model import Mapping, load_yaml  # the model's line-keeping loader

    for name in conf.files:
        path = root / name
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        if "chat" not in text:
            continue
        try:
            data = load_yaml(text)
        except yaml.YAMLError:
            continue
        m = data.get("conference") if isinstance(data, Mapping) else None
        chat = m.get("chat") if isinstance(m, Mapping) else None
        if isinstance(chat, Mapping):
            top = key.split(".")[0].split("[")[0]
            return f"{name}:{chat.key_lines.get(top, chat.line)}"
    return ""


_cache: list[Any] = [None, None]  # [conference, config]: channel_for is called once per page


def config(conf: Conference) -> ChatConfig | None:
    """The validated chat settings, or None when ``conference.chat`` is empty.

    Raises :class:`ChatConfigError` naming ``conference.chat.<field>`` and the value.
    """
    if _cache[0] is conf:
        return _cache[1]
    if not conf.chat:
        return None
    cfg, problems = _check_config(dict(conf.chat))
    if problems:
        lines = []
        for fld, value, expected in problems:
            where = _locate(conf, fld)
            shown = value if value == "(hidden)" else repr(value)
            lines.append(f"{where + ': ' if where else ''}conference.chat.{fld}: {shown}; expected {expected}")
        raise ChatConfigError(lines)
    _cache[:] = [conf, cfg]
    return cfg


# --------------------------------------------------------------------------------------
# Channels
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Channel:
    key: str  # "paper/<id>", "session/<id>", "workshop/<id>", "general/<name>": stable
    kind: str  # general | paper | session | workshop
    id: str
    name: str  # what the chat server calls it, from the template
    title: str
    address: str  # how people write it: "#paper-p1:example.org" (Matrix), "#paper-p1"
    page: str  # site page, relative to the root ("papers/p1.html"; "" for general)
    link: str  # the portal deep link, relative to the root: "chat.html?channel=paper/p1"
    open_url: str  # the channel on the chat server, in its own tab
    embed_url: str  # what the portal frames; "" = open in a new tab instead
    search: str = ""  # extra words for the portal's search: authors, keywords, room
    own_link: bool = field(default=False, compare=False)  # the record gave its own chat URL

    def to_json(self) -> dict[str, str]:
        data = asdict(self)
        del data["own_link"]
        return data


def _slug(text: str, limit: int = 40) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def _normalize(name: str) -> str:
    """Lowercase letters, digits, '-' and '_': valid as a Matrix alias and a Rocket.Chat name."""
    name = re.sub(r"[^a-z0-9_-]+", "-", name.lower())
    return re.sub(r"-{2,}", "-", name).strip("-_")


def _zulip_encode(text: str) -> str:
    # Zulip's hash encoding: percent-encoding with '.' in place of '%'.
    return urllib.parse.quote(text, safe="").replace(".", "%2E").replace("%", ".")


def _url(template: str, cfg: ChatConfig, name: str, kind: str, ident: str) -> str:
    if not template:
        return ""
    q = urllib.parse.quote
    return template.format(
        server=cfg.server, channel=q(name, safe=""), domain=cfg.domain,
        element_url=cfg.element_url, stream=_zulip_encode(cfg.stream), team=q(cfg.team, safe=""),
        kind=kind, id=q(ident, safe=""),
    )


def _address(cfg: ChatConfig, name: str) -> str:
    if cfg.provider == "matrix":
        return f"#{name}:{cfg.domain}"
    if cfg.provider in ("rocketchat", "mattermost"):
        return f"#{name}"
    return name


def _make(cfg: ChatConfig, kind: str, record: Any) -> Channel | None:
    if kind == "general":
        name, ident, title, page, own, search = record.name, record.name, record.title, "", "", ""
    else:
        if kind == "session" and record.kind == "break":
            return None
        ident, title = record.id, record.title
        name = _normalize(cfg.templates[kind].format(kind=kind, id=ident, slug=_slug(title)))
        page = f"{kind}s/{ident}.html"
        own = record.chat
        if kind == "paper":
            search = " ".join([a.name for a in record.authors] + record.keywords + [record.track])
        elif kind == "session":
            search = " ".join(x for x in (record.kind, record.room, record.chair) if x)
        else:
            search = " ".join(record.organizers)
    key = f"{kind}/{ident}"
    open_url = own or _url(cfg.open_url, cfg, name, kind, ident)
    embed_url = "" if own else _url(cfg.embed_url, cfg, name, kind, ident)
    if not open_url and not embed_url:
        return None
    return Channel(
        key=key, kind=kind, id=ident, name=name, title=title, address=_address(cfg, name),
        page=page, link="chat.html?channel=" + urllib.parse.quote(key, safe="/"),
        open_url=open_url, embed_url=embed_url, search=search.strip(), own_link=bool(own),
    )


def problems(conf: Conference, root: Path | str = ".") -> list[Problem]:
    """Every problem of ``conference.chat`` (its fields, and channel names its templates give),
    each with the file and line of the field: what :func:`config` and :func:`channels` raise."""
    if not conf.chat:
        return []
    _, found = _check_config(dict(conf.chat))
    if not found:
        try:
            channels(conf)
        except ChatConfigError as exc:
            found = []
            for line in exc.problems:
                head, _, expected = line.partition("; expected ")
                found.append(("channel_template", head.partition(": ")[2], expected))
    out = []
    for fld, value, expected in found:
        where = _locate(conf, fld, Path(root))
        file, _, line = where.rpartition(":")
        out.append(Problem(file or (conf.files[0] if conf.files else ""), int(line or 0),
                           f"conference.chat.{fld}", value, expected))
    return out


def channels(conf: Conference) -> list[Channel]:
    """Every channel, in a stable order: general, papers, sessions (by time), workshops.

    Raises :class:`ChatConfigError` when two records end up with the same name.
    """
    cfg = config(conf)
    if cfg is None:
        return []
    items: list[tuple[str, Any]] = [("general", g) for g in cfg.general]
    if "paper" in cfg.kinds:
        items += [("paper", p) for p in conf.papers.values()]
    if "session" in cfg.kinds:
        items += [("session", s) for s in conf.sessions_sorted()]
    if "workshop" in cfg.kinds:
        items += [("workshop", w) for w in conf.workshops.values()]
    out: list[Channel] = []
    by_name: dict[str, str] = {}
    problems = []
    for kind, record in items:
        ch = _make(cfg, kind, record)
        if ch is None:
            continue
        if not ch.name:
            problems.append(f"conference.chat.channel_template: {cfg.templates[kind]!r} gives "
                            f"{ch.key} an empty name; expected letters or digits in it")
            continue
        if ch.name in by_name:
            problems.append(f"conference.chat.channel_template: {cfg.templates[kind]!r} gives "
                            f"{by_name[ch.name]} and {ch.key} the same name {ch.name!r}; "
                            "expected a template that tells them apart (e.g. '{kind}-{id}')")
            continue
        by_name[ch.name] = ch.key
        out.append(ch)
    if problems:
        raise ChatConfigError(problems)
    return out


def channel_for(conf: Conference, kind: str, ident: str) -> Channel | None:
    """The channel of one record (``kind`` paper, session, workshop or general).

    None when chat is not configured, the kind has no channels, or the record has none
    (a break; provider "link" without a URL). Raises KeyError for an unknown id.
    """
    tables = {"paper": conf.papers, "session": conf.sessions, "workshop": conf.workshops}
    if kind not in (*tables, "general"):
        raise ValueError(f"kind must be one of general, {', '.join(tables)}; got {kind!r}")
    cfg = config(conf)
    if kind == "general":
        record = next((g for g in cfg.general if g.name == ident), None) if cfg else None
        if cfg and record is None:
            raise KeyError(f"no general channel {ident!r}")
    else:
        record = tables[kind][ident]
    if cfg is None or (kind != "general" and kind not in cfg.kinds):
        return None
    return _make(cfg, kind, record)


def channels_json(conf: Conference) -> list[dict[str, str]]:
    """What the lead writes to ``data/channels.json``: public data only, no credentials."""
    return [ch.to_json() for ch in channels(conf)]


def portal_context(conf: Conference, channels_url: str = "data/channels.json", root: str = "") -> dict[str, Any]:
    """The ``chat-portal`` component's context (see :mod:`.chat_portal`)."""
    from .chat_portal import portal_context as context

    return context(conf, channels_url, root)


def portal_html(conf: Conference, channels_url: str = "data/channels.json", root: str = "") -> str:
    """The portal's HTML (the theme's ``chat-portal`` component), as chat.html carries it."""
    from .components import render

    return render("chat-portal", portal_context(conf, channels_url, root))


def topic_for(conf: Conference, ch: Channel, site_url: str = "") -> str:
    """The topic set on the server: the title and a link back to the site."""
    cfg = config(conf)
    site_url = site_url or conf.url
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    url = urllib.parse.urljoin(site_url, ch.page or ch.link) if site_url else ""
    template = cfg.topic if cfg else DEFAULT_TOPIC
    if not url and "{url}" in template:
        template = "{title}"
    return template.format(title=ch.title, url=url, name=ch.name, kind=ch.kind, id=ch.id).strip()


# --------------------------------------------------------------------------------------
# Credentials
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Credentials:
    token: str = ""
    user: str = ""
    password: str = ""

    def __repr__(self) -> str:  # never print a secret by accident
        return f"Credentials(token={'***' if self.token else ''!r}, user={self.user!r}, password={'***' if self.password else ''!r})"


ENV_KEYS = {"VCONF_CHAT_TOKEN": "token", "VCONF_CHAT_USER": "user", "VCONF_CHAT_PASSWORD": "password"}


def _project_root(start: Path) -> Path:
    start = start.resolve()
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in (".git", "pyproject.toml", "conf.py")):
            return folder
    return start.parent if start.is_file() else start


def load_credentials(
    file: str | Path | None = None,
    *,
    project: str | Path = ".",
    env: dict[str, str] | None = None,
    warn: Callable[[str], None] = lambda msg: print(terminal_safe(msg), file=sys.stderr),
) -> Credentials:
    """Credentials from ``file`` (``KEY=VALUE`` lines), else from the environment.

    A file inside the project (where it might be committed or published) is refused.
    """
    env = os.environ if env is None else env
    values = {v: env.get(k, "") for k, v in ENV_KEYS.items()}
    if file is not None:
        path = Path(file).expanduser()
        root = _project_root(Path(project))
        if path.resolve().is_relative_to(root):
            raise ChatError(
                f"{path}: credentials file inside the project ({root}); keep it outside, "
                "e.g. ~/.config/vconf/chat.env, so that it is never committed or published"
            )
        try:
            text = path.read_text(encoding="utf-8")
            mode = path.stat().st_mode
        except OSError as exc:
            raise ChatError(f"{path}: cannot read the credentials file ({exc.strerror})") from None
        if os.name == "posix" and mode & 0o077:
            warn(f"vconf chat: warning: {path} is readable by others; chmod 600 it")
        for n, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.removeprefix("export ").partition("=")
            key = key.strip()
            field_name = ENV_KEYS.get(key) or (key if key in ENV_KEYS.values() else None)
            if not sep or field_name is None:
                raise ChatError(
                    f"{path}:{n}: expected KEY=VALUE with KEY one of {', '.join(ENV_KEYS)}"
                    f" (got {key!r})"
                )
            values[field_name] = value.strip().strip("'\"")
    return Credentials(**values)


# --------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------


class Http:
    """A small JSON-over-HTTP client on urllib that waits out rate limits (HTTP 429)."""

    def __init__(
        self,
        base: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 30.0,
        retries: int = 8,
        max_wait: float = 120.0,
    ):
        self.base = base.rstrip("/")
        self.headers: dict[str, str] = {}
        self.sleep = sleep
        self.timeout = timeout
        self.retries = retries
        self.max_wait = max_wait
        self.waits = 0
        self.waited = 0.0

    def call(
        self, method: str, path: str, body: Any = None, query: dict[str, str] | None = None
    ) -> tuple[int, dict[str, Any]]:
        url = self.base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        data = None if body is None else json.dumps(body).encode()
        headers = {"Accept": "application/json", "User-Agent": "vconf-chat", **self.headers}
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - http(s) checked in config
                    return response.status, _json(response.read())
            except urllib.error.HTTPError as exc:
                payload = _json(exc.read())
                if exc.code != 429 or attempt == self.retries:
                    return exc.code, payload
                wait = min(_retry_after(exc.headers, payload, attempt), self.max_wait)
                self.waits += 1
                self.waited += wait
                self.sleep(wait)
            except (urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise ChatError(f"cannot reach {self.base}: {reason}") from None
        raise AssertionError("unreachable")


def _json(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError):
        return {"error": raw[:200].decode("utf-8", "replace").strip()}
    return data if isinstance(data, dict) else {"data": data}


def _retry_after(headers: Any, payload: dict[str, Any], attempt: int) -> float:
    """Seconds to wait, from whichever hint the server gave; else exponential backoff."""
    if isinstance(payload.get("retry_after_ms"), (int, float)):  # Matrix
        return max(payload["retry_after_ms"] / 1000, 0.05)
    retry_after = headers.get("Retry-After") if headers else None
    if retry_after and retry_after.strip().isdigit():
        return float(retry_after)
    reset = headers.get("X-RateLimit-Reset") if headers else None  # Rocket.Chat: epoch ms
    if reset and reset.strip().isdigit():
        return max(int(reset) / 1000 - time.time(), 0.05)
    match = re.search(r"wait (\d+) seconds", str(payload.get("error", "")))  # Rocket.Chat text
    if match:
        return float(match.group(1))
    return min(0.5 * 2**attempt, 30.0)


def _why(status: int, payload: dict[str, Any]) -> str:
    code = payload.get("errcode") or payload.get("errorType") or f"HTTP {status}"
    message = payload.get("error") or payload.get("message") or ""
    return f"{code}: {message}" if message else str(code)


# --------------------------------------------------------------------------------------
# Providers
# --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    action: str  # created | updated | unchanged | failed | skipped
    changes: list[str] = field(default_factory=list)
    error: str = ""


class Matrix:
    """Rooms with aliases through the Matrix client-server API (v3)."""

    API = "/_matrix/client/v3"

    def __init__(self, cfg: ChatConfig, creds: Credentials, http: Http):
        self.cfg, self.creds, self.http = cfg, creds, http
        self.logged_in = False
        self.unlisted: list[str] = []

    def notes(self) -> list[str]:
        if not self.unlisted:
            return []
        n = len(self.unlisted)
        return [f"note: {n} room{'s are' if n != 1 else ' is'} not in the server's public room "
                f"directory (e.g. {self.unlisted[0]}), as its policy decides (Synapse: "
                "room_list_publication_rules); attendees still join through the portal's links"]

    def _listed(self, room: str, alias: str) -> None:
        q = urllib.parse.quote
        status, data = self.http.call("GET", f"{self.API}/directory/list/room/{q(room, safe='')}")
        if status == 200 and data.get("visibility") != "public":
            self.unlisted.append(alias)

    def connect(self) -> None:
        if self.creds.token:
            self.http.headers["Authorization"] = f"Bearer {self.creds.token}"
        elif self.creds.user and self.creds.password:
            status, data = self.http.call("POST", f"{self.API}/login", {
                "type": "m.login.password",
                "identifier": {"type": "m.id.user", "user": self.creds.user},
                "password": self.creds.password,
                "initial_device_display_name": "vconf chat provision",
            })
            if status != 200 or "access_token" not in data:
                raise ChatError(f"login as {self.creds.user} refused: {_why(status, data)}")
            self.http.headers["Authorization"] = f"Bearer {data['access_token']}"
            self.logged_in = True
        else:
            raise ChatError(_NO_CREDENTIALS)
        status, data = self.http.call("GET", f"{self.API}/account/whoami")
        if status != 200:
            raise ChatError(f"the server refused the credentials: {_why(status, data)}")
        server_name = str(data.get("user_id", "")).partition(":")[2]
        if server_name and server_name != self.cfg.domain:
            raise ChatError(
                f"conference.chat.domain is {self.cfg.domain!r} but the server at "
                f"{self.cfg.server} is named {server_name!r}: set conference.chat.domain: {server_name}"
            )

    def close(self) -> None:
        if self.logged_in:  # a password login made a device: remove it again
            self.http.call("POST", f"{self.API}/logout", {})

    def _state(self, room: str, event: str) -> tuple[int, dict[str, Any]]:
        q = urllib.parse.quote
        return self.http.call("GET", f"{self.API}/rooms/{q(room, safe='')}/state/{event}/")

    def ensure(self, ch: Channel, topic: str, dry_run: bool) -> Outcome:
        q = urllib.parse.quote
        alias = ch.address
        name = ch.title if len(ch.title) <= 255 else ch.title[:254] + "…"
        status, data = self.http.call("GET", f"{self.API}/directory/room/{q(alias, safe='')}")
        if status == 404:
            if dry_run:
                return Outcome("created")
            status, data = self.http.call("POST", f"{self.API}/createRoom", {
                "room_alias_name": ch.name, "name": name, "topic": topic,
                "preset": "public_chat", "visibility": "public",
            })
            if status == 200:
                self._listed(data.get("room_id", ""), alias)
                return Outcome("created")
            if data.get("errcode") != "M_ROOM_IN_USE":  # else created meanwhile: check it
                return Outcome("failed", error=_why(status, data))
            status, data = self.http.call("GET", f"{self.API}/directory/room/{q(alias, safe='')}")
        if status != 200 or "room_id" not in data:
            return Outcome("failed", error=_why(status, data))
        room = data["room_id"]
        st_topic, d_topic = self._state(room, "m.room.topic")
        if st_topic == 403:
            if dry_run:
                return Outcome("updated", ["membership (to read the topic)"])
            status, data = self.http.call("POST", f"{self.API}/join/{q(alias, safe='')}", {})
            if status != 200:
                return Outcome("failed", error="not a member and cannot join: " + _why(status, data))
            st_topic, d_topic = self._state(room, "m.room.topic")
        st_name, d_name = self._state(room, "m.room.name")
        for st, d in ((st_topic, d_topic), (st_name, d_name)):
            if st not in (200, 404):
                return Outcome("failed", error="cannot read the room state: " + _why(st, d))
        wanted = {"m.room.topic": ("topic", topic), "m.room.name": ("name", name)}
        current = {"m.room.topic": d_topic.get("topic", "") if st_topic == 200 else "",
                   "m.room.name": d_name.get("name", "") if st_name == 200 else ""}
        changes = [event for event, (_, value) in wanted.items() if current[event] != value]
        self._listed(room, alias)
        if not changes or dry_run:
            return Outcome("updated" if changes else "unchanged", [wanted[e][0] for e in changes])
        for event in changes:
            key, value = wanted[event]
            status, data = self.http.call(
                "PUT", f"{self.API}/rooms/{q(room, safe='')}/state/{event}/", {key: value}
            )
            if status != 200:
                return Outcome("failed", error=f"cannot set the {key}: {_why(status, data)}")
        return Outcome("updated", [wanted[e][0] for e in changes])


class RocketChat:
    """Public channels through the Rocket.Chat REST API v1 (as ICLR's make_poster_rooms)."""

    API = "/api/v1"

    def __init__(self, cfg: ChatConfig, creds: Credentials, http: Http):
        self.cfg, self.creds, self.http = cfg, creds, http
        self.logged_in = False

    def connect(self) -> None:
        if self.creds.token and self.creds.user:
            # A personal access token and the id of its user.
            self.http.headers.update({"X-Auth-Token": self.creds.token, "X-User-Id": self.creds.user})
        elif self.creds.user and self.creds.password:
            status, data = self.http.call("POST", f"{self.API}/login",
                                          {"user": self.creds.user, "password": self.creds.password})
            auth = data.get("data") if isinstance(data.get("data"), dict) else {}
            if status != 200 or not auth.get("authToken"):
                raise ChatError(f"login as {self.creds.user} refused: {_why(status, data)}")
            self.http.headers.update({"X-Auth-Token": auth["authToken"], "X-User-Id": auth["userId"]})
            self.logged_in = True
        else:
            raise ChatError(_NO_CREDENTIALS + " (Rocket.Chat: VCONF_CHAT_TOKEN with the user id "
                            "in VCONF_CHAT_USER, or VCONF_CHAT_USER and VCONF_CHAT_PASSWORD)")
        status, data = self.http.call("GET", f"{self.API}/me")
        if status != 200:
            raise ChatError(f"the server refused the credentials: {_why(status, data)}")

    def close(self) -> None:
        if self.logged_in:
            self.http.call("POST", f"{self.API}/logout", {})

    def notes(self) -> list[str]:
        return []

    def ensure(self, ch: Channel, topic: str, dry_run: bool) -> Outcome:
        status, data = self.http.call("GET", f"{self.API}/channels.info", query={"roomName": ch.name})
        if status == 200 and isinstance(data.get("channel"), dict):
            room = data["channel"]
            if (room.get("topic") or "") == topic:
                return Outcome("unchanged")
            if dry_run:
                return Outcome("updated", ["topic"])
            return self._topic(room["_id"], topic, Outcome("updated", ["topic"]))
        if "not-found" not in str(data.get("errorType", "")) + str(data.get("error", "")):
            return Outcome("failed", error=_why(status, data))
        if dry_run:
            return Outcome("created")
        status, data = self.http.call("POST", f"{self.API}/channels.create", {"name": ch.name})
        room = data.get("channel") if isinstance(data.get("channel"), dict) else {}
        if status != 200 or not room.get("_id"):
            return Outcome("failed", error=_why(status, data))
        return self._topic(room["_id"], topic, Outcome("created"))

    def _topic(self, room_id: str, topic: str, done: Outcome) -> Outcome:
        status, data = self.http.call("POST", f"{self.API}/channels.setTopic",
                                      {"roomId": room_id, "topic": topic})
        if status != 200 or not data.get("success", True):
            return Outcome("failed", error="cannot set the topic: " + _why(status, data))
        return done


_NO_CREDENTIALS = (
    "no credentials: set VCONF_CHAT_TOKEN (or VCONF_CHAT_USER and VCONF_CHAT_PASSWORD), "
    "or pass --credentials FILE"
)
PROVISIONERS: dict[str, type[Matrix] | type[RocketChat]] = {"matrix": Matrix, "rocketchat": RocketChat}


@dataclass
class Summary:
    counts: dict[str, int]
    waits: int = 0
    waited: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.counts.get("failed")


def provision(
    conf: Conference,
    creds: Credentials,
    *,
    site_url: str = "",
    dry_run: bool = False,
    out: Callable[[str], None] = print,
    http: Http | None = None,
) -> Summary:
    """Create or update every channel on the server; report each with ``out``.

    Idempotent: what exists with the right topic (and, on Matrix, name) is left alone.
    """
    cfg = config(conf)
    if cfg is None:
        raise ChatError("conference.chat is empty: nothing to provision")
    if cfg.provider not in PROVISIONERS:
        raise ChatError(
            f"conference.chat.provider {cfg.provider!r}: provisioning supports "
            f"{' and '.join(PROVISIONERS)}; create {cfg.provider} channels on the server by hand "
            "(`vconf chat list` names them)"
        )
    if site_url and not _url_ok(site_url):
        raise ChatError(f"--site-url {site_url!r}: expected an https URL")
    if not (site_url or conf.url):
        out("note: no site URL (conference.url or --site-url): topics carry no link back")
    all_channels = channels(conf)
    client = PROVISIONERS[cfg.provider](cfg, creds, http or Http(cfg.server))
    counts = dict.fromkeys(("created", "updated", "unchanged", "failed", "skipped"), 0)
    try:
        client.connect()
        for ch in all_channels:
            if ch.own_link:
                counts["skipped"] += 1
                out(f"skipped {ch.address}: {ch.key} has its own chat link")
                continue
            result = client.ensure(ch, topic_for(conf, ch, site_url), dry_run)
            counts[result.action] += 1
            if result.action == "created":
                out(f"would create {ch.address}" if dry_run else f"created {ch.address} (topic set)")
            elif result.action == "updated":
                verb = "would update" if dry_run else "updated"
                out(f"{verb} {', '.join(result.changes)} {ch.address}")
            elif result.action == "unchanged":
                out(f"unchanged {ch.address}")
            else:
                out(f"failed {ch.address}: {result.error}")
    finally:
        client.close()
    http_used = client.http
    if dry_run:
        line = (f"chat (dry run): {counts['created']} to create, {counts['updated']} to update, "
                f"{counts['unchanged']} unchanged")
    else:
        line = f"chat: {counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged"
    for key in ("failed", "skipped"):
        if counts[key]:
            line += f", {counts[key]} {key}"
    if http_used.waits:
        line += f"; waited {http_used.waited:.1f} s for rate limits ({http_used.waits} times)"
    for note in client.notes():
        out(note)
    out(line)
    return Summary(counts, http_used.waits, http_used.waited)


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def add_cli(parser: argparse.ArgumentParser) -> None:
    """``vconf chat list`` and ``vconf chat provision``."""
    sub = parser.add_subparsers(dest="chat_command", metavar="ACTION")
    p = sub.add_parser("list", help="list every channel: key, address, title",
                       description="List the chat channels that the site links to.")
    p.add_argument("data", nargs="?", default="conference/data", help="folder of YAML files")
    p.add_argument("--json", action="store_true", help="print data/channels.json instead")
    p.set_defaults(run=_list_cli)
    p = sub.add_parser(
        "provision", help="create the channels on the chat server (idempotent)",
        description="Create every channel on the chat server, or set its topic; a second run "
        "changes nothing. Credentials: VCONF_CHAT_TOKEN, VCONF_CHAT_USER, VCONF_CHAT_PASSWORD "
        "or --credentials FILE (KEY=VALUE lines, kept outside the project).",
    )
    p.add_argument("data", nargs="?", default="conference/data", help="folder of YAML files")
    p.add_argument("--dry-run", action="store_true", help="query the server, change nothing")
    p.add_argument("--credentials", metavar="FILE", help="KEY=VALUE file outside the project")
    p.add_argument("--site-url", metavar="URL", default="",
                   help="public URL of the site, for the links in topics (default: conference.url)")
    p.set_defaults(run=_provision_cli)
    parser.set_defaults(run=lambda _args: parser.print_help() or 2)


def _load(data: str) -> Conference:
    from .model import load

    return load(data)  # ConferenceDataError: the report, exit status 1


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def terminal_safe(text: str) -> str:
    """A line for the terminal: conference text cannot move the cursor, clear the screen or
    start a line of its own (CR, LF, ESC sequences and other control characters as spaces)."""
    return _CONTROL.sub(" ", text)


def _list_cli(args: argparse.Namespace) -> int:
    conf = _load(args.data)
    items = channels(conf)
    if args.json:
        print(json.dumps([ch.to_json() for ch in items], indent=1, ensure_ascii=False))
        return 0
    if not items:
        print("no chat channels: conference.chat is empty")
        return 0
    width = max(len(ch.key) for ch in items)
    for ch in items:
        print(terminal_safe(f"{ch.key:<{width}}  {ch.address}  {ch.title}"))
    print(f"chat: {len(items)} channels on {config(conf).provider}")  # type: ignore[union-attr]
    return 0


def _provision_cli(args: argparse.Namespace) -> int:
    conf = _load(args.data)
    try:
        creds = load_credentials(args.credentials, project=args.data)
        summary = provision(conf, creds, site_url=args.site_url, dry_run=args.dry_run,
                            out=lambda line: print(terminal_safe(line), flush=True))
    except ChatError as exc:
        print(f"vconf chat provision: error: {exc}", file=sys.stderr)
        return 1
    return 0 if summary.ok else 1
