"""vconf: a Sphinx extension and theme for virtual-conference websites.

``setup()`` wires the rooms of the package to Sphinx:

* ``builder-inited`` (main process): load and validate the YAML (:mod:`model`), compute
  the extras (:mod:`embeddings`, :mod:`neighbors`, :mod:`projection`, :mod:`thumbnails`)
  and write the generated pages (:mod:`pages`), or reuse all of it when nothing it was
  made from changed since the last build (:mod:`buildstate`);
* directives (:mod:`directives`) only read that data, so reading is parallel-safe;
* ``html-page-context``: per-page scripts and the outside-host check of each page;
* ``build-finished``: the published data, calendars and schedules (:mod:`publish`), and
  the state the next build may reuse.
"""

from __future__ import annotations

import json
import tempfile
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from sphinx.util import logging

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

THEME_DIR = Path(__file__).parent / "theme" / "vconf"
if not THEME_DIR.is_dir():  # an editable install: the theme sits at the top of the repository
    import importlib.resources

    THEME_DIR = Path(str(importlib.resources.files("sphinxext_vconf.theme"))) / "vconf"

def _config_inited(app: Sphinx, config: Config) -> None:
    # Math in abstracts renders with the MathJax shipped in the theme: no CDN. The full TeX
    # bundle: real abstracts use \boldsymbol, \color, \cancel..., and an extension fetched
    # on demand that is not there stops the page's math altogether. CommonHTML output, not
    # SVG: its fonts are separate files fetched as needed (1.3 MB for a math page, not 2.3).
    if config.mathjax_path.startswith("https://cdn.jsdelivr.net"):
        config.mathjax_path = "vendor/mathjax/tex-chtml-full.js"
    config.mathjax3_config = _safe_mathjax(config.mathjax3_config)
    if config.html_theme == "vconf" and not config.html_favicon:
        # Browsers ask for /favicon.ico when a page names none: a 404 on every page.
        config.html_favicon = str(THEME_DIR / "static" / "favicon.svg")
    for ext in ("dollarmath", "colon_fence"):  # $math$ in abstracts; ::: fences for sphinx-design
        if ext not in config.myst_enable_extensions:
            config.myst_enable_extensions = [*config.myst_enable_extensions, ext]


def _safe_mathjax(user: dict[str, Any] | None) -> dict[str, Any]:
    """MathJax settings under which the TeX in conference data cannot run a script.

    MathJax's ``safe`` extension filters what TeX may put into the page: links only to
    http(s), no styles, only MathJax's own classes and ids. ``require`` and ``autoload``
    are off: everything the bundle has is loaded already, and nothing is fetched.
    The organizer's own settings are kept where they do not undo these.
    """
    cfg = {k: dict(v) if isinstance(v, dict) else v for k, v in (user or {}).items()}
    loader = cfg.setdefault("loader", {})
    loader["load"] = sorted({*loader.get("load", []), "ui/safe"})
    options = cfg.setdefault("options", {})
    options.setdefault("enableMenu", False)
    options["safeOptions"] = {
        "allow": {"URLs": "safe", "classes": "safe", "cssIDs": "safe", "styles": "none"},
        "safeProtocols": {"http": True, "https": True, "file": False, "javascript": False, "data": False},
    }
    tex = cfg.setdefault("tex", {})
    tex["packages"] = {"[-]": ["require", "autoload"]}
    return cfg


from .errors import OutputFolderError as OutputError  # noqa: E402 - a SphinxError, no traceback


def _check_outdir(app: Sphinx) -> None:
    """Stop with a clear message, before anything is computed, when the site cannot be
    written; drop a build-info file a killed or full-disk build left empty (Sphinx would
    crash on it with an IndexError at every later build)."""
    outdir = Path(app.outdir)
    info = outdir / ".buildinfo"
    try:
        lines = info.read_text(encoding="utf-8").splitlines() if info.is_file() else None
    except (OSError, UnicodeDecodeError):
        lines = []
    if lines is not None and (len(lines) < 4 or not lines[0].startswith("# Sphinx build info")):
        info.unlink(missing_ok=True)  # Sphinx's own file: without it, every page is written again
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=outdir, prefix=".vconf-write-check-"):
            pass
    except OSError as exc:
        raise OutputError(f"the output folder {outdir} is not writable ({exc.strerror or exc}); "
                          "check its permissions and the free disk space") from None


