"""Importers: bring existing conferences into vconf.

``vconf import miniconf SITEDATA DEST`` turns a Mini-Conf ``sitedata/`` folder (the
original ICLR 2020 format and the ACL 2020 flavour) into a new vconf project;
``vconf import openreview SUBMISSIONS REVIEWS TARGET`` attaches reviews and decisions to
the papers of a project.  This module holds what both share: the import report, YAML
output, writing a project without overwriting anything the user wrote, and the safe
path from untrusted Markdown to MyST.

Nothing is dropped silently: every source field either lands in the model or is listed in
the report (``Report``), and a malformed row is reported with its file and row number
while the rest imports.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = ["Report", "ImportFailed", "dump_yaml", "write_project", "md_text", "safe_markdown", "add_cli"]

MANIFEST = ".vconf-import.json"
MARKER = "vconf:imported"


class ImportFailed(SystemExit):
    """The import cannot go on: a clear message and exit status 1, no traceback."""

    def __init__(self, message: str):
        super().__init__(f"vconf import: {message}")


# --------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------


@dataclass
class Report:
    """What an import did, and everything it did not carry over, with reasons."""

    title: str
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[str, int, str]] = field(default_factory=list)  # (file, row, message)
    unmapped: dict[tuple[str, str], list[Any]] = field(default_factory=dict)  # -> [count, reason]
    renamed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # (file, what) -> [records in, records out, {reason: dropped}]: the closing table
    ledger: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    unread: dict[str, str] = field(default_factory=dict)  # file -> why it was not read

    def problem(self, file: str, row: int, message: str, *, drop: str = "") -> None:
        """A malformed row or value: the row (or value) is skipped, the rest imports.
        ``drop``: the kind of record dropped for it (``papers``), counted in the closing table."""
        self.problems.append((file, row, message))
        if drop:
            # the reason without the values that differ per row: "paper … has no title"
            reason = re.sub(r"'[^']*'|\d+", "…", message.split(";")[0]).strip()
            self.dropped(file, drop, reason)

    def _entry(self, file: str, what: str) -> list[Any]:
        return self.ledger.setdefault((file, what), [0, 0, {}])

    def read(self, file: str, what: str, n: int = 1) -> None:
        """``n`` records of kind ``what`` read from ``file`` (records in)."""
        self._entry(file, what)[0] += n

    def kept(self, file: str, what: str, n: int = 1) -> None:
        """``n`` records of ``file`` carried into the new project (records out)."""
        self._entry(file, what)[1] += n

    def dropped(self, file: str, what: str, reason: str, n: int = 1) -> None:
        """``n`` records of ``file`` not carried over, with why (without a problem line)."""
        drops = self._entry(file, what)[2]
        drops[reason] = drops.get(reason, 0) + n

    def table(self) -> list[str]:
        """Every source file: records in, records out, dropped and why; unaccounted ones flagged."""
        rows = [("file", "records", "in", "out", "dropped")]
        notes: list[str] = []
        for (file, what), (n_in, n_out, drops) in sorted(self.ledger.items()):
            n_drop = sum(drops.values())
            rows.append((file, what, str(n_in), str(n_out), str(n_drop)))
            notes += [f"  {file} {what}: {n} dropped: {why}" for why, n in drops.items()]
            if n_in != n_out + n_drop:
                notes.append(f"  {file} {what}: {n_in - n_out - n_drop} UNACCOUNTED (a bug in the importer)")
        for file, why in sorted(self.unread.items()):
            rows.append((file, "(whole file)", "-", "-", "-"))
            notes.append(f"  {file}: not read: {why}")
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        out = ["  " + "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths,
                                                                                                  strict=True)))
               for r in rows]
        return out + notes

    def unaccounted(self) -> list[str]:
        """(file, what) entries whose records in are not records out plus dropped."""
        return [f"{f} {w}" for (f, w), (a, b, d) in self.ledger.items() if a != b + sum(d.values())]

    def unmapped_field(self, file: str, name: str, reason: str, n: int = 1) -> None:
        """A source field with no place in the model: counted, with why."""
        entry = self.unmapped.setdefault((file, name), [0, reason])
        entry[0] += n

    def rename(self, where: str, what: str, old: str, new: str) -> None:
        self.renamed.append(f"{where}: {what} {old!r} -> {new!r}")

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def text(self) -> str:
        lines = [self.title, "=" * len(self.title), ""]
        if self.counts:
            lines.append("Imported:")
            lines += [f"  {k}: {v}" for k, v in self.counts.items()]
            lines.append("")
        lines.append(f"Problems (row skipped or value left out, the rest imported): {len(self.problems)}")
        for file, row, msg in self.problems:
            lines.append(f"  {file}:{row}: {msg}" if row else f"  {file}: {msg}")
        lines.append("")
        lines.append(f"Source fields not carried into the vconf data: {len(self.unmapped)}")
        for (file, name), (n, reason) in self.unmapped.items():
            lines.append(f"  {file}: {name} ({n} value{'s' if n != 1 else ''}): {reason}")
        lines.append("")
        if self.renamed:
            lines.append(f"Renamed ids (not valid vconf ids, or taken): {len(self.renamed)}")
            lines += [f"  {r}" for r in self.renamed]
            lines.append("")
        if self.notes:
            lines.append("Notes:")
            lines += [f"  - {n}" for n in self.notes]
            lines.append("")
        if self.ledger or self.unread:
            lines.append("Every source file: records in, records out, dropped and why")
            lines += self.table()
            lines.append("")
        return "\n".join(lines)

    def summary(self) -> str:
        counts = ", ".join(f"{v} {k}" for k, v in self.counts.items())
        return (f"{self.title}: {counts}; {len(self.problems)} problem(s), "
                f"{len(self.unmapped)} unmapped field(s)")


def build_command(dest: Path) -> str:
    """How to build an imported project: doctrees beside the output, not inside what is published."""
    return (f"Build the site: sphinx-build -b html -d {dest / '_build' / 'doctrees'} "
            f"{dest} {dest / '_build' / 'html'}")


# --------------------------------------------------------------------------------------
# YAML output
# --------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Readable, deterministic YAML: lists indented under their key, text blocks as ``|``."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # PyYAML falls back to a quoted style by itself when a block cannot hold the text.
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any, header: str = "") -> str:
    """YAML text of ``data`` (dict order kept) under a ``#`` comment header."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
    head = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return head + ("\n" if head else "") + body


