"""A run's results, for 12-performance (tests: tests/test_bench_results.py).

What :func:`mpdemos.bench.run` returns and ``mpdemos bench`` writes to
``bench.json``: ``{"meta": ..., "rows": [...], "targets": [...]}``. Here
rows are found (:func:`rows`, :func:`row`), the run is judged against the
issue's targets (:func:`check_targets`), and results are written and read
back (:func:`write_json`, :func:`load`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mpdemos.bench.stats import (
    Row,
    has_paired_turns,
    paired_ratio,
    paired_speedup,
    within_turns,
)

#: The targets the issue sets for full mode (medians of at least 5 repeats).
TARGET_SPEEDUP_2 = 1.8
TARGET_SHM_RATIO = 0.8
MIN_REPEATS_FOR_TARGETS = 5


def rows(results: dict[str, Any], section: str | None = None,
         **match: Any) -> list[Row]:
    """The rows of ``results`` in ``section`` whose fields (or params) match."""
    if not isinstance(results, dict) or "rows" not in results:
        raise TypeError("results must be what bench.run() returned")
    found = []
    for row in results["rows"]:
        if section is not None and row["section"] != section:
            continue
        fields = {**row["params"], **row}
        if all(fields.get(k) == v for k, v in match.items()):
            found.append(row)
    return found


def row(results: dict[str, Any], section: str, **match: Any) -> Row:
    """The one row that matches; ``LookupError`` if none or several do."""
    found = rows(results, section, **match)
    if len(found) != 1:
        raise LookupError(f"{len(found)} rows in {section!r} match {match}")
    return found[0]


def section_rows(results: dict[str, Any], section: str) -> list[Row]:
    """The rows of ``section``; ``ValueError`` if the run did not measure it."""
    found = rows(results, section)
    if not found:
        raise ValueError(f"results hold no {section!r} rows; run that section first")
    return found


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Compare the run with the issue's targets (meant for full mode).

    * Pool speedup with 2 workers >= 1.8, under each method measured, where
      the run had 2 CPUs or more;
    * shared_memory with 1 MiB messages >= 0.8 of memcpy;
    * Pool not slower than joblib on the same job, at the most workers.

    Each target's ``value`` compares the two sides turn by turn
    (:func:`~mpdemos.bench.stats.within_turns`) when the rows carry their
    turns, as :func:`mpdemos.bench.run` makes them; ``medians`` compares the
    median of each side.
    """
    targets = []
    enough = results["meta"]["repeats"] >= MIN_REPEATS_FOR_TARGETS

    def target(name: str, value: float, medians: float, goal: str, met: bool) -> None:
        targets.append({"target": name, "value": value, "medians": medians,
                        "goal": goal, "met": met, "enough_repeats": enough})

    for method in results["meta"]["methods"]:
        pool2 = rows(results, "scaling", name="Pool", method=method, workers=2)
        if pool2 and results["meta"]["cpus"] >= 2:  # one CPU cannot run two loops
            medians = pool2[0]["params"]["speedup"]
            s = paired_speedup(pool2[0]) if has_paired_turns(pool2[0]) else medians
            target(f"Pool speedup, 2 workers, {method}", s, medians,
                   f">= {TARGET_SPEEDUP_2}", s >= TARGET_SPEEDUP_2)
        shm = rows(results, "ipc", name="shared_memory 1 MiB", method=method)
        if shm:
            medians = shm[0]["ratio"]
            r = paired_ratio(shm[0]) if has_paired_turns(shm[0]) else medians
            target(f"shared_memory 1 MiB / memcpy, {method}", r, medians,
                   f">= {TARGET_SHM_RATIO}", r >= TARGET_SHM_RATIO)
        scaling = rows(results, "scaling", method=method)
        if scaling:
            most = max(r["params"]["workers"] for r in scaling)
            pool = rows(results, "scaling", name="Pool", method=method, workers=most)
            lib = rows(results, "scaling", name="joblib (loky)", method=method,
                       workers=most)
            if pool and lib and most > 1:
                medians = pool[0]["value"] / lib[0]["value"]
                same_turns = len(pool[0]["samples"]) == len(lib[0]["samples"]) > 1
                ratio = (within_turns(pool[0]["samples"], lib[0]["samples"])
                         if same_turns else medians)
                target(f"Pool time / joblib time, {most} workers, {method}", ratio,
                       medians, "<= 1.0", ratio <= 1.0)
    return targets


def write_json(results: dict[str, Any], path: Path) -> Path:
    """Write ``results`` as indented JSON to ``path``; return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return path


#: One full run of the lab, on one machine (its ``meta`` names it), shipped with
#: the package: ``python -m mpdemos bench --full --no-plots --out
#: src/mpdemos/bench/full-run`` writes it.
FULL_RUN = Path(__file__).resolve().parent / "full-run" / "bench.json"


def load(path: str | Path = FULL_RUN) -> dict[str, Any]:
    """Read results that :func:`write_json` (``mpdemos bench``) wrote (the full run)."""
    results = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(results, dict) or "rows" not in results or "meta" not in results:
        raise ValueError(f"{path} does not hold mpdemos bench results")
    return results