def _builder_inited(app: Sphinx) -> None:
    from . import buildstate, data, pages

    if app.builder.format == "html":
        _check_outdir(app)

    key = buildstate.input_key(app)
    # -E (a fresh environment) recomputes the data too; the ML steps still use their caches.
    vdata = None if app.fresh_env_used else buildstate.restore(app, key)
    if vdata is not None:
        data.restored(app, vdata)
        logger.info("vconf: the conference data, its generated pages and published files are unchanged "
                    "since the last build: reused")
        return
    buildstate.forget(app)
    from .errors import data_error
    from .model import ConferenceDataError

    try:
        vdata = data.load(app)
        vdata.key = key
        data.compute_extras(app, vdata)
    except ConferenceDataError as exc:  # a SphinxError, each problem logged with its place
        raise data_error(exc.problems, app.srcdir) from None
    if app.config.vconf_generate_pages:
        pages.generate(vdata, app.config, app.config.verbosity)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    from . import data

    vdata = data.get(app.env)
    if vdata is None:
        return
    conf = vdata.conf
    # pydata's light/dark switch logs an error on every page unless a mode is named.
    context.setdefault("default_mode", "auto")
    context["vconf_conference"] = {"name": conf.name, "timezone": conf.timezone, "tagline": conf.tagline,
                                   "start": str(conf.start_date or ""), "end": str(conf.end_date or ""),
                                   "links": [(link.title, link.url) for link in conf.links]}
    if str(context.get("docstitle", "")).endswith(" documentation"):  # Sphinx's default html_title
        # Templates print these unescaped (html_title is normally the organizer's own HTML).
        context["docstitle"] = escape(conf.name)
        context["titlesuffix"] = " - " + escape(conf.name)
    nav = []
    for label, docname in app.config.vconf_navbar:
        if docname in app.env.all_docs:
            nav.append((label, docname))
    context["vconf_navbar"] = nav
    # Where the site lives on its host (/conf2026/ on GitHub Pages): the 404 page's <base>.
    context["vconf_base_path"] = urlparse(conf.url).path or "/" if conf.url else ""
    _check_outside_hosts(app, pagename, context)


