"""``vconf import miniconf SITEDATA DEST``: a Mini-Conf site as a new vconf project.

Reads both formats that ran most Mini-Conf conferences:

* the original (ICLR 2020): ``papers.csv`` with ``|``-separated lists, ``speakers.csv``,
  ``workshops.csv``, ``highlighted.csv``, ``config.yml``, ``committee.yml``, ``faq.yml`` and
  the calendar (``main_calendar.json`` or an ``.ics`` export), where sessions live;
* the ACL 2020 flavour: papers in several ``<track>_papers.csv``, live Q&A sessions in
  ``<track>_paper_sessions.yml`` (two per paper), Zoom and SlidesLive CSVs, plenaries,
  tutorials, workshops with their papers and schedules, socials, sponsors, code of conduct.

Mapping decisions (also printed in the report where they apply):

* Times: Mini-Conf data is in UTC (``...Z``, ``+00:00`` or ACL's ``2020-07-06_05:00:00``).
  Every instant is kept exactly and written with its offset, in the conference time zone
  (``--timezone``, else ``timezone`` in ``config.yml``, else UTC).
* Ids: Mini-Conf UIDs (``B1xSperKvH``, ``main.8``) are vconf ids as they are; others are
  made safe and the renames listed.  Workshop papers get ``w<N>.<UID>``.
* Sessions: ACL's Q&A session names (``1A``, ``D3B-2``) become session ids, merged over
  tracks (they are one slot); their end comes from the calendar or the Zoom CSV.  The
  calendar becomes sessions for every event not already a session (ICLR: all of them);
  overview events ("Workshops" spanning a day) are skipped and reported.
* Videos: SlidesLive ids become ``https://slideslive.com/<id>``; Zoom links of socials
  become the session's live link.  Per-paper Zoom rooms have no place in the model (a
  session has one link): they are counted in the report.
* Tutorials become workshop records (organizers, abstract, sessions), listed on a
  ``tutorials`` page; plenaries become sessions (keynotes with a speaker record); socials
  become social sessions with a ``socials`` page; sponsors become sponsor records.
* ``highlighted.csv`` marks papers ``presentation: spotlight``.
* Images from outside hosts (speaker photos, committee photos, logos) are dropped: a vconf
  site loads nothing from outside.  Local ones are copied when found beside ``sitedata/``.
* FAQ answers and the code of conduct are Markdown in Mini-Conf: they stay Markdown, but
  rebuilt from their parsed form (:func:`~sphinxext_vconf.importers.safe_markdown`): raw
  HTML shows as text, no directive or role can come through, links to the old site's
  pages point to the vconf pages that replace them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ... import model
from .. import ImportFailed, build_command, write_project
from .calendar import Calendar
from .output import Output
from .pages import Pages
from .papers import Papers
from .sponsors import Sponsors
from .workshops import Workshops


class MiniConf(Papers, Workshops, Calendar, Sponsors, Pages, Output):
    """The importer: one reader module per family of source files, sharing :class:`~.core.Core`."""


def run(args: Any) -> int:
    """The ``vconf import miniconf`` command."""
    src = Path(args.sitedata)
    if not src.is_dir():
        raise ImportFailed(f"SITEDATA {src} is not a folder (give the Mini-Conf sitedata/ folder)")
    dest = Path(args.dest)
    if dest.resolve() == src.resolve() or dest.resolve().is_relative_to(src.resolve()):
        raise ImportFailed("DEST must not be inside SITEDATA")
    files, report = MiniConf(src, timezone=args.timezone, name=args.name).run()
    write_project(dest, files, force=args.force, tool="vconf import miniconf")
    try:
        conf = model.load(dest / "data", root=dest)
    except model.ConferenceDataError as exc:
        raise ImportFailed(f"the imported data does not validate (a bug in the importer; please report it):\n"
                           f"{exc}") from None
    print(report.summary())
    print(f"{dest}: {len(conf.papers)} papers, {len(conf.sessions)} sessions, {len(conf.workshops)} workshops, "
          f"{len(conf.speakers)} speakers; report: {dest / 'vconf-import-report.txt'}")
    print(build_command(dest))
    return 0
