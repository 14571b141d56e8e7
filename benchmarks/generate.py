"""A synthetic conference of any size, for the scale benchmark and tests.

:func:`generate` writes a vconf project (``conf.py``, ``index.md``, ``data/*.yml``) shaped
like a large machine-learning conference: papers split over one YAML file per track,
2-8 authors with affiliations, keywords, code links for about a third, orals, spotlights
and posters, five days of poster sessions (about 100 papers each), oral sessions,
invited talks with their speakers, breaks and socials, then two days of workshops with
their own schedules. :func:`generate_baseline` writes the same papers as a plain
Sphinx + MyST project (one page per paper: the same title, authors, abstract, keywords).

Abstracts are real when ``shared`` (``../shared/data``) is present: the ICLR 2020 and
ACL 2020 Mini-Conf papers (about 1,600), cycled with a light deterministic variation
(a title prefix, the sentences rotated) to reach any size; otherwise synthetic text of a
realistic length (150-250 words). The same arguments always give the same bytes.

    .venv/bin/python benchmarks/generate.py DEST --papers 5000 [--seed 0] [--baseline DEST2]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sphinxext_vconf.pages import escape_markdown  # the baseline's pages show text as vconf's do

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"

NAME = "SynthConf 2026"
TIMEZONE = "America/Vancouver"
FIRST_DAY = dt.date(2026, 12, 7)  # a Monday: five main days, then two workshop days
MAIN_DAYS = 5
WORKSHOP_DAYS = 2
N_WORKSHOPS = 20
N_SPEAKERS = 10
POSTERS_PER_SESSION = 100
ORALS_PER_SESSION = 8

TRACKS = [
    "Deep Learning", "Reinforcement Learning", "Optimization", "Learning Theory",
    "Probabilistic Methods", "Computer Vision", "Natural Language Processing",
    "Graphs and Geometry", "Fairness, Privacy and Safety", "Applications",
]
AFFILIATIONS = [
    "University of Toronto", "MIT", "Stanford University", "ETH Zurich", "University of Oxford",
    "Tsinghua University", "Peking University", "Mila", "University of Cambridge", "EPFL",
    "Carnegie Mellon University", "UC Berkeley", "University of Tokyo", "KAIST", "Max Planck Institute",
    "University of Amsterdam", "Inria", "University of Edinburgh", "National University of Singapore",
    "University of Washington", "Technion", "Seoul National University", "McGill University",
    "University of Melbourne", "IIT Bombay", "Universidad de Buenos Aires", "University of Cape Town",
    "Shanghai Jiao Tong University", "TU Munich", "Princeton University", "Cornell University",
    "University of Illinois", "New York University", "Columbia University", "Imperial College London",
    "Sorbonne Université", "Zhejiang University", "Fudan University", "University of Helsinki",
    "KTH Royal Institute of Technology",
]
FIRST = ["Ada", "Alan", "Grace", "Kurt", "Emmy", "John", "Mary", "Wei", "Li", "Priya", "Rahul", "Sofia",
         "Lucas", "Amara", "Kenji", "Yuki", "Fatima", "Omar", "Elena", "Ivan", "Chen", "Maria", "Jose",
         "Anna", "Noah", "Leila", "Tariq", "Ines", "Mateo", "Hana"]
LAST = ["Lovelace", "Turing", "Hopper", "Noether", "Gödel", "Neumann", "Shelley", "Zhang", "Wang", "Patel",
        "Sharma", "Rossi", "Silva", "Okafor", "Tanaka", "Sato", "Haddad", "Khan", "Petrova", "Ivanov",
        "Liu", "García", "Martínez", "Müller", "Smith", "Nguyen", "Kim", "Dubois", "Costa", "Berg"]
TITLE_PREFIXES = ["Revisiting", "Towards", "Rethinking", "Scaling", "Understanding", "Improving",
                  "Simplifying", "Accelerating", "Generalizing", "Certifying"]
WORDS = (
    "model learning network training data neural deep representation method task performance "
    "approach problem algorithm optimization gradient loss policy reward agent graph attention "
    "transformer language vision image generative adversarial sample distribution inference "
    "bayesian variational latent embedding robust adversarial privacy fairness convergence bound "
    "theory empirical benchmark dataset accuracy efficient scalable sparse kernel stochastic "
    "convex regularization generalization transfer meta few-shot self-supervised contrastive "
    "reinforcement exploration planning causal uncertainty calibration compression pruning "
    "quantization federated distributed hardware memory parameter architecture search"
).split()
WORKSHOP_TOPICS = [
    "Machine Learning for Health", "Climate Change AI", "Safe and Robust Control", "Efficient Deep Learning",
    "Causal Representation Learning", "Graph Learning Frontiers", "Optimal Transport", "Federated Learning",
    "Machine Learning and the Physical Sciences", "Interpretable AI", "Meta-Learning", "Bayesian Deep Learning",
    "Self-Supervised Learning", "Learning for Code", "Data-Centric AI", "Fair and Private ML",
    "Robot Learning", "Audio and Speech", "Mathematical Reasoning", "Distribution Shifts",
]


@dataclass
class Summary:
    """What was written: counts, and which YAML file holds each paper (for edits)."""

    papers: int = 0
    sessions: int = 0
    workshops: int = 0
    speakers: int = 0
    real_abstracts: int = 0  # distinct real records drawn from ``shared`` (0: synthetic text)
    files: dict[str, str] = field(default_factory=dict)  # paper id -> data file (relative)


# --------------------------------------------------------------------------------------
# Source texts
# --------------------------------------------------------------------------------------


def _split(value: str) -> list[str]:
    return [x.strip() for x in (value or "").split("|") if x.strip()]


def real_records(shared: Path | None) -> list[dict[str, Any]]:
    """Title, authors, abstract, keywords of the real Mini-Conf papers (sorted by id)."""
    if shared is None or not shared.is_dir():
        return []
    files = [shared / "iclr2020-miniconf" / "papers.csv"]
    files += sorted((shared / "acl2020-miniconf" / "sitedata").glob("*_papers.csv"))
    out = []
    for path in files:
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                abstract = " ".join((row.get("abstract") or "").split())
                if len(abstract.split()) < 40 or not row.get("title"):
                    continue  # workshop listings have no abstract
                out.append({
                    "uid": f"{path.stem}:{row.get('UID', '')}",
                    "title": " ".join(row["title"].split()),
                    "authors": _split(row.get("authors", "")),
                    "abstract": abstract,
                    "keywords": _split(row.get("keywords", "")),
                })
    out.sort(key=lambda r: r["uid"])
    return out


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def synthetic_record(rng: random.Random) -> dict[str, Any]:
    target = rng.randint(150, 250)
    sentences: list[str] = []
    count = 0
    while count < target:
        n = min(rng.randint(12, 28), target - count) or 1
        sentences.append(_sentence(rng, n))
        count += n
    return {
        "title": _sentence(rng, rng.randint(6, 12))[:-1],
        "authors": [],
        "abstract": " ".join(sentences),
        "keywords": rng.sample(WORDS, rng.randint(2, 5)),
    }


def _vary(record: dict[str, Any], cycle: int) -> tuple[str, str]:
    """Title and abstract of the ``cycle``-th reuse of a real record: same words, new order."""
    title, abstract = record["title"], record["abstract"]
    if cycle == 0:
        return title, abstract
    prefix = TITLE_PREFIXES[(cycle - 1) % len(TITLE_PREFIXES)]
    sentences = re.split(r"(?<=[.!?])\s+", abstract)
    k = cycle % len(sentences)
    return f"{prefix} {title}", " ".join(sentences[k:] + sentences[:k])


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


# --------------------------------------------------------------------------------------
# The conference
# --------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _at(day: int, hhmm: str) -> str:
    return f"{(FIRST_DAY + dt.timedelta(days=day)).isoformat()} {hhmm}"


def make_conference(n_papers: int, seed: int = 0, shared: Path | None = SHARED) -> dict[str, Any]:
    """The conference as YAML-ready data: {"conference", "speakers", "sessions", "workshops",
    "papers": {track: [records]}}, plus "_real" (distinct real records used)."""
    rng = random.Random(f"vconf-bench-{seed}")
    pool = real_records(shared)
    rng.shuffle(pool)
    author_pool = sorted({a for r in pool for a in r["authors"]}) or [
        f"{f} {last}" for f in FIRST for last in LAST]
    width = max(4, len(str(n_papers)))

    papers: list[dict[str, Any]] = []
    for i in range(n_papers):
        prng = random.Random(f"{seed}-paper-{i}")
        if pool:
            record = pool[i % len(pool)]
            title, abstract = _vary(record, i // len(pool))
        else:
            record = synthetic_record(prng)
            title, abstract = record["title"], record["abstract"]
        names = list(dict.fromkeys(record["authors"]))[:8]
        target = max(2, len(names)) if names else prng.randint(2, 8)
        while len(names) < target:
            name = prng.choice(author_pool)
            if name not in names:
                names.append(name)
        authors = [{"name": a, "affiliation": prng.choice(AFFILIATIONS)} for a in names]
        track = TRACKS[prng.randrange(len(TRACKS))]
        keywords = list(dict.fromkeys(record["keywords"]))[:5]
        if len(keywords) < 2:
            keywords += [w for w in prng.sample(WORDS, 3) if w not in keywords][: 3 - len(keywords)]
        roll = prng.random()
        presentation = "oral" if roll < 0.015 else "spotlight" if roll < 0.045 else "poster"
        pid = f"p{i + 1:0{width}d}"
        paper: dict[str, Any] = {
            "id": pid, "title": title, "authors": authors, "abstract": abstract, "keywords": keywords,
            "track": track, "presentation": presentation,
            "pdf": f"https://papers.example.org/{pid}.pdf",
        }
        if prng.random() < 1 / 3:
            paper["code"] = f"https://github.com/example-lab/{pid}"
        if presentation != "poster":
            paper["video"] = f"https://www.youtube.com/watch?v=vc{pid}"
        papers.append(paper)

    speakers, sessions = [], []
    for k in range(N_SPEAKERS):
        srng = random.Random(f"{seed}-speaker-{k}")
        sid = f"speaker-{k + 1}"
        name = _person(srng)
        topic = " ".join(srng.sample(WORDS, 3))
        speakers.append({
            "id": sid, "name": name, "affiliation": srng.choice(AFFILIATIONS),
            "bio": f"{name} works on {topic}. " + " ".join(_sentence(srng, 18) for _ in range(4)),
            "talk_title": f"Invited talk: {topic.capitalize()}",
            "talk_abstract": " ".join(_sentence(srng, 20) for _ in range(6)),
            "website": f"https://people.example.org/{sid}",
        })
        day, slot = divmod(k, 2)
        start, end = ("08:30", "09:20") if slot == 0 else ("17:45", "18:35")
        sessions.append({
            "id": f"invited-{k + 1}", "title": f"Invited talk: {name}", "kind": "invited",
            "start": _at(day % MAIN_DAYS, start), "end": _at(day % MAIN_DAYS, end), "room": "Great Hall",
            "speaker": sid, "video": f"https://www.youtube.com/watch?v=invited{k + 1:04d}",
        })

    # Orals and spotlights: sessions of 8 by track, over two slots a day.
    slots = [(d, s) for d in range(MAIN_DAYS) for s in (("09:30", "10:30"), ("14:00", "15:00"))]
    talks = sorted((p for p in papers if p["presentation"] != "poster"), key=lambda p: (p["track"], p["id"]))
    n_orals = math.ceil(len(talks) / ORALS_PER_SESSION)
    for k in range(n_orals):
        chunk = talks[k * ORALS_PER_SESSION:(k + 1) * ORALS_PER_SESSION]
        day, (start, end) = slots[k % len(slots)]
        sessions.append({
            "id": f"oral-{k + 1}", "title": f"Orals: {chunk[0]['track']} ({k + 1})", "kind": "oral",
            "start": _at(day, start), "end": _at(day, end), "room": f"Room {k // len(slots) + 1}",
            "chair": _person(random.Random(f"{seed}-chair-{k}")), "papers": [p["id"] for p in chunk],
        })

    # Posters: every paper in one session of ~100, two slots a day, several halls at once.
    order = [p["id"] for p in papers]
    random.Random(f"{seed}-posters").shuffle(order)
    n_posters = max(1, math.ceil(n_papers / POSTERS_PER_SESSION)) if n_papers else 0
    slots = [(d, s) for d in range(MAIN_DAYS) for s in (("11:00", "13:00"), ("15:30", "17:30"))]
    for k in range(n_posters):
        day, (start, end) = slots[k % len(slots)]
        ids = sorted(order[k::n_posters])
        sessions.append({
            "id": f"poster-{k + 1}", "title": f"Poster session {k + 1}", "kind": "poster",
            "start": _at(day, start), "end": _at(day, end), "room": f"Hall {chr(65 + k // len(slots) % 26)}",
            "papers": ids,
        })
    for day in range(MAIN_DAYS):
        sessions.append({"id": f"lunch-{day + 1}", "title": "Lunch break", "kind": "break",
                         "start": _at(day, "13:00"), "end": _at(day, "14:00")})
        sessions.append({"id": f"social-{day + 1}", "title": f"Social: {TRACKS[day * 2]} meetup",
                         "kind": "social", "start": _at(day, "19:00"), "end": _at(day, "21:00"),
                         "room": "Terrace", "description": "Meet people working on the same problems."})

    workshops = []
    for k in range(N_WORKSHOPS):
        wrng = random.Random(f"{seed}-workshop-{k}")
        wid = f"w{k + 1}"
        day = MAIN_DAYS + k % WORKSHOP_DAYS
        topic = WORKSHOP_TOPICS[k % len(WORKSHOP_TOPICS)]
        schedule = []
        minutes = 8 * 60
        for j, (kind, length) in enumerate([("other", 15), ("invited", 45), ("oral", 60), ("break", 30),
                                            ("invited", 45), ("poster", 90), ("break", 60), ("oral", 60),
                                            ("invited", 45), ("other", 30)]):
            start = f"{minutes // 60:02d}:{minutes % 60:02d}"
            minutes += length
            end = f"{minutes // 60:02d}:{minutes % 60:02d}"
            title = {"other": "Opening remarks" if j == 0 else "Panel discussion", "break": "Break",
                     "poster": "Poster session", "oral": "Contributed talks"}.get(kind, f"Keynote: {_person(wrng)}")
            item = {"title": title, "start": _at(day, start), "end": _at(day, end), "kind": kind}
            if kind == "invited":
                item["speaker"] = title.removeprefix("Keynote: ")
            schedule.append(item)
        workshops.append({
            "id": wid, "title": f"Workshop on {topic}", "organizers": [_person(wrng) for _ in range(wrng.randint(3, 6))],
            "abstract": " ".join(_sentence(wrng, 22) for _ in range(5)),
            "website": f"https://{_slug(topic)}.example.org/", "schedule": schedule,
            "papers": sorted(wrng.sample([p["id"] for p in papers], min(len(papers), wrng.randint(5, 12)))),
        })
        sessions.append({"id": f"{wid}-live", "title": f"Workshop on {topic} (live)", "kind": "workshop",
                         "workshop": wid, "start": _at(day, "08:00"), "end": _at(day, _hhmm(minutes)),
                         "room": f"Workshop room {k // WORKSHOP_DAYS + 1}"})

    by_track: dict[str, list[dict[str, Any]]] = {t: [] for t in TRACKS}
    for p in papers:
        by_track[p["track"]].append(p)
    return {
        "conference": {
            "name": NAME, "tagline": "A synthetic conference for the scale benchmark", "timezone": TIMEZONE,
            "start_date": FIRST_DAY.isoformat(),
            "end_date": (FIRST_DAY + dt.timedelta(days=MAIN_DAYS + WORKSHOP_DAYS - 1)).isoformat(),
            "url": "https://example.github.io/synthconf2026/",
            "chat": {"provider": "matrix", "server": "https://matrix.example.org"},
        },
        "speakers": speakers, "sessions": sessions, "workshops": workshops,
        "papers": {t: ps for t, ps in by_track.items() if ps},
        "_real": min(len(pool), n_papers),
    }


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


CONF_PY = '''\
project = {name!r}
author = "The benchmark"
copyright = "2026, the benchmark"
extensions = ["sphinxext_vconf"]
html_theme = "vconf"
html_title = {name!r}
html_show_sourcelink = False
exclude_patterns = ["_build", "data"]
vconf_embedding_model = {model!r}
'''


def generate(dest: Path, n_papers: int, seed: int = 0, shared: Path | None = SHARED, *,
             model: str = "default") -> Summary:
    """Write a vconf project of ``n_papers`` papers into ``dest`` (created; data/ replaced)."""
    dest = Path(dest)
    conf = make_conference(n_papers, seed, shared)
    data = dest / "data"
    if data.is_dir():
        for old in sorted(data.rglob("*.yml")):
            old.unlink()
    summary = Summary(papers=n_papers, sessions=len(conf["sessions"]), workshops=len(conf["workshops"]),
                      speakers=len(conf["speakers"]), real_abstracts=conf["_real"])
    _write(data / "conference.yml", dump_yaml({"conference": conf["conference"], "speakers": conf["speakers"]}))
    _write(data / "sessions.yml", dump_yaml({"sessions": conf["sessions"]}))
    _write(data / "workshops.yml", dump_yaml({"workshops": conf["workshops"]}))
    for track, papers in conf["papers"].items():
        rel = f"data/papers/{_slug(track)}.yml"
        _write(dest / rel, dump_yaml({"papers": papers}))
        summary.files.update({p["id"]: rel for p in papers})
    _write(dest / "conf.py", CONF_PY.format(name=NAME, model=model))
    return summary


BASELINE_CONF_PY = '''\
project = {name!r}
author = "The benchmark"
copyright = "2026, the benchmark"
extensions = ["myst_parser"]
html_theme = "pydata_sphinx_theme"
html_title = {name!r}
exclude_patterns = ["_build"]
'''


def baseline_page(paper: dict[str, Any]) -> str:
    authors = ", ".join(f"{a['name']} ({a['affiliation']})" for a in paper["authors"])
    md = escape_markdown
    return (f"# {md(paper['title'])}\n\n{md(authors)}\n\n## Abstract\n\n{md(paper['abstract'])}\n\n"
            f"Keywords: {md(', '.join(paper['keywords']))}\n")


def generate_baseline(dest: Path, n_papers: int, seed: int = 0, shared: Path | None = SHARED, *,
                      sidebar: bool = True) -> Summary:
    """The same papers as a plain Sphinx + MyST + pydata-sphinx-theme project.

    One page per paper under ``papers/`` (title, authors, abstract, keywords: the same words
    as the vconf pages), listed by a glob toctree in ``papers/index.md``, as documentation
    sites are. ``sidebar=False`` removes pydata's left sidebar (``html_sidebars``), which
    otherwise holds every paper of the section on every page.
    """
    dest = Path(dest)
    conf = make_conference(n_papers, seed, shared)
    papers = [p for ps in conf["papers"].values() for p in ps]
    papers.sort(key=lambda p: p["id"])
    for p in papers:
        _write(dest / "papers" / f"{p['id']}.md", baseline_page(p))
    _write(dest / "papers" / "index.md", "# Papers\n\n```{toctree}\n:glob:\n:maxdepth: 1\n\n*\n```\n")
    _write(dest / "index.md", f"# {NAME}\n\n```{{toctree}}\n:maxdepth: 1\n\npapers/index\n```\n")
    conf_py = BASELINE_CONF_PY.format(name=NAME)
    if not sidebar:
        conf_py += 'html_sidebars = {"**": []}\n'
    _write(dest / "conf.py", conf_py)
    return Summary(papers=len(papers), files={p["id"]: f"papers/{p['id']}.md" for p in papers},
                   real_abstracts=conf["_real"])


def edit_paper(dest: Path, summary: Summary, paper_id: str, extra: str, *, field: str = "abstract") -> None:
    """Append ``extra`` to one paper's abstract (or title) in the vconf project: only its record changes."""
    path = Path(dest) / summary.files[paper_id]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader
    for p in data["papers"]:
        if p["id"] == paper_id:
            p[field] = f"{p[field]} {extra}"
    _write(path, dump_yaml(data))


