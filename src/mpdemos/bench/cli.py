"""The command line, for 12-performance (tests: tests/test_bench_cli.py).

``python -m mpdemos bench`` (or ``mpdemos bench``): :func:`add_arguments`
gives the subcommand its options, :func:`command` runs it, prints the table,
writes ``bench.json`` and the plots; :class:`ProgressLine` shows what is
being measured meanwhile.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path
from typing import Any

from mpdemos.bench.measuring import run
from mpdemos.bench.plots import save_all
from mpdemos.bench.report import format_table
from mpdemos.bench.results import write_json
from mpdemos.bench.settings import FULL, QUICK, SECTIONS, check_methods, parse_list
from mpdemos.context import KNOWN_METHODS, available_methods


class ProgressLine:
    """Show what is being measured on stderr: one updating line on a terminal."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.t0 = time.perf_counter()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, message: str) -> None:
        line = f"[{time.perf_counter() - self.t0:5.1f} s] {message}"
        if self.tty:
            self.stream.write("\r\033[K" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def done(self) -> None:
        """Clear the line on a terminal, once the run is over."""
        if self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``bench`` command's options to ``parser``."""
    parser.description = (
        "Measure, on this machine, the start cost of a process and a Pool, CPU-bound "
        "scaling (Pool, ProcessPoolExecutor, joblib, threads) with Amdahl's law, "
        "chunksize, IPC throughput and shared-state costs. Each figure is shown with "
        "its ceiling and the fraction of it reached. Prints a table, writes "
        "bench.json and PNG plots. Quick mode (the default) takes under 30 s; "
        "--full takes a few minutes and reports medians of 7."
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", dest="mode", action="store_const", const="quick",
                      help="small jobs, 3 repeats, about 15-30 s (the default)")
    mode.add_argument("--full", dest="mode", action="store_const", const="full",
                      help="bigger jobs, 7 repeats, medians; a few minutes")
    parser.set_defaults(mode="quick")
    parser.add_argument("--repeats", type=int, default=None,
                        help="samples per figure (default: 3 quick, 7 full)")
    offered = available_methods()
    parser.add_argument("--methods", default=",".join(offered),
                        help="comma-separated start methods "
                             f"(default: {','.join(offered)})")
    parser.add_argument("--sections", default=",".join(SECTIONS),
                        help="comma-separated sections "
                             f"(default: {','.join(SECTIONS)})")
    parser.add_argument("--out", type=Path, default=Path("build/bench"),
                        help="folder for bench.json and the PNG plots "
                             "(default: build/bench)")
    parser.add_argument("--no-plots", action="store_true", help="write no PNG files")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")


def command(args: argparse.Namespace,
            parser: argparse.ArgumentParser | None = None) -> int:
    """Run ``mpdemos bench`` with parsed ``args``; return the exit status."""
    try:
        settings = FULL if args.mode == "full" else QUICK
        if args.repeats is not None:
            settings = settings.with_repeats(args.repeats)
        methods = check_methods(parse_list(args.methods, KNOWN_METHODS, "start method"))
        sections = parse_list(args.sections, SECTIONS, "section")
    except (TypeError, ValueError) as e:
        if parser is not None:
            parser.error(str(e))  # exits with status 2
        print(f"mpdemos bench: {e}", file=sys.stderr)
        return 2
    progress = None if args.quiet else ProgressLine()
    with warnings.catch_warnings():
        # Python 3.12+ warns on fork while threads run (the pools' own threads).
        warnings.filterwarnings("ignore", message=r".*multi-threaded, use of fork",
                                category=DeprecationWarning)
        results = run(sections, methods, settings, progress)
    if progress is not None:
        progress.done()
    print(format_table(results))
    path = write_json(results, args.out / "bench.json")
    written = [path]
    if not args.no_plots:
        written += save_all(results, args.out)
    print(f"\nwrote {', '.join(str(p) for p in written)}")
    print(f"took {results['meta']['seconds']:.1f} s")
    return 0