# --------------------------------------------------------------------------------------
# Writing a project: never overwrite what the user wrote
# --------------------------------------------------------------------------------------


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def write_project(dest: Path, files: dict[str, str | bytes], *, force: bool, tool: str) -> list[str]:
    """Write ``files`` (relative path -> content) into ``dest``; return the paths written.

    A non-empty ``dest`` is refused unless ``force``.  Even then, a file is replaced only
    when an earlier import wrote it and it is unchanged since (its hash is in the
    manifest, ``.vconf-import.json``); files the user wrote or edited are never touched,
    and the import stops before writing anything if one is in the way.  Files an earlier
    import wrote that this one no longer produces are removed when unchanged.
    """
    dest = Path(dest)
    if dest.exists() and not dest.is_dir():
        raise ImportFailed(f"DEST {dest} exists and is not a folder")
    existing = [p for p in dest.iterdir()] if dest.is_dir() else []
    if existing and not force:
        raise ImportFailed(
            f"DEST {dest} is not empty; choose a new folder, or pass --force to update an earlier "
            "import (files you wrote or edited are never overwritten)"
        )
    manifest_path = dest / MANIFEST
    old: dict[str, str] = {}
    if manifest_path.is_file():
        try:
            old = json.loads(manifest_path.read_text(encoding="utf-8")).get("files", {})
        except (OSError, ValueError, AttributeError):
            old = {}
    blobs = {rel: c.encode("utf-8") if isinstance(c, str) else c for rel, c in files.items()}
    in_the_way = []
    for rel, content in sorted(blobs.items()):
        path = dest / rel
        if not path.exists():
            continue
        current = path.read_bytes() if path.is_file() else None
        if current == content:
            continue
        if current is None or old.get(rel) != _sha(current):
            in_the_way.append(rel)
    if in_the_way:
        raise ImportFailed(
            f"these files in {dest} were written or edited by you, not by an earlier import; "
            "nothing was written (move them away, or import into a new folder):\n  "
            + "\n  ".join(in_the_way)
        )
    written = []
    for rel, content in sorted(blobs.items()):
        path = dest / rel
        if path.is_file() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".vconf-tmp")
        tmp.write_bytes(content)
        os.replace(tmp, path)
        written.append(rel)
    for rel, digest in sorted(old.items()):
        path = dest / rel
        if rel not in blobs and path.is_file() and _sha(path.read_bytes()) == digest:
            path.unlink()  # stale output of an earlier import, unchanged since
    manifest = {"tool": tool, "files": {rel: _sha(c) for rel, c in sorted(blobs.items())}}
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return written


