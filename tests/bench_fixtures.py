"""What the tests of mpdemos.bench share: the smallest settings, made-up results.

Not a test module: tests/test_bench_*.py import it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from mpdemos.bench.results import check_targets
from mpdemos.bench.report import size_label
from mpdemos.bench.settings import KIB, MIB, NOTEBOOK
from mpdemos.bench.stats import fit_amdahl, make_row

#: As small as a run can be: one sample, tiny jobs, few messages.
TINY = replace(
    NOTEBOOK, mode="tiny", repeats=1, task_size=2_000, tasks_per_cpu=2,
    tiny_tasks=50, chunksizes=(1, None), ipc_sizes=(KIB, 64 * KIB),
    ipc_round_bytes=256 * KIB, ipc_min_messages=4, ipc_max_messages=16,
    ipc_slots=2, ipc_ring_bytes=MIB, ipc_source_bytes=MIB, state_ops=100,
    manager_ops=5,
)

#: The fields of every row.
ROW_KEYS = {"section", "name", "method", "unit", "value", "samples", "ceiling_name",
            "ceiling", "ratio", "higher_is_better", "params"}


def synthetic_results() -> dict[str, Any]:
    """Results shaped like a real run, with made-up numbers."""
    rows = [
        make_row("start", "bare os.fork()", "fork", "s", [0.002], "bare os.fork()",
                 0.002),
        make_row("start", "Process start+join", "fork", "s", [0.004, 0.006],
                 "bare os.fork()", 0.002),
        make_row("start", "Pool(2) until ready", "fork", "s", [0.02],
                 "bare os.fork()", 0.002, workers=2),
        make_row("scaling", "serial loop", "fork", "s", [1.0], "serial loop", 1.0,
                 workers=1, speedup=1.0),
    ]
    for name, times in (("Pool", (1.0, 0.53)), ("ProcessPoolExecutor", (1.0, 0.54)),
                        ("joblib (loky)", (1.0, 0.56)), ("threads", (1.0, 1.0))):
        for w, t in zip((1, 2), times):
            rows.append(make_row("scaling", name, "fork", "s", [t], f"serial / {w}",
                                 1.0 / w, workers=w, speedup=1.0 / t,
                                 amdahl_p=fit_amdahl([1, 2], [1.0, 1 / times[1]])))
    rows.append(make_row("chunksize", "serial loop", "fork", "s", [1e-4], "serial loop",
                         1e-4, tasks=100, chunksize=None))
    for c, t in ((1, 1e-2), (10, 1e-3), (None, 5e-4)):
        rows.append(make_row("chunksize", f"chunksize={c or 'auto'}", "fork", "s", [t],
                             "serial loop", 1e-4, tasks=100, chunksize=c, workers=2,
                             chunksize_used=c or 13))
    for size in (KIB, MIB):
        for name, rate in (("memcpy", 8e9), ("Queue", 1e8), ("Pipe", 2e8),
                           ("shared_memory", 7e9)):
            rows.append(make_row("ipc", f"{name} {size_label(size)}", "fork", "B/s",
                                 [rate], f"memcpy {size_label(size)}", 8e9,
                                 higher_is_better=True, transport=name, size=size,
                                 messages=10))
    for name, t in (("dict", 5e-8), ("Value(lock=False)", 8e-8),
                    ("Value with get_lock()", 5e-7), ("Manager dict proxy", 7e-5)):
        rows.append(make_row("state", name, "fork", "s/op", [t], "dict", 5e-8))
    results: dict[str, Any] = {"meta": {"mode": "full", "repeats": 5,
                                        "methods": ["fork"], "cpus": 2,
                                        "python": "3.x"}, "rows": rows}
    results["targets"] = check_targets(results)
    return results

