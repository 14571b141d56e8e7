"""Every channel: one per paper, session and workshop, plus the general ones; stable keys,
names from the template, URLs per provider, the topics set on the server."""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..model import Conference, Problem
from .config import (
    DEFAULT_TOPIC,
    ChatConfig,
    ChatConfigError,
    _check_config,
    _locate,
    config,
)


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
