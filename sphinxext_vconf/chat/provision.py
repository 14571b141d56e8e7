"""``vconf chat provision``: create or update every channel on the server, idempotently."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Conference
from .channels import channels, topic_for
from .config import ChatError, _url_ok, config
from .credentials import Credentials
from .http import Http
from .providers.matrix import Matrix
from .providers.rocketchat import RocketChat

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
