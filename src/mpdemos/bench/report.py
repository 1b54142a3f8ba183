"""Tables and units for people, for 12-performance (tests: tests/test_bench_report.py).

What ``mpdemos bench`` prints and the notebook shows: a figure in a readable
unit (:func:`format_value`, :func:`size_label`), a run as a table
(:func:`format_table`), one section across start methods
(:func:`format_by_method`), and the machine a run was measured on
(:func:`describe_run`).
"""

from __future__ import annotations

from typing import Any

from mpdemos.arguments import check_int
from mpdemos.bench.results import rows, section_rows
from mpdemos.bench.settings import KIB, MIB
from mpdemos.bench.stats import Row

#: What each section's ceiling is, and what its note column says.
CEILINGS = {
    "start": "ceiling: a bare os.fork(), or python -c pass for spawn",
    "scaling": "ceiling: serial time / workers; note: speedup, Amdahl's p",
    "chunksize": "ceiling: the serial loop; note: time per task",
    "ipc": "ceiling: memcpy of the same bytes; note: messages per round",
    "state": "ceiling: the same += 1 on a plain dict",
}


def format_value(value: float, unit: str) -> str:
    """``value`` in ``unit`` ("s", "s/op", "B/s", "x"), scaled to read well.

    ``format_value(0.0123, "s")`` is ``"12.3 ms"``; ``format_value(3 * 2**30,
    "B/s")`` is ``"3 GiB/s"``.
    """
    if unit in ("s", "s/op"):
        suffix = "/op" if unit == "s/op" else ""
        for scale, name in ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs")):
            if abs(value) >= scale:
                return f"{value / scale:.3g} {name}{suffix}"
        return f"{value / 1e-9:.3g} ns{suffix}"
    if unit == "B/s":
        for scale, name in ((1 << 30, "GiB/s"), (1 << 20, "MiB/s"), (1 << 10, "KiB/s")):
            if abs(value) >= scale:
                return f"{value / scale:.3g} {name}"
        return f"{value:.3g} B/s"
    if unit == "x":
        return f"{value:.2f}x"
    raise ValueError(f"unknown unit {unit!r}; expected s, s/op, B/s or x")


def size_label(size: int) -> str:
    """``1024`` -> ``"1 KiB"``, ``1048576`` -> ``"1 MiB"``."""
    check_int("size", size, minimum=1)
    if size % MIB == 0:
        return f"{size // MIB} MiB"
    if size % KIB == 0:
        return f"{size // KIB} KiB"
    return f"{size} B"


def row_label(row: Row) -> str:
    """A row's name for tables, with its worker count in the scaling section."""
    if row["section"] == "scaling" and row["name"] != "serial loop":
        return f"{row['name']} x{row['params']['workers']}"
    return str(row["name"])


def row_note(row: Row) -> str:
    """The table's note for a row: speedup, time per task or messages (see CEILINGS)."""
    p = row["params"]
    if row["section"] == "scaling":
        note = f"{p['speedup']:.2f}x"
        if "amdahl_p" in p:
            note += f", p={p['amdahl_p']:.2f}"
        return note
    if row["section"] == "chunksize" and "workers" in p:
        return f"{row['value'] / p['tasks'] * 1e6:.1f} µs/task"
    if row["section"] == "ipc":
        return f"{p['messages']} msgs"
    return ""


def format_table(results: dict[str, Any]) -> str:
    """A plain-text table: one line per figure, its ceiling and the ratio.

    Grouped by section, each headed by what its ceiling is. The ratio is the
    fraction of the ceiling reached (1 = at the limit). Lines stay within
    88 characters. Targets follow the table, if the run took enough repeats
    to judge them (:data:`mpdemos.bench.results.MIN_REPEATS_FOR_TARGETS`).
    """
    every_row = rows(results)
    header = ("measurement", "method", "value", "ceiling", "ratio", "note")
    lines: list[tuple[str, ...]] = [header]
    for r in every_row:
        lines.append((row_label(r), r["method"] or "-",
                      format_value(r["value"], r["unit"]),
                      format_value(r["ceiling"], r["unit"]), f"{r['ratio']:.3g}",
                      row_note(r)))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    right = {2, 3, 4}

    def fmt(line: tuple[str, ...]) -> str:
        cells = [c.rjust(w) if i in right else c.ljust(w)
                 for i, (c, w) in enumerate(zip(line, widths))]
        return ("  " + "  ".join(cells)).rstrip()

    out = []
    meta = results.get("meta", {})
    if meta:
        out.append(f"mpdemos bench, {meta.get('mode')} mode, median of "
                   f"{meta.get('repeats')}, {meta.get('cpus')} usable CPUs, "
                   f"Python {meta.get('python')}")
    out.append("ratio: the fraction of the ceiling reached (1 = at the limit)")
    out.append(fmt(header))
    section = None
    for r, line in zip(every_row, lines[1:]):
        if r["section"] != section:
            section = r["section"]
            out.append(f"{section} ({CEILINGS.get(section, 'ceiling as given')})")
        out.append(fmt(line))
    # Targets judged on fewer repeats than they need would only be noise.
    targets = [t for t in results.get("targets") or [] if t["enough_repeats"]]
    if targets:
        out.append("")
        out.append("targets:")
        for t in targets:
            mark = "met" if t["met"] else "NOT met"
            medians = t.get("medians", t["value"])
            out.append(f"  {t['target']}: {t['value']:.2f} ({t['goal']}) {mark}; "
                       f"medians {medians:.2f}")
        out.append("  (value: the two sides compared turn by turn; medians: the "
                   "median of each side)")
    return "\n".join(out)


def format_by_method(results: dict[str, Any], section: str) -> str:
    """One section as a compact table: a line per figure, a column per method.

    Each cell is ``value  ratio``; for the notebook's closing note and slides.
    """
    found = section_rows(results, section)

    def short(r: Row) -> str:
        floor = r["section"] == "start" and r["name"] == r["ceiling_name"]
        return "floor" if floor else row_label(r)

    methods = list(dict.fromkeys(r["method"] for r in found))
    labels = list(dict.fromkeys(short(r) for r in found))
    cells = {(short(r), r["method"]): (format_value(r["value"], r["unit"]),
                                       f"{r['ratio']:.2g}")
             for r in found}
    vw = max(len(v) for v, _ in cells.values())
    rw = max(4, *(len(q) for _, q in cells.values()))
    lw = max(len(x) for x in labels)
    width = vw + 2 + rw
    out = [" " * lw + "".join(f"  {m:>{width}}" for m in methods)]
    for x in labels:
        line = x.ljust(lw)
        for m in methods:
            v, q = cells.get((x, m), ("-", ""))
            line += f"  {v:>{vw}}  {q:>{rw}}"
        out.append(line.rstrip())
    return "\n".join(out)


def describe_run(results: dict[str, Any]) -> str:
    """A few lines naming the machine and the settings a run was measured with."""
    meta = results["meta"]
    cpu = meta.get("processor") or meta.get("machine") or "an unnamed CPU"
    return (f"one run on one machine:\n  {cpu}, {meta['cpus']} usable CPUs\n"
            f"  {meta['platform']}\n  Python {meta['python']}, {meta['mode']} mode, "
            f"median of {meta['repeats']}")