def _chrome(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> str | None:
    """No documentation chrome on the pages vconf writes: no "On this page" beside a paper,
    a session or a day (after pydata-sphinx-theme has chosen the sidebar's items), nor
    beside a page the organizer wrote whose directives declare it a conference page (a
    talk with its video and chat)."""
    from . import data
    from .components import is_conference_page

    vdata = data.get(app.env)
    if vdata is not None and (pagename in vdata.generated or is_conference_page(doctree)):
        context["secondary_sidebar_items"] = []
    if pagename == "404" and app.config.html_theme == "vconf":
        return "vconf-404.html"  # a page that loads nothing: it works under any path
    return None


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """What the page's directives declared (:mod:`components`): scripts, styles, data, math.

    Runs before sphinx.ext.mathjax decides whether the page loads MathJax."""
    from . import data
    from .components import page_assets

    if data.get(app.env) is None:
        return
    scripts, styles, data_files, math = page_assets(doctree)
    # The page's script needs this data at once: let the browser fetch it while it parses.
    for data_file in data_files:
        href = escape(context["pathto"](data_file, 1))
        context["metatags"] = context.get("metatags", "") + (
            f'\n<link rel="preload" href="{href}" as="fetch" crossorigin="anonymous">')
    # The offline worker: registered (or, switched off, unregistered) by vconf-offline.js.
    context["metatags"] = context.get("metatags", "") + (
        f'\n<meta name="vconf-offline" content="{"on" if app.config.vconf_offline else "off"}">')
    conf = data.get(app.env).conf
    if conf.kinds:  # the organizer's session kinds: their labels and colours on every page (vconf-time.js)
        from .directives.schedule import kind_styles

        context["metatags"] += f'\n<meta name="vconf-kinds" content="{escape(json.dumps(kind_styles(conf)))}">'
    for script in ["vconf-offline.js", *scripts]:
        app.builder.add_js_file(script, defer="defer")  # this page only: Sphinx resets per page
    for style in styles:
        app.builder.add_css_file(style)
    if math:  # rich text with $...$ rendered to HTML: no math node tells Sphinx
        context["has_maths_elements"] = True


def _check_outside_hosts(app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
    """Warn (an error under -W) when a page would load anything from an outside host."""
    from .publish import outside_loads

    found = outside_loads(context.get("body", ""))
    for asset in [*context.get("script_files", []), *context.get("css_files", [])]:
        url = str(getattr(asset, "filename", asset))
        if url.startswith(("http://", "https://", "//")):
            found.append(("<script> or <link> from conf.py", url))
    for key in ("favicon_url", "logo_url"):
        url = str(context.get(key) or "")
        if url.startswith(("http://", "https://", "//")):
            found.append((key.replace("_url", ""), url))
    allowed = set(app.config.vconf_embed_hosts)
    for what, url in found:
        host = urlparse(url if "//" in url[:8] else "//" + url).hostname or ""
        if host not in allowed:
            logger.warning(
                f"vconf: {what} loads from outside host {host!r} ({url}): the site must not depend on "
                f"outside hosts; ship the file with the site, or allow the host in vconf_embed_hosts",
                location=pagename, type="vconf", subtype="outside-host",
            )


# Sphinx saves the environment after reading, before writing: a build killed while writing
# leaves pages read (their doctrees current) but never written, and the next build sees
# nothing to read. This ledger in the doctree folder names them until a build finishes.
UNWRITTEN = "vconf-unwritten.json"


def _unwritten(app: Sphinx) -> set[str]:
    try:
        return set(json.loads((Path(app.doctreedir) / UNWRITTEN).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return set()


def _before_read(app: Sphinx, env: Any, docnames: list[str]) -> None:
    from .data import atomic_write

    env.vconf_read_docs = list(docnames)  # build-finished: did an organizer's page change?
    atomic_write(Path(app.doctreedir) / UNWRITTEN, json.dumps(sorted(_unwritten(app) | set(docnames))))


def _env_updated(app: Sphinx, env: Any) -> list[str]:
    """Pages an earlier build read but did not live to write: write them now."""
    return sorted(d for d in _unwritten(app) if d in env.all_docs)


def _build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is None:
        (Path(app.doctreedir) / UNWRITTEN).unlink(missing_ok=True)
    if exception is not None or app.builder.format != "html":
        return
    from . import buildstate, data, publish, search

    outdir = Path(app.outdir)
    # pydata-sphinx-theme's template stub lands among the static files; nobody requests it.
    (outdir / "_static" / "webpack-macros.html").unlink(missing_ok=True)
    vdata = data.get(app.env)
    if vdata is None:
        return
    if vdata.reused:
        # Every published file is as the last build left it (buildstate checked); the search
        # index also holds the organizer's own pages: rewritten when one of them was read.
        if not search.is_current(app) or any(d not in vdata.generated for d in getattr(app.env, "vconf_read_docs", [])):
            search.write(app, vdata)
        return
    try:
        # An edit's rebuild writes the calendars in a worker beside the rest; a build that read
        # many pages does not fork its grown process (that would double its memory) but
        # writes them after the rest.
        beside = app.parallel if not getattr(app.builder, "vconf_many", True) else 1
        with publish.calendars_beside(vdata, outdir, beside) as calendar_files:
            published = publish.publish(vdata, outdir, gallery_first_rows=app.config.vconf_gallery_first_rows,
                                        calendars=False)
            search.write(app, vdata)  # not watched by buildstate: pages the organizer edits change it too
    except OSError as exc:
        raise OutputError(f"writing {exc.filename or outdir} failed: {exc.strerror or exc} "
                          "(is the disk full, or the folder read-only?)") from None
    published += [outdir / rel for rel in calendar_files]
    published += [outdir / t.path for t in vdata.thumbnails.values()]
    buildstate.save(app, vdata.key, vdata, published)


def setup(app: Sphinx) -> ExtensionMetadata:
    from sphinx.util.docutils import SphinxDirective  # noqa: F401 - import check for a clear error

    from . import components, deps, memory, richtext
    from .agenda import write_offline
    from .config import OPTIONS
    from .directives.agenda import MyAgendaDirective, PapersForYouDirective
    from .directives.base import LiteralGeneratedTitles
    from .directives.chat import ChatPortalDirective
    from .directives.gallery import PaperGalleryDirective
    from .directives.lists import SpeakerListDirective, WorkshopListDirective
    from .directives.map import PaperMapDirective
    from .directives.now import NowNextDirective
    from .directives.paper import PaperDirective
    from .directives.schedule import ScheduleDirective
    from .directives.session import SessionDirective
    from .directives.similar import ResolveSimilarQueries, SimilarPapersDirective, similar_query
    from .directives.speaker import SpeakerDirective
    from .directives.sponsors import SponsorDirective, SponsorListDirective
    from .directives.venue import InvitedTalksDirective, PapersOfTheDayDirective
    from .directives.workshop import WorkshopDirective

    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    app.setup_extension("sphinx.ext.mathjax")
    for opt in OPTIONS:
        app.add_config_value(opt.name, opt.default, opt.rebuild, types=frozenset(opt.types))

    app.add_html_theme("vconf", str(THEME_DIR))
    components.setup(app)
    for name, cls in {
        "paper": PaperDirective,
        "session": SessionDirective,
        "workshop": WorkshopDirective,
        "speaker": SpeakerDirective,
        "similar-papers": SimilarPapersDirective,
        "paper-gallery": PaperGalleryDirective,
        "paper-map": PaperMapDirective,
        "schedule": ScheduleDirective,
        "workshop-list": WorkshopListDirective,
        "speaker-list": SpeakerListDirective,
        "chat-portal": ChatPortalDirective,
        "conference-now": NowNextDirective,
        "my-agenda": MyAgendaDirective,
        "papers-for-you": PapersForYouDirective,
        "sponsor-list": SponsorListDirective,
        "sponsor": SponsorDirective,
        "papers-of-the-day": PapersOfTheDayDirective,
        "invited-talks": InvitedTalksDirective,
    }.items():
        app.add_directive(name, cls)
    app.add_node(similar_query)
    plain = (richtext.visit_richtext_plain, richtext.depart_richtext_plain)
    app.add_node(richtext.richtext, html=(richtext.visit_richtext_html, None), text=plain, latex=plain,
                 man=plain, texinfo=plain)
    app.add_transform(LiteralGeneratedTitles)
    app.add_post_transform(ResolveSimilarQueries)
    app.add_js_file("vconf-time.js", defer="defer")
    app.add_js_file("vconf-embed.js", defer="defer")
    app.add_js_file("vconf-match.js", defer="defer")  # search's matching, shared with the gallery and map
    app.add_js_file("vconf-search.js", defer="defer")  # the navbar's search box, on every page
    app.add_css_file("vconf-search.css")
    app.add_css_file("vconf.css")
    app.add_css_file("vconf-venue.css")  # the venue's layout of the components

    app.connect("config-inited", _config_inited)
    deps.setup(app)  # which records each page shows: env-purge-doc, env-merge-info, env-get-outdated
    memory.setup(app)  # what Sphinx would keep, or copy into every worker, without need
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_assets, priority=400)
    app.connect("html-page-context", _page_context)
    app.connect("html-page-context", _chrome, priority=900)
    app.connect("env-before-read-docs", _before_read)
    app.connect("env-updated", _env_updated)
    app.connect("build-finished", _build_finished)
    app.connect("build-finished", write_offline, priority=900)  # after every other file is written
    from .buildstate import code_version

    # A new vconf (its directives, views, components' data) reads every page again: pages
    # otherwise are read again only when the records they show change (deps.py).
    return {"version": __version__, "env_version": code_version(), "parallel_read_safe": True,
            "parallel_write_safe": True}
