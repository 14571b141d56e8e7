"""Paper thumbnails: find the figure a person would pick in each PDF and show all of it.

- :mod:`.finder` finds every figure region of a paper's first pages and scores them
  (:mod:`.pages` reads the pages: text with fonts, graphics);
- :mod:`.render` renders the winner whole, at the card's aspect ratio and 2x pixels, as WebP;
- :mod:`.cache` keeps rendered images by PDF hash and the finder's code version;
- :mod:`.build` is the build step (author image, figure or :mod:`.placeholder`);
- :mod:`.cli` is ``vconf figure PDF... [--json] [--explain] [--out DIR]``.
"""

from __future__ import annotations

from .build import MIN_POOL_BATCH, THUMBS_DIR, Stats, Thumbnail, Thumbnails, make_thumbnails
from .cli import add_cli
from .finder import Candidate, Figure, ThumbnailError, explain_figure, find_figure
from .placeholder import (
    author_alt,
    figure_alt,
    initials,
    placeholder_alt,
    placeholder_svg,
    track_colour,
)
from .render import render_figure

__all__ = [
    "MIN_POOL_BATCH",
    "THUMBS_DIR",
    "Candidate",
    "Figure",
    "Stats",
    "Thumbnail",
    "ThumbnailError",
    "Thumbnails",
    "add_cli",
    "author_alt",
    "explain_figure",
    "figure_alt",
    "find_figure",
    "initials",
    "make_thumbnails",
    "placeholder_alt",
    "placeholder_svg",
    "render_figure",
    "track_colour",
]
