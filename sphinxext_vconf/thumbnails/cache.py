"""The thumbnail cache: rendered images by the content hash of their source file."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from ..data import atomic_write

# The modules whose code decides what a thumbnail looks like: any change to them gives
# new cache keys, so a finder or renderer fix reaches every cached thumbnail.
_CODE = ("finder.py", "pages.py", "regions.py", "render.py")


@cache
def code_version() -> str:
    """A short hash of the finder's and renderer's source."""
    h = hashlib.sha256()
    for name in _CODE:
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()[:12]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Cache:
    """Rendered images by content hash: ``<kind>-<sha256>-<W>x<H>-<code version>.webp``,
    or ``.none`` when the PDF has no figure (so it is not searched again)."""

    def __init__(self, folder: Path | None, size: tuple[int, int]):
        self.folder = folder
        self.size = size
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def entry(self, kind: str, path: Path) -> Path | None:
        if self.folder is None:
            return None
        w, h = self.size
        return self.folder / f"{kind}-{sha256(path)}-{w}x{h}-{code_version()}"

    @staticmethod
    def get(entry: Path | None) -> bytes | None | bool:
        """The cached image, None for a cached "no figure", False when not cached."""
        if entry is None:
            return False
        try:
            return entry.with_suffix(".webp").read_bytes()
        except OSError:
            return None if entry.with_suffix(".none").is_file() else False

    @staticmethod
    def put(entry: Path | None, data: bytes | None) -> None:
        if entry is not None:
            atomic_write(entry.with_suffix(".none" if data is None else ".webp"), data or b"")

