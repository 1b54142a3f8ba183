"""Plots, for 12-performance (tests: tests/test_bench_plots.py).

Every figure is drawn beside its ceiling. ``save_all(results, folder)``
writes one PNG per section (``mpdemos bench`` does this); ``show(results,
section)`` displays one in a notebook. Each ``draw_*`` function takes what
:func:`mpdemos.bench.run` returned and gives a matplotlib ``Figure`` (not
pyplot, so no GUI backend is needed). matplotlib is imported only when a
figure is drawn.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mpdemos.arguments import check_choice
from mpdemos.bench.report import format_value, size_label
from mpdemos.bench.results import row as find_row, rows as find_rows, section_rows
from mpdemos.bench.stats import amdahl

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Process kinds in the scaling plot, with their colours.
SCALING_COLOURS = {"Pool": "C0", "ProcessPoolExecutor": "C1", "joblib (loky)": "C2",
                   "threads": "C3"}


def _methods(results: dict[str, Any], section: str) -> list[str]:
    """The start methods ``section`` was measured under, in order."""
    return list(dict.fromkeys(r["method"] for r in section_rows(results, section)))


def _figure(panels: int, height: float = 3.2) -> tuple[Figure, list[Any]]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(max(6.4, 3.6 * panels), height), layout="constrained")
    axes = fig.subplots(1, panels, squeeze=False)[0]
    return fig, list(axes)


def draw_start(results: dict[str, Any]) -> Figure:
    """Bars: process start+join and Pool start per method, beside the floor."""
    methods = _methods(results, "start")
    fig, (ax,) = _figure(1)
    rows = find_rows(results, "start")
    names = list(dict.fromkeys(r["name"] for r in rows
                               if r["name"] == r["ceiling_name"]))
    kinds = ["floor", "Process start+join", "Pool until ready"]
    width = 0.8 / len(kinds)
    for k, kind in enumerate(kinds):
        heights = []
        for method in methods:
            mine = [r for r in rows if r["method"] == method]
            if kind == "floor":
                match = [r for r in mine if r["name"] == r["ceiling_name"]]
            else:
                match = [r for r in mine if r["name"].startswith(kind.split()[0])
                         and r["name"] != r["ceiling_name"]]
            heights.append(match[0]["value"] * 1e3 if match else 0.0)
        xs = [m + (k - 1) * width for m in range(len(methods))]
        label = "floor (" + " / ".join(names) + ")" if kind == "floor" else kind
        bars = ax.bar(xs, heights, width, label=label, color=f"C{k}",
                      edgecolor="black", hatch="//" if kind == "floor" else None)
        ax.bar_label(bars, [f"{h:.3g}" for h in heights], fontsize=8)
    ax.set_xticks(range(len(methods)), methods)
    ax.set_yscale("log")
    ax.set_ylabel("milliseconds (log, lower is better)")
    ax.set_title("Start cost beside its floor")
    ax.legend(fontsize=7, loc="upper left", framealpha=0.9)
    values = [r["value"] * 1e3 for r in rows]
    ax.set_ylim(min(values) / 3, max(values) * 30)
    return fig


def draw_scaling(results: dict[str, Any]) -> Figure:
    """Speedup against workers for each kind, the ideal line and Amdahl fits."""
    methods = _methods(results, "scaling")
    fig, axes = _figure(len(methods), height=3.6)
    for ax, method in zip(axes, methods):
        rows = [r for r in find_rows(results, "scaling", method=method)
                if r["name"] in SCALING_COLOURS]
        top = max(r["params"]["workers"] for r in rows)
        ax.plot([0, top], [0, top], "k--", lw=1, label="ideal")
        for name, colour in SCALING_COLOURS.items():
            mine = sorted((r["params"]["workers"], r["params"]["speedup"], r)
                          for r in rows if r["name"] == name)
            if not mine:
                continue
            ws = [w for w, _, _ in mine]
            ax.plot(ws, [s for _, s, _ in mine], "o-", color=colour, label=name)
            p = mine[-1][2]["params"].get("amdahl_p")
            if p is not None and name == "Pool":
                grid = [1 + i * (top - 1) / 20 for i in range(21)]
                ax.plot(grid, [amdahl(p, w) for w in grid], ":", color=colour,
                        label=f"Amdahl fit, p={p:.2f}")
        ax.set_xlim(0, top + 0.2)
        ax.set_ylim(0, top + 0.2)
        ax.set_xticks(range(1, top + 1))
        ax.set_xlabel("workers")
        ax.set_ylabel("speedup over the serial loop")
        ax.set_title(f"CPU-bound job, {method}")
        ax.legend(fontsize=7, loc="upper left")
    return fig


def draw_chunksize(results: dict[str, Any]) -> Figure:
    """Seconds against chunksize for many tiny tasks, beside the serial loop."""
    methods = _methods(results, "chunksize")
    fig, (ax,) = _figure(1)
    fig.set_size_inches(9.0, 3.4)  # room for the legend on the right
    for i, method in enumerate(methods):
        rows = [r for r in find_rows(results, "chunksize", method=method)
                if r["params"].get("workers")]
        fixed = sorted((r["params"]["chunksize"], r["value"]) for r in rows
                       if r["params"]["chunksize"] is not None)
        ax.plot([c for c, _ in fixed], [t for _, t in fixed], "o-", color=f"C{i}",
                label=f"Pool.map, {method}")
        auto = [r for r in rows if r["params"]["chunksize"] is None]
        serial = find_row(results, "chunksize", name="serial loop", method=method)
        ax.axhline(serial["value"], color=f"C{i}", ls="--", lw=1,
                   label=f"serial loop (ceiling), {method}")
        if auto:
            ax.plot([auto[0]["params"]["chunksize_used"]], [auto[0]["value"]], "*",
                    ms=12, color=f"C{i}",
                    label=f"chunksize=None (Pool's choice), {method}")
    tasks = find_rows(results, "chunksize")[0]["params"]["tasks"]
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("chunksize (tasks per message)")
    ax.set_ylabel("seconds (log, lower is better)")
    ax.set_title(f"{tasks} tiny tasks through Pool.map")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return fig


def draw_ipc(results: dict[str, Any]) -> Figure:
    """Throughput against message size per transport, with memcpy as the ceiling."""
    methods = _methods(results, "ipc")
    fig, axes = _figure(len(methods), height=3.6)
    for ax, method in zip(axes, methods):
        rows = find_rows(results, "ipc", method=method)
        names = list(dict.fromkeys(r["params"]["transport"] for r in rows))
        for i, name in enumerate(names):
            mine = sorted((r["params"]["size"], r["value"]) for r in rows
                          if r["params"]["transport"] == name)
            style = "k--" if name == "memcpy" else "o-"
            label = "memcpy (ceiling)" if name == "memcpy" else name
            kwargs = {} if name == "memcpy" else {"color": f"C{i}"}
            ax.plot([s for s, _ in mine], [v / (1 << 20) for _, v in mine], style,
                    label=label, **kwargs)
        sizes = sorted({r["params"]["size"] for r in rows})
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xticks(sizes, [size_label(s) for s in sizes])
        ax.set_xlabel("message size")
        ax.set_ylabel("MiB/s (log, higher is better)")
        ax.set_title(f"Parent to child, {method}")
        ax.legend(fontsize=7)
    return fig


def draw_state(results: dict[str, Any]) -> Figure:
    """Bars: nanoseconds per increment, the plain dict as the ceiling."""
    methods = _methods(results, "state")
    fig, (ax,) = _figure(1)
    names = list(dict.fromkeys(r["name"] for r in find_rows(results, "state")))
    width = 0.8 / len(methods)
    for m, method in enumerate(methods):
        values = [find_row(results, "state", name=n, method=method)["value"] * 1e9
                  for n in names]
        xs = [i + (m - (len(methods) - 1) / 2) * width for i in range(len(names))]
        bars = ax.bar(xs, values, width, label=method, color=f"C{m}", edgecolor="black")
        ax.bar_label(bars, [format_value(v * 1e-9, "s") for v in values], fontsize=7)
    ax.set_xticks(range(len(names)), names, fontsize=8)
    ax.set_yscale("log")
    ax.set_ylabel("ns per += 1 (log, lower is better)")
    ax.set_title("One increment of shared state (dict = ceiling)")
    ax.legend(fontsize=8, loc="upper left")
    top = max(r["value"] for r in find_rows(results, "state")) * 1e9
    ax.set_ylim(top=top * 10)
    return fig


DRAW: dict[str, Callable[[dict[str, Any]], Figure]] = {
    "start": draw_start, "scaling": draw_scaling, "chunksize": draw_chunksize,
    "ipc": draw_ipc, "state": draw_state,
}


def draw(results: dict[str, Any], section: str) -> Figure:
    """The figure for ``section`` (one of ``mpdemos.bench.settings.SECTIONS``)."""
    check_choice("section", section, tuple(DRAW))
    return DRAW[section](results)


def save_all(results: dict[str, Any], folder: Path) -> list[Path]:
    """Write ``bench-<section>.png`` for each section in ``results``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for section in dict.fromkeys(r["section"] for r in results["rows"]):
        path = folder / f"bench-{section}.png"
        draw(results, section).savefig(path, dpi=100)
        written.append(path)
    return written


def show(results: dict[str, Any], section: str) -> None:
    """Display the figure for ``section`` as a PNG in a notebook cell."""
    from IPython.display import Image, display

    buffer = io.BytesIO()
    draw(results, section).savefig(buffer, format="png", dpi=100)
    display(Image(buffer.getvalue()))
