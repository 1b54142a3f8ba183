"""Soak test: validate every notebook K times under each start method.

    python tools/soak.py                 # 10 rounds, all start methods, idle
    python tools/soak.py --rounds 3 --load --notebooks notebooks/02-process.ipynb
    python tools/soak.py --rounds 3 --cpus 1   # as on a 1-CPU VM or hosted notebook

Each round is one run of the README's test command restricted to the
notebooks (all start methods at once, with the project's pytest options).
The options imitate other machines:

* idle (no option): nothing else runs; close other programs first.
* ``--load``: one busy-looping process per CPU competes with the notebooks
  for the whole soak, to shake out races and timing assumptions.
* ``--cpus N``: the notebooks, their kernels and every child may run on N
  CPUs only (CPU affinity, as ``taskset`` sets it; Linux). With ``--load``,
  the hogs still run on every CPU.

At the end it prints, per notebook and start method, how many rounds
passed. It exits 1 if any round failed. Not part of the test command: it
takes minutes.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def burn(stop: multiprocessing.synchronize.Event) -> None:
    """Keep one CPU busy until ``stop`` is set."""
    x = 0
    while not stop.is_set():
        for _ in range(100_000):
            x += 1


def outcomes(junit: Path) -> dict[tuple[str, str], bool]:
    """Map (notebook, start method) to whether all its cells passed."""
    result: dict[tuple[str, str], bool] = {}
    for case in ET.parse(junit).iter("testcase"):
        # classname looks like "notebooks.02-process.ipynb.spawn"
        head, dot_ipynb, method = case.get("classname", "").rpartition(".ipynb.")
        if not dot_ipynb:
            continue
        notebook = head.rsplit(".", 1)[-1]  # drop the folder: "notebooks."
        ok = not any(child.tag in ("failure", "error") for child in case)
        result[(notebook, method)] = result.get((notebook, method), True) and ok
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--load", action="store_true", help="one CPU hog per core")
    parser.add_argument("--cpus", type=int, default=None,
                        help="run the notebooks on this many CPUs only (Linux)")
    parser.add_argument("--start-methods", default="fork,spawn,forkserver")
    parser.add_argument("--notebooks", nargs="*", default=["notebooks"])
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    pinned = None
    if args.cpus is not None:
        if not hasattr(os, "sched_setaffinity"):
            parser.error("--cpus needs CPU affinity (os.sched_setaffinity): Linux")
        usable = sorted(os.sched_getaffinity(0))
        if not 1 <= args.cpus <= len(usable):
            parser.error(f"--cpus must be between 1 and {len(usable)}")
        pinned = set(usable[:args.cpus])

    stop = multiprocessing.Event()
    hogs = []
    if args.load:
        hogs = [multiprocessing.Process(target=burn, args=(stop,), daemon=True)
                for _ in range(os.cpu_count() or 1)]
        for hog in hogs:
            hog.start()
    passes: collections.Counter[tuple[str, str]] = collections.Counter()
    seen: set[tuple[str, str]] = set()
    failed_rounds = 0
    started = time.monotonic()
    try:
        for round_no in range(1, args.rounds + 1):
            with tempfile.TemporaryDirectory() as tmp:
                junit = Path(tmp) / "junit.xml"
                done = subprocess.run(
                    [sys.executable, "-m", "pytest", *args.notebooks, "-q",
                     f"--start-methods={args.start_methods}", f"--junitxml={junit}"],
                    cwd=ROOT, capture_output=True, text=True, timeout=1800,
                    # the child and all it starts inherit the CPU set
                    preexec_fn=None if pinned is None else (
                        lambda: os.sched_setaffinity(0, pinned)),
                )
                results = outcomes(junit) if junit.exists() else {}
            seen.update(results)
            for key, ok in results.items():
                passes[key] += ok
            bad = sorted(f"{nb}[{m}]" for (nb, m), ok in results.items() if not ok)
            failed_rounds += bool(bad) or done.returncode != 0
            summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "?"
            print(f"round {round_no}/{args.rounds} ({time.monotonic() - started:.0f} s): "
                  f"{summary}" + (f"  FAILED: {', '.join(bad)}" if bad else ""), flush=True)
            if done.returncode != 0 and not bad:
                print(done.stdout[-3000:], done.stderr[-3000:], sep="\n")
            elif bad:  # which cells failed; the whole report goes to a file
                lines = done.stdout.splitlines()
                why = [line for line in lines if line.startswith("FAILED")]
                report = Path(tempfile.gettempdir()) / f"soak-round-{round_no}.txt"
                report.write_text(done.stdout + done.stderr)
                print("\n".join(line[:200] for line in why[:20]), f"report: {report}",
                      sep="\n", flush=True)
    finally:
        stop.set()
        for hog in hogs:
            hog.join(timeout=5)

    methods = args.start_methods.split(",")
    notebooks = sorted({nb for nb, _ in seen})
    machine = [f"under load ({os.cpu_count()} hogs)"] if args.load else []
    machine += [f"on {args.cpus} CPU(s)"] if args.cpus is not None else []
    print(f"\npasses out of {args.rounds} rounds, " + (", ".join(machine) or "idle"))
    print(f"{'notebook':24}" + "".join(f"{m:>12}" for m in methods))
    for nb in notebooks:
        print(f"{nb:24}" + "".join(f"{passes[(nb, m)]:>12}" for m in methods))
    total = len(notebooks) * len(methods) * args.rounds
    print(f"\n{sum(passes.values())} of {total} notebook runs passed; "
          f"{failed_rounds} round(s) had a failure")
    return 1 if failed_rounds else 0


if __name__ == "__main__":
    sys.exit(main())
