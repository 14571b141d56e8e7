"""``conference.chat``: validated once, every problem at once, each with its file and line.

The constants here (providers, kinds, the fields of each template) are the contract the
rest of the package builds on.
"""

from __future__ import annotations

import re
import string
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Conference, ProblemReport

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


class ChatConfigError(ProblemReport):
    """``conference.chat`` is invalid: every problem at once, no traceback."""

    subject = "conference.chat"


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

    from ..model import Mapping, load_yaml  # the model's line-keeping loader

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
