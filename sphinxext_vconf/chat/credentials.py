"""Credentials for provisioning: from the environment or a file outside the project, never
from the YAML and never into the site."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .config import ChatError


@dataclass(frozen=True)
class Credentials:
    token: str = ""
    user: str = ""
    password: str = ""

    def __repr__(self) -> str:  # never print a secret by accident
        return f"Credentials(token={'***' if self.token else ''!r}, user={self.user!r}, password={'***' if self.password else ''!r})"


ENV_KEYS = {"VCONF_CHAT_TOKEN": "token", "VCONF_CHAT_USER": "user", "VCONF_CHAT_PASSWORD": "password"}


def _project_root(start: Path) -> Path:
    start = start.resolve()
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in (".git", "pyproject.toml", "conf.py")):
            return folder
    return start.parent if start.is_file() else start


def load_credentials(
    file: str | Path | None = None,
    *,
    project: str | Path = ".",
    env: dict[str, str] | None = None,
    warn: Callable[[str], None] = lambda msg: print(_terminal_safe(msg), file=sys.stderr),
) -> Credentials:
    """Credentials from ``file`` (``KEY=VALUE`` lines), else from the environment.

    A file inside the project (where it might be committed or published) is refused.
    """
    env = os.environ if env is None else env
    values = {v: env.get(k, "") for k, v in ENV_KEYS.items()}
    if file is not None:
        path = Path(file).expanduser()
        root = _project_root(Path(project))
        if path.resolve().is_relative_to(root):
            raise ChatError(
                f"{path}: credentials file inside the project ({root}); keep it outside, "
                "e.g. ~/.config/vconf/chat.env, so that it is never committed or published"
            )
        try:
            text = path.read_text(encoding="utf-8")
            mode = path.stat().st_mode
        except OSError as exc:
            raise ChatError(f"{path}: cannot read the credentials file ({exc.strerror})") from None
        if os.name == "posix" and mode & 0o077:
            warn(f"vconf chat: warning: {path} is readable by others; chmod 600 it")
        for n, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.removeprefix("export ").partition("=")
            key = key.strip()
            field_name = ENV_KEYS.get(key) or (key if key in ENV_KEYS.values() else None)
            if not sep or field_name is None:
                raise ChatError(
                    f"{path}:{n}: expected KEY=VALUE with KEY one of {', '.join(ENV_KEYS)}"
                    f" (got {key!r})"
                )
            values[field_name] = value.strip().strip("'\"")
    return Credentials(**values)


def _terminal_safe(text: str) -> str:
    from .cli import terminal_safe  # the command line's helper; cli imports this module

    return terminal_safe(text)
