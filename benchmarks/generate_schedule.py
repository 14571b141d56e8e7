"""A dense programme of any size, for the schedule's tests and benchmark.

:func:`generate` writes a vconf project (``conf.py``, ``index.md``, ``data/*.yml``) whose
programme looks like a large hybrid conference over five days in Europe/Berlin: a
"registration opens" marker (zero length), a keynote, oral sessions in six rooms, Q&A
sessions of up to 30 in parallel with no room (online, grouped by their papers' track),
including night slots for Asia and the Americas, lunch and coffee breaks, workshops, socials
(one past midnight) and sponsor sessions: every session kind. Papers are few (each in several
Q&As): the schedule is what is measured. The same arguments always give the same bytes.

    python benchmarks/generate_schedule.py DEST --sessions 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

import yaml

TIMEZONE = "Europe/Berlin"
FIRST_DAY = dt.date(2026, 11, 16)  # a Monday
DAYS = 5
ROOMS = [f"Room {i}" for i in range(1, 7)]
TRACKS = ["Machine Learning", "Dialogue", "Generation", "Information Extraction", "Interpretability",
          "Multilinguality", "Question Answering", "Resources", "Semantics", "Speech", "Summarization",
          "Syntax", "Theory", "Vision and Language"]
WORDS = ("graph attention sparse robust vision language transformer diffusion causal kernel bayesian "
         "policy memory federated privacy fairness contrastive retrieval generation compression pruning "
         "spectral manifold embedding segmentation tracking control dialogue parsing").split()
NAMES = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Élodie Durand", "Søren Berg", "Zhang Wei",
         "Priya Raman", "Kwame Mensah", "Mária Novák", "José García", "Yuki Tanaka", "Amara Okafor"]
# Q&A slots (Berlin wall clock): the main day, then night slots for Asia and the Americas.
QA_SLOTS = [("11:30", "12:30"), ("18:00", "19:00"), ("03:00", "04:00"), ("15:00", "16:00"), ("21:00", "22:00"),
            ("05:00", "06:00"), ("19:00", "20:00"), ("23:00", "23:45")]
MAX_PARALLEL = 30


def _title(rnd: random.Random) -> str:
    return " ".join(rnd.sample(WORDS, rnd.randint(3, 7))).capitalize()


def programme(n_sessions: int, seed: int = 0) -> dict:
    """The YAML documents: {"conference": …, "papers": […], "sessions": […], …}."""
    rnd = random.Random(seed)
    per_day = max(n_sessions // DAYS, 20)
    n_papers = max(40, per_day)
    papers = [{"id": f"p{i:04d}", "title": _title(rnd), "track": TRACKS[i % len(TRACKS)],
               "authors": [{"name": rnd.choice(NAMES)} for _ in range(rnd.randint(1, 4))],
               "abstract": " ".join(rnd.choices(WORDS, k=60)).capitalize() + ".",
               "presentation": "oral" if i % 5 == 0 else "poster"} for i in range(n_papers)]
    by_track = {t: [p["id"] for p in papers if p["track"] == t] for t in TRACKS}
    speakers = [{"id": f"k{d}", "name": NAMES[d % len(NAMES)], "affiliation": "University"} for d in range(DAYS)]
    workshops = [{"id": f"w{d}{j}", "title": f"Workshop on {_title(rnd).lower()}"} for d in range(DAYS) for j in range(2)]
    sessions: list[dict] = []

    def add(sid: str, title: str, kind: str, day: dt.date, start: str, end: str, **extra: object) -> None:
        a = dt.datetime.combine(day, dt.time.fromisoformat(start))
        b = dt.datetime.combine(day, dt.time.fromisoformat(end))
        if b < a:
            b += dt.timedelta(days=1)
        sessions.append({"id": sid, "title": title, "kind": kind, "start": a.strftime("%Y-%m-%d %H:%M"),
                         "end": b.strftime("%Y-%m-%d %H:%M"), **extra})

    for d in range(DAYS):
        day = FIRST_DAY + dt.timedelta(days=d)
        start_count = len(sessions)
        add(f"d{d}-reg", "Registration opens", "other", day, "07:45", "07:45", room="Foyer")
        add(f"d{d}-key", f"Keynote {d + 1}: {_title(rnd)}", "invited", day, "09:00", "10:00", room="Main hall",
            speaker=f"k{d}")
        add(f"d{d}-coffee", "Coffee break", "break", day, "10:00", "10:15")
        add(f"d{d}-lunch", "Lunch", "break", day, "12:30", "13:30")
        for j, w in enumerate(workshops[2 * d:2 * d + 2]):
            add(f"d{d}-ws{j}", w["title"], "workshop", day, "08:00", "17:00", room=f"Workshop room {j + 1}",
                workshop=w["id"])
        add(f"d{d}-social", "Conference party", "social", day, "22:30", "00:30", room="Garden")
        add(f"d{d}-sponsor", f"Sponsor session {d + 1}", "other", day, "17:30", "18:00", room="Main hall")
        for slot, (a, b) in enumerate([("10:15", "11:30"), ("13:30", "15:00"), ("16:00", "17:30")]):
            for r, room in enumerate(ROOMS):
                track = TRACKS[(d * 7 + slot * 3 + r) % len(TRACKS)]
                add(f"d{d}-o{slot}{r}", f"Orals {d + 1}{'ABC'[slot]}{r + 1}: {track}", "oral", day, a, b, room=room,
                    papers=by_track[track][:4], chair=rnd.choice(NAMES))
        # Q&A sessions fill the rest of the day, at most MAX_PARALLEL at a time
        left = per_day - (len(sessions) - start_count)
        for slot, (a, b) in enumerate(QA_SLOTS):
            n = max(0, min(MAX_PARALLEL, left))
            for q in range(n):
                track = TRACKS[q % len(TRACKS)]
                pool = by_track[track]
                add(f"d{d}-qa{slot}-{q:02d}", f"Q&A {d + 1}{'ABCDEFGH'[slot]}-{q + 1}: {track}", "poster", day, a, b,
                    papers=[pool[(q + slot + d) % len(pool)], pool[(q + slot + d + 1) % len(pool)]])
            left -= n
            if left <= 0:
                break
    return {
        "conference": {"name": "Dense Conf 2026", "timezone": TIMEZONE, "start_date": FIRST_DAY.isoformat(),
                       "end_date": (FIRST_DAY + dt.timedelta(days=DAYS - 1)).isoformat(),
                       "url": "https://dense.example.org/2026/"},
        "papers": papers, "speakers": speakers, "workshops": workshops, "sessions": sessions,
    }


CONF_PY = '''project = "Dense Conf 2026"
extensions = ["sphinxext_vconf"]
html_theme = "vconf"
html_title = "Dense Conf 2026"
html_theme_options = {"footer_end": []}
html_show_sourcelink = False
html_copy_source = False
exclude_patterns = ["_build", "data"]
vconf_data_dir = "data"
vconf_embedding_model = "tfidf"
vconf_map = False
vconf_thumbnails = False
'''


def generate(dest: Path, sessions: int = 600, seed: int = 0) -> dict:
    """Write the project into ``dest``; return the programme written."""
    prog = programme(sessions, seed)
    data = dest / "data"
    data.mkdir(parents=True, exist_ok=True)
    for key, value in prog.items():
        (data / f"{key}.yml").write_text(yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False),
                                         encoding="utf-8")
    (dest / "conf.py").write_text(CONF_PY, encoding="utf-8")
    (dest / "index.md").write_text("# Dense Conf 2026\n", encoding="utf-8")
    return prog


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dest", type=Path)
    ap.add_argument("--sessions", type=int, default=600)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    prog = generate(args.dest, args.sessions, args.seed)
    print(f"{len(prog['sessions'])} sessions, {len(prog['papers'])} papers -> {args.dest}")


if __name__ == "__main__":
    main()
