"""``vconf chat list`` and ``vconf chat provision``."""

from __future__ import annotations

import argparse
import json
import re
import sys

from ..model import Conference
from .channels import channels
from .config import ChatError, config
from .credentials import load_credentials
from .provision import provision


def add_cli(parser: argparse.ArgumentParser) -> None:
    """``vconf chat list`` and ``vconf chat provision``."""
    sub = parser.add_subparsers(dest="chat_command", metavar="ACTION")
    p = sub.add_parser("list", help="list every channel: key, address, title",
                       description="List the chat channels that the site links to.")
    p.add_argument("data", nargs="?", default="conference/data", help="folder of YAML files")
    p.add_argument("--json", action="store_true", help="print data/channels.json instead")
    p.set_defaults(run=_list_cli)
    p = sub.add_parser(
        "provision", help="create the channels on the chat server (idempotent)",
        description="Create every channel on the chat server, or set its topic; a second run "
        "changes nothing. Credentials: VCONF_CHAT_TOKEN, VCONF_CHAT_USER, VCONF_CHAT_PASSWORD "
        "or --credentials FILE (KEY=VALUE lines, kept outside the project).",
    )
    p.add_argument("data", nargs="?", default="conference/data", help="folder of YAML files")
    p.add_argument("--dry-run", action="store_true", help="query the server, change nothing")
    p.add_argument("--credentials", metavar="FILE", help="KEY=VALUE file outside the project")
    p.add_argument("--site-url", metavar="URL", default="",
                   help="public URL of the site, for the links in topics (default: conference.url)")
    p.set_defaults(run=_provision_cli)
    parser.set_defaults(run=lambda _args: parser.print_help() or 2)


def _load(data: str) -> Conference:
    from ..model import load

    return load(data)  # ConferenceDataError: the report, exit status 1


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def terminal_safe(text: str) -> str:
    """A line for the terminal: conference text cannot move the cursor, clear the screen or
    start a line of its own (CR, LF, ESC sequences and other control characters as spaces)."""
    return _CONTROL.sub(" ", text)


def _list_cli(args: argparse.Namespace) -> int:
    conf = _load(args.data)
    items = channels(conf)
    if args.json:
        print(json.dumps([ch.to_json() for ch in items], indent=1, ensure_ascii=False))
        return 0
    if not items:
        print("no chat channels: conference.chat is empty")
        return 0
    width = max(len(ch.key) for ch in items)
    for ch in items:
        print(terminal_safe(f"{ch.key:<{width}}  {ch.address}  {ch.title}"))
    print(f"chat: {len(items)} channels on {config(conf).provider}")  # type: ignore[union-attr]
    return 0


def _provision_cli(args: argparse.Namespace) -> int:
    conf = _load(args.data)
    try:
        creds = load_credentials(args.credentials, project=args.data)
        summary = provision(conf, creds, site_url=args.site_url, dry_run=args.dry_run,
                            out=lambda line: print(terminal_safe(line), flush=True))
    except ChatError as exc:
        print(f"vconf chat provision: error: {exc}", file=sys.stderr)
        return 1
    return 0 if summary.ok else 1
