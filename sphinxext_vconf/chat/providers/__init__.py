"""One module per chat server's API: ``connect``, ``ensure`` (create or update one channel),
``notes`` and ``close``. A new provider is one module here plus its test."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Outcome:
    action: str  # created | updated | unchanged | failed | skipped
    changes: list[str] = field(default_factory=list)
    error: str = ""


_NO_CREDENTIALS = (
    "no credentials: set VCONF_CHAT_TOKEN (or VCONF_CHAT_USER and VCONF_CHAT_PASSWORD), "
    "or pass --credentials FILE"
)