# --------------------------------------------------------------------------------------
# Untrusted text into MyST
# --------------------------------------------------------------------------------------

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
URL_OK = re.compile(r"^(https?://[^\s/$.?#][^\s]*|mailto:[^\s@]+@[^\s@]+)$", re.IGNORECASE)


def md_text(text: str) -> str:
    """Text that MyST shows literally: whitespace collapsed, every ASCII punctuation escaped.

    No role, directive, substitution, HTML or math can survive: each of them needs a
    punctuation mark that is now a literal character.
    """
    return _PUNCT.sub(r"\\\1", " ".join(str(text).split()))


def md_url(url: str) -> str:
    """A link destination: spaces and parentheses percent-encoded (MyST reads it bare)."""
    return urllib.parse.quote(url, safe=":/?#[]@!$&'*+,;=%~-._")


def md_link(text: str, target: str) -> str:
    return f"[{md_text(text) or md_text(target)}]({md_url(target)})"


def _code_span(text: str) -> str:
    text = " ".join(text.split())
    run = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (run + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}" if text else ""


_BR = re.compile(r"^<br\s*/?>$", re.IGNORECASE)


def safe_markdown(
    source: str,
    resolve: Callable[[str], str | None],
    on_drop: Callable[[str], None],
    *,
    heading_level: int | None = None,
) -> str:
    """Untrusted Markdown (Mini-Conf's FAQ answers, code of conduct) as MyST that executes nothing.

    The Markdown is parsed (CommonMark, markdown-it) and written again from its parts, so
    only paragraphs, lists, emphasis, code, line breaks and links come through; all text
    is escaped with :func:`md_text`.  Raw HTML is shown as text, never passed on (``<br>``
    becomes a line break); images are dropped (the site loads nothing from outside);
    a fenced block keeps its text but loses its info string, so ``{raw}`` or ``{include}``
    can never become a directive.  ``resolve(href)`` returns the link target to write (a
    URL or a ``doc.md`` path) or ``None`` to keep only the text; ``on_drop(what)`` hears of
    each thing left out.  Headings become bold paragraphs, or headings of
    ``heading_level`` when given.
    """
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    tree = SyntaxTreeNode(MarkdownIt("commonmark").parse(source or ""))

    def inline(node: SyntaxTreeNode) -> str:
        out = []
        for ch in node.children:
            t = ch.type
            if t == "text":
                out.append(_PUNCT.sub(r"\\\1", re.sub(r"\s+", " ", ch.content)))
            elif t == "softbreak":
                out.append(" ")
            elif t == "hardbreak":
                out.append("\\\n")
            elif t in ("em", "strong"):
                inner = inline(ch).strip()
                mark = "*" if t == "em" else "**"
                out.append(f"{mark}{inner}{mark}" if inner else "")
            elif t == "code_inline":
                out.append(_code_span(ch.content))
            elif t == "link":
                inner = inline(ch).strip()
                href = str(ch.attrs.get("href", ""))
                target = resolve(href)
                if target:
                    out.append(f"[{inner or md_text(href)}]({md_url(target)})")
                else:
                    on_drop(f"link to {href!r} (kept its text)")
                    out.append(inner)
            elif t == "image":
                on_drop(f"image {str(ch.attrs.get('src', ''))!r} (kept its alt text)")
                out.append(inline(ch))
            elif t == "html_inline":
                out.append("\\\n" if _BR.match(ch.content.strip()) else md_text(ch.content))
            else:  # anything else markdown-it may add: its text only
                out.append(inline(ch) if ch.children else md_text(ch.content))
        return "".join(out).strip()

    def indent(block: str, first: str, rest: str) -> str:
        lines = block.split("\n")
        return "\n".join([first + lines[0]] + [(rest + ln) if ln else ln for ln in lines[1:]])

    def blocks(node: SyntaxTreeNode) -> list[str]:
        out: list[str] = []
        for ch in node.children:
            t = ch.type
            if t == "paragraph":
                text = inline(ch.children[0]) if ch.children else ""
                if text:
                    out.append(text)
            elif t == "heading":
                text = inline(ch.children[0]) if ch.children else ""
                if text:
                    out.append(("#" * heading_level + " " + text) if heading_level else f"**{text}**")
            elif t in ("bullet_list", "ordered_list"):
                items = []
                start = int(ch.attrs.get("start", 1) or 1)
                for n, item in enumerate(ch.children):
                    marker = "- " if t == "bullet_list" else f"{start + n}. "
                    body = "\n\n".join(blocks(item)) or md_text(" ")
                    items.append(indent(body, marker, " " * len(marker)))
                tight = all(p.hidden for p in _paragraphs(ch))
                out.append(("\n" if tight else "\n\n").join(items))
            elif t in ("fence", "code_block"):
                content = ch.content.rstrip("\n")
                run = max((len(m) for m in re.findall(r"`{3,}", content)), default=2)
                fence = "`" * (run + 1)
                out.append(f"{fence}\n{content}\n{fence}")  # no info string: never a directive
            elif t == "html_block":
                text = md_text(ch.content)
                if text:
                    out.append(text)
            elif t == "blockquote":
                out.extend(blocks(ch))
            elif t == "hr":
                continue
            elif ch.children:
                out.extend(blocks(ch))
        return out

    return "\n\n".join(blocks(tree))


