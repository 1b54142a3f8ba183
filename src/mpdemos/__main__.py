"""Command line: ``python -m mpdemos COMMAND`` (also installed as ``mpdemos``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    from mpdemos.context import available_methods

    parser = argparse.ArgumentParser(prog="mpdemos", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    regen = commands.add_parser(
        "regenerate",
        help="re-execute notebooks and store their outputs (as validation runs them)",
    )
    regen.add_argument("notebooks", nargs="*", type=Path,
                       help="notebooks to regenerate (default: all course notebooks, "
                       "English and translated)")
    regen.add_argument("--start-method", default=None, choices=available_methods(),
                       help="the method the stored outputs come from (default: spawn, "
                       "as validation stores them)")
    export = commands.add_parser(
        "export",
        help="build offline slide decks, HTML and PDF handouts, an index and the "
        "student edition from stored outputs",
    )
    export.add_argument("--out", type=Path, default=Path("build"),
                        help="folder to write into (default: build)")
    export.add_argument("--no-notes", dest="notes", action="store_false",
                        help="leave the speaker notes out of the handouts (HTML and "
                        "PDF); by default they are set apart. Decks keep them")
    export.add_argument("--no-pdf", dest="pdf", action="store_false",
                        help="write no PDF handouts (they need Chromium)")
    export.add_argument("--check", action="store_true",
                        help="then open every page in headless Chromium, save "
                        "first-slide screenshots and report slides that overflow")
    export.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to export (default: all course notebooks)")
    translate = commands.add_parser(
        "translate",
        help="keep the translated editions in step with the English notebooks",
        description="update: refresh the gettext catalogs (notebooks/locale, "
        "src/mpdemos/locale) from the English source; an entry whose English "
        "changed turns fuzzy. build: write notebooks/<lang>/ from the catalogs "
        "(then `mpdemos regenerate notebooks/<lang>/*.ipynb`). check: list "
        "what lags behind the English, and exit 1 if anything does.",
    )
    translate.add_argument("action", choices=("update", "build", "check"))
    translate.add_argument("--language", action="append", dest="languages",
                           help="an edition to work on (default: every one)")
    from mpdemos import bench as benchmarking

    bench = commands.add_parser(
        "bench",
        help="measure what a process, a message and a lock cost here, beside the "
        "hardware's ceilings (quick by default; --full for medians of 7)",
    )
    benchmarking.add_arguments(bench)
    args = parser.parse_args(argv)

    if args.command == "bench":
        return benchmarking.command(args, bench)

    if args.command == "translate":
        return _translate(args.action, args.languages)

    if args.command == "regenerate":
        from mpdemos.course import export, kernels, regenerate

        paths = args.notebooks or export.all_editions()
        regenerate.regenerate(paths, start_method=args.start_method
                              or kernels.STORE_METHOD)
    elif args.command == "export":
        from mpdemos.course import browser
        from mpdemos.course import export as exporting

        if args.check and (reason := browser.unavailable()):
            print(f"mpdemos export --check: {reason}", file=sys.stderr)
            return 1
        try:
            done = exporting.export(args.out, args.notebooks or None,
                                    notes=args.notes, pdf=args.pdf)
        except (exporting.AssetsMissing, browser.BrowserError) as e:
            print(f"mpdemos export: {e}", file=sys.stderr)
            return 1
        print(f"open {args.out / 'index.html'}")
        if args.check:
            problems = exporting.check(args.out, done)
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"checked in Chromium: {len(problems)} problems; "
                  f"screenshots in {args.out / 'screenshots'}")
            return 1 if problems else 0
    return 0


def _translate(action: str, languages: list[str] | None) -> int:
    from mpdemos.course import translate

    chosen = languages or list(translate.TRANSLATED)
    for lang in chosen:
        if lang not in translate.TRANSLATED:
            print(f"mpdemos translate: no {lang!r} edition; the editions are "
                  f"{', '.join(translate.TRANSLATED)}", file=sys.stderr)
            return 2
    if action == "update":
        for path in translate.update(languages=chosen):
            print(f"updated {path}")
        return 0
    if action == "build":
        written, missing = translate.build(languages=chosen)
        for path in written:
            print(f"wrote {path}")
        for cell in missing:
            print(f"left in English: {cell}", file=sys.stderr)
        return 1 if missing else 0
    lags = translate.check(languages=chosen)
    for lag in lags:
        print(lag, file=sys.stderr)
    print(f"{len(lags)} thing(s) lag behind the English")
    return 1 if lags else 0


if __name__ == "__main__":
    sys.exit(main())
