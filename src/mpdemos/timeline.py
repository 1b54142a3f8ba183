"""When each task ran and where, and its picture (tests: tests/test_timeline.py).

Workers time their tasks with :func:`record` and send each :class:`Span`
through a queue, or return it. Only the parent draws, so the picture is
right under every start method::

    spans = ctx.Queue()
    procs = [ctx.Process(target=sleepy, args=(spans, 0.2)) for _ in range(3)]
    ...
    timeline.show(timeline.collect(spans, count=3))

Times come from ``time.time()``, the wall clock that every process shares.
"""

from __future__ import annotations

import io
import multiprocessing
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mpdemos.results import drain

if TYPE_CHECKING:  # matplotlib is imported only to draw: workers start faster
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class Span:
    """One task: which process ran it, what it was, and when it ran."""

    process: str
    label: str
    start: float
    end: float

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"span {self.label!r} ends before it starts")

    @property
    def duration(self) -> float:
        """How long the task took, in seconds."""
        return self.end - self.start


@contextmanager
def record(spans: Any, label: str) -> Iterator[None]:
    """Time the ``with`` block and put a :class:`Span` for it on ``spans``.

    ``spans`` is a multiprocessing queue (or anything with ``put``). The span
    is sent even if the block raises, so the timeline shows failed tasks too.
    """
    if not hasattr(spans, "put"):
        raise TypeError(f"spans must be a queue with a put() method, not {spans!r}")
    if not isinstance(label, str):
        raise TypeError(f"label must be a str, not {label!r}")
    start = time.time()
    try:
        yield
    finally:
        name = multiprocessing.current_process().name
        spans.put(Span(name, label, start, time.time()))


def collect(spans: Any, count: int, timeout: float = 10.0) -> list[Span]:
    """Take ``count`` spans off the queue, oldest first.

    Drain the queue *before* joining the workers: a process that still has
    data in a queue may not exit (see the Queue notebook). Raises
    ``TimeoutError`` if fewer than ``count`` spans arrive within ``timeout``.
    Ties in start time keep their arrival order.
    """
    return sorted(drain(spans, count, timeout), key=lambda s: s.start)


def max_concurrency(spans: Iterable[Span]) -> int:
    """Return the largest number of spans that were running at one moment.

    A span that ends exactly when another starts does not overlap it.
    """
    events = []
    for span in spans:
        events.append((span.start, 1))
        events.append((span.end, -1))
    running = peak = 0
    for _, step in sorted(events):  # at a tie, -1 sorts before +1
        running += step
        peak = max(peak, running)
    return peak


def draw(spans: Sequence[Span], title: str = "What ran when") -> Figure:
    """Draw one row per process and one bar per task; return the figure.

    Rows are ordered by when each process first started work. Time is shown
    in seconds from the first start.
    """
    from matplotlib.figure import Figure

    spans = list(spans)
    if not spans:
        raise ValueError("draw() needs at least one span")
    if not all(isinstance(s, Span) for s in spans):
        raise TypeError("draw() takes a sequence of Span objects")
    t0 = min(s.start for s in spans)
    rows: list[str] = []
    for span in sorted(spans, key=lambda s: s.start):
        if span.process not in rows:
            rows.append(span.process)
    fig = Figure(figsize=(8, 0.5 + 0.45 * len(rows)), layout="constrained")
    ax = fig.subplots()
    colours = {}
    for span in spans:
        y = rows.index(span.process)
        colour = colours.setdefault(span.label, f"C{len(colours) % 10}")
        ax.barh(y, span.duration, left=span.start - t0, height=0.6,
                color=colour, edgecolor="black", linewidth=0.5)
        ax.text(span.start - t0 + span.duration / 2, y, span.label,
                ha="center", va="center", fontsize=8)
    ax.set_yticks(range(len(rows)), rows)
    ax.invert_yaxis()
    ax.set_xlabel("seconds since the first task started")
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    return fig


def show(spans: Sequence[Span], title: str = "What ran when") -> None:
    """Draw the timeline as a PNG image in the notebook cell."""
    from IPython.display import Image, display

    buffer = io.BytesIO()
    draw(spans, title).savefig(buffer, format="png", dpi=100)
    display(Image(buffer.getvalue()))