def _paragraphs(node: Any) -> list[Any]:
    found = []
    for ch in node.children:
        if ch.type == "list_item":
            found += [p for p in ch.children if p.type == "paragraph"]
    return found


# --------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------


def add_cli(parser: Any) -> None:
    """``vconf import miniconf|openreview``."""
    sub = parser.add_subparsers(dest="source", metavar="SOURCE")
    mc = sub.add_parser(
        "miniconf", help="convert a Mini-Conf sitedata/ folder into a new vconf project",
        description="Convert a Mini-Conf sitedata/ folder (ICLR 2020 or ACL 2020 flavour) into a "
        "new vconf project at DEST: conf.py, data/*.yml and pages for the FAQ, committee and more. "
        "What could not be carried over is listed in DEST/vconf-import-report.txt.",
    )
    mc.add_argument("sitedata", help="the Mini-Conf sitedata/ folder")
    mc.add_argument("dest", help="the new project folder (must be empty unless --force)")
    mc.add_argument("--force", action="store_true",
                    help="update an earlier import in DEST (files you wrote or edited are never overwritten)")
    mc.add_argument("--timezone", default="",
                    help="IANA time zone of the conference (default: config.yml's timezone, else UTC); "
                    "times are converted exactly")
    mc.add_argument("--name", default="", help="conference name (default: config.yml's name)")
    mc.set_defaults(run=_run_miniconf)

    orv = sub.add_parser(
        "openreview", help="attach OpenReview reviews, ratings and decisions to papers",
        description="Attach reviews (text, rating, confidence, scores, kinds) and decisions from an OpenReview "
        "export (two CSV files, or one JSON file of API v2 notes with their replies) to the papers of a vconf "
        "project, matched by paper id (the OpenReview forum id). "
        "Papers files are edited in place, comments and layout kept, with a .bak copy of each.",
    )
    orv.add_argument("submissions", help="CSV of submissions (id/forum, decision, title, abstract, keywords), "
                     "or the JSON of openreview-py's API v2 notes with details='replies' (reviews inside)")
    orv.add_argument("paths", nargs="+", metavar="[REVIEWS] TARGET",
                     help="the CSV of reviews (id/forum, title, review, rating, confidence; not with JSON), "
                     "then a vconf project folder (with conf.py) or its data folder")
    orv.add_argument("--create", action="store_true",
                     help="create papers for submissions the project does not have yet (in a new file)")
    orv.add_argument("--accepted-only", action="store_true",
                     help="with --create: only submissions whose decision is not reject")
    orv.add_argument("--overwrite-decisions", action="store_true",
                     help="replace a paper's existing, different decision (default: keep it, report it)")
    orv.set_defaults(run=_run_openreview)


def _run_miniconf(args: Any) -> int:
    from .miniconf import run

    return run(args)


def _run_openreview(args: Any) -> int:
    from .openreview import run

    if len(args.paths) > 2:
        raise ImportFailed("give SUBMISSIONS [REVIEWS] TARGET")
    args.reviews, args.target = (args.paths[0], args.paths[1]) if len(args.paths) == 2 else (None, args.paths[0])

    return run(args)
