"""One run of the lab, for 12-performance (tests: tests/test_bench_measuring.py).

:func:`run` measures the chosen sections under the chosen start methods and
returns the results, with what they were measured on: the machine, the
Python, the settings. ``mpdemos bench`` and the notebook both call it.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from mpdemos.arguments import check_choices
from mpdemos.bench.chunksize import measure_chunksize
from mpdemos.bench.ipc import measure_ipc
from mpdemos.bench.results import check_targets
from mpdemos.bench.scaling import measure_scaling
from mpdemos.bench.settings import (
    QUICK,
    SECTIONS,
    Progress,
    Settings,
    check_methods,
    usable_cpus,
)
from mpdemos.bench.start import measure_start
from mpdemos.bench.state import measure_state
from mpdemos.bench.stats import Row
from mpdemos.context import available_methods

#: Each section's measurement: ``MEASURES[section](methods, settings, progress)``.
MEASURES: dict[str, Callable[..., list[Row]]] = {
    "start": measure_start, "scaling": measure_scaling,
    "chunksize": measure_chunksize, "ipc": measure_ipc, "state": measure_state,
}


def run(sections: Sequence[str] = SECTIONS, methods: Sequence[str] | None = None,
        settings: Settings = QUICK, progress: Progress | None = None) -> dict[str, Any]:
    """Measure the chosen sections under the chosen start methods.

    Returns ``{"meta": ..., "rows": [...], "targets": [...]}``, ready for
    :func:`~mpdemos.bench.report.format_table`,
    :func:`~mpdemos.bench.results.write_json` and the plots. ``methods``
    defaults to every start method this platform offers.
    """
    check_choices("sections", sections, "section", SECTIONS)
    if not isinstance(settings, Settings):
        raise TypeError(f"settings must be a Settings, not {settings!r}")
    methods = check_methods(available_methods() if methods is None else methods)
    t0 = time.perf_counter()
    rows: list[Row] = []
    for section in sections:
        rows.extend(MEASURES[section](methods, settings, progress))
    results = {
        "meta": {
            "mode": settings.mode, "repeats": settings.repeats,
            "sections": list(sections), "methods": methods, "cpus": usable_cpus(),
            "python": platform.python_version(), "platform": platform.platform(),
            "machine": platform.machine(), "processor": processor_name(),
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "seconds": time.perf_counter() - t0, "settings": asdict(settings),
            "ratio": "fraction of the ceiling reached; 1.0 is the limit",
        },
        "rows": rows,
    }
    results["targets"] = check_targets(results)
    return results


def processor_name() -> str:
    """The CPU's model name, as the system reports it ("" if it does not)."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():  # Linux
        for line in cpuinfo.read_text(errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Model", "Hardware"):
                return value.strip()
    if sys.platform == "darwin":
        try:
            done = subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"],
                                  capture_output=True, text=True, timeout=5)
            if done.returncode == 0:
                return done.stdout.strip()
        except OSError:
            pass
    return platform.processor()
