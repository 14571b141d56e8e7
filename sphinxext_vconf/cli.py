"""The ``vconf`` command: a thin front door to the rooms of the package."""

from __future__ import annotations

import argparse
import importlib
import sys

# subcommand -> (module, function that adds its parser). Each room owns its arguments;
# modules are imported only when their command runs, so ``vconf --help`` stays fast.
COMMANDS = {
    "check": ("sphinxext_vconf.model", "add_cli"),
    "figure": ("sphinxext_vconf.thumbnails", "add_cli"),
    "import": ("sphinxext_vconf.importers", "add_cli"),
    "chat": ("sphinxext_vconf.chat", "add_cli"),
    "clean": ("sphinxext_vconf.pages", "add_cli"),
}

HELP = {
    "check": "validate conference YAML and report every problem",
    "figure": "find the figure a card shows for each PDF (--explain: why; --out DIR: the thumbnails)",
    "import": "convert a Mini-Conf site or OpenReview export into vconf data",
    "chat": "chat channels: list them, provision them on the server",
    "clean": "remove the pages vconf generated (your own pages stay)",
}


def build_parser(commands: list[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vconf", description="vconf: virtual-conference sites with Sphinx")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in commands or COMMANDS:
        module, func = COMMANDS[name]
        p = sub.add_parser(name, help=HELP[name], description=HELP[name])
        getattr(importlib.import_module(module), func)(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Import only the room the user asked for.
    wanted = [argv[0]] if argv and argv[0] in COMMANDS else None
    parser = build_parser(wanted)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
