"""Errors that stop a build, the Sphinx way.

A :class:`VconfError` is a :class:`~sphinx.errors.SphinxError`: ``sphinx-build`` prints its
category and message and exits non-zero, with no traceback, and a program that embeds
Sphinx catches it like any other Sphinx error. Invalid conference data is reported
problem by problem through Sphinx's logger, each with its file and line (so editors and
CI annotate the YAML), before the build stops with :class:`DataError`.

``vconf check`` and the importers keep :class:`model.ConferenceDataError` (a
``SystemExit`` with the report): outside Sphinx there is no logger to carry it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.errors import SphinxError
from sphinx.util import logging

logger = logging.getLogger(__name__)


class VconfError(SphinxError):
    category = "vconf error"


class DataError(VconfError):
    """The conference data is invalid; every problem was logged with its location."""

    category = "vconf: invalid conference data"

    def __init__(self, message: str, problems: list[Any] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class OutputFolderError(VconfError):
    category = "vconf: cannot write the site"


def data_error(problems: Iterable[Any], root: Path | str = ".", what: str = "the conference data") -> DataError:
    """Log each problem (a :class:`model.Problem` or a message) with its location (its file
    made absolute against ``root``, as Sphinx's own locations are), and return the error
    that stops the build (the caller raises it)."""
    problems = list(problems)
    for p in problems:
        file = str(getattr(p, "file", "") or "")
        line = getattr(p, "line", 0)
        where = f"{file}:{line}" if line else file
        message = str(p)
        if where and message.startswith(where + ": "):
            message = message[len(where) + 2:]  # the location is printed once, by Sphinx
        location = None
        if file:
            path = Path(file) if Path(file).is_absolute() else Path(root) / file
            location = f"{path}:{line}" if line else str(path)
        logger.error(f"vconf: {message}", location=location, type="vconf", subtype="data")
    n = len(problems)
    summary = f"{what} has {n} problem{'s' if n != 1 else ''} (each is listed above with its file and line)"
    return DataError(summary, problems)