def edit_baseline_paper(dest: Path, paper_id: str, extra: str, *, field: str = "abstract") -> None:
    """The same edit in the baseline: the abstract paragraph (or the title) gets the same words."""
    path = Path(dest) / "papers" / f"{paper_id}.md"
    text = path.read_text(encoding="utf-8")
    if field == "title":
        title, sep, rest = text.partition("\n\n")
        _write(path, f"{title} {escape_markdown(extra)}{sep}{rest}")
        return
    head, sep, tail = text.partition("\n\nKeywords: ")
    _write(path, f"{head} {escape_markdown(extra)}{sep}{tail}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dest", type=Path)
    ap.add_argument("--papers", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-shared", action="store_true", help="synthetic abstracts even when ../shared/data exists")
    ap.add_argument("--baseline", type=Path, help="also write the plain Sphinx + MyST baseline project here")
    args = ap.parse_args(argv)
    shared = None if args.no_shared else SHARED
    s = generate(args.dest, args.papers, args.seed, shared)
    print(f"{args.dest}: {s.papers} papers ({s.real_abstracts} real abstracts), {s.sessions} sessions, "
          f"{s.workshops} workshops, {s.speakers} speakers")
    if args.baseline:
        generate_baseline(args.baseline, args.papers, args.seed, shared)
        print(f"{args.baseline}: the baseline, {args.papers} paper pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
