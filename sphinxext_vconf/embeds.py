"""Video and chat embeds: provider URLs, and the context of click-to-load placeholders.

Nothing from an outside host loads with the page: an embed is a light placeholder whose
iframe is created by ``vconf-embed.js`` when the reader clicks. Which hosts an embed may
come from is known here too, for the outside-host check in :mod:`publish`.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

# provider -> (pattern on the organizer's URL, embed URL template)
VIDEO_PROVIDERS: dict[str, tuple[re.Pattern[str], str]] = {
    "youtube": (
        re.compile(r"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:.*&)?v=|embed/|live/)|youtu\.be/)"
                   r"(?P<id>[A-Za-z0-9_-]{6,})"),
        "https://www.youtube-nocookie.com/embed/{id}",
    ),
    "vimeo": (
        re.compile(r"^https?://(?:www\.)?(?:player\.)?vimeo\.com/(?:video/)?(?P<id>\d+)"),
        "https://player.vimeo.com/video/{id}",
    ),
    "bilibili": (
        re.compile(r"^https?://(?:www\.)?bilibili\.com/video/(?P<id>BV[A-Za-z0-9]+)"),
        "https://player.bilibili.com/player.html?bvid={id}&autoplay=0",
    ),
    "slideslive": (
        re.compile(r"^https?://(?:www\.)?slideslive\.(?:com|de)/(?:embed/)?(?:presentation/)?(?P<id>\d+)"),
        "https://slideslive.com/embed/presentation/{id}",
    ),
}
VIDEO_FILE = re.compile(r"\.(mp4|webm|ogv|m4v)(\?.*)?$", re.IGNORECASE)
# Live links vanish in archive mode: a call has no recording to keep.
LIVE_HOSTS = re.compile(r"(^|\.)(zoom\.us|meet\.google\.com|teams\.microsoft\.com|meet\.jit\.si|gather\.town)$")

# iframes get the least that players and chat clients work with.
SANDBOX = "allow-scripts allow-same-origin allow-popups allow-forms allow-presentation"


def video_embed(url: str) -> tuple[str, str] | None:
    """``(provider, embed URL)`` for a video URL we know how to embed, else ``None``."""
    for name, (pattern, template) in VIDEO_PROVIDERS.items():
        match = pattern.match(url)
        if match:
            return name, template.format(id=match.group("id"))
    if url.startswith(("http://", "https://")) and VIDEO_FILE.search(urlparse(url).path):
        return "file", url
    if "youtube.com/watch" in url:
        vid = parse_qs(urlparse(url).query).get("v", [""])[0]
        if re.fullmatch(r"[A-Za-z0-9_-]{6,}", vid):
            return "youtube", VIDEO_PROVIDERS["youtube"][1].format(id=vid)
    return None


def is_live(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return bool(LIVE_HOSTS.search(host))


def embed_hosts(urls: list[str]) -> set[str]:
    """The outside hosts that the given embed URLs load from."""
    return {urlparse(u).hostname or "" for u in urls if u.startswith(("http://", "https://"))} - {""}


def placeholder(src: str, title: str, *, kind: str, provider: str, open_url: str = "") -> dict[str, str]:
    """A click-to-load embed (the ``embed`` component's context): nothing is requested from
    ``src``'s host until the reader clicks."""
    return {"src": src, "kind": kind, "provider": provider, "player": "file" if provider == "file" else "iframe",
            "sandbox": SANDBOX, "title": title, "open_url": open_url,
            "label": f"Play video: {title}" if kind == "video" else f"Open chat: {title}"}
