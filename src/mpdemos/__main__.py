"""Command line: ``python -m mpdemos COMMAND`` (also installed as ``mpdemos``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    from mpdemos import validation

    parser = argparse.ArgumentParser(prog="mpdemos", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    regen = commands.add_parser(
        "regenerate",
        help="re-execute notebooks and store their outputs (as validation runs them)",
    )
    regen.add_argument("notebooks", nargs="*", type=Path,
                       help="notebooks to regenerate (default: all course notebooks)")
    regen.add_argument("--start-method", default=validation.STORE_METHOD,
                       choices=validation.available_methods())
    args = parser.parse_args(argv)

    if args.command == "regenerate":
        paths = args.notebooks or validation.course_notebooks()
        validation.regenerate(paths, start_method=args.start_method)
    return 0


if __name__ == "__main__":
    sys.exit(main())
