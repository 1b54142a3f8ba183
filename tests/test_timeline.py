"""mpdemos.timeline: spans recorded in children, drawn by the parent."""

from __future__ import annotations

import queue
from multiprocessing.context import BaseContext

import pytest

from mpdemos import process, timeline
from mpdemos.timeline import Span


def test_children_record_spans(ctx: BaseContext) -> None:
    spans = ctx.Queue()
    jobs = [
        ctx.Process(name=f"w{i}", target=process.sleepy, args=(spans, 0.2, f"task {i}"))
        for i in range(2)
    ]
    for p in jobs:
        p.start()
    got = timeline.collect(spans, count=2)
    for p in jobs:
        p.join(timeout=10)
    assert sorted(s.process for s in got) == ["w0", "w1"]
    assert sorted(s.label for s in got) == ["task 0", "task 1"]
    assert all(s.duration >= 0.19 for s in got)
    assert got == sorted(got, key=lambda s: s.start)
    assert timeline.max_concurrency(got) == 2


def test_record_sends_a_span_even_when_the_block_raises() -> None:
    q: queue.Queue[Span] = queue.Queue()
    with pytest.raises(ZeroDivisionError), timeline.record(q, "boom"):
        1 / 0
    span = q.get_nowait()
    assert span.label == "boom"
    assert span.process == "MainProcess"


def test_collect_times_out() -> None:
    with pytest.raises(TimeoutError, match="0 of 1"):
        timeline.collect(queue.Queue(), count=1, timeout=0.05)


@pytest.mark.parametrize(
    ("intervals", "expected"),
    [
        ([], 0),
        ([(0, 1)], 1),
        ([(0, 1), (1, 2)], 1),  # touching is not overlapping
        ([(0, 2), (1, 3), (1.5, 1.6)], 3),
        ([(0, 1), (0.5, 2), (1.5, 3), (2.5, 4)], 2),
    ],
)
def test_max_concurrency(intervals: list[tuple[float, float]], expected: int) -> None:
    spans = [Span("p", "t", a, b) for a, b in intervals]
    assert timeline.max_concurrency(spans) == expected


def test_draw_has_one_row_per_process() -> None:
    spans = [Span("b", "x", 1.0, 2.0), Span("a", "y", 0.0, 1.5), Span("b", "z", 2.0, 3.0)]
    fig = timeline.draw(spans, "title")
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    assert len(ax.patches) == 3
    assert ax.get_title() == "title"


def test_span_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends before"):
        Span("p", "t", 2.0, 1.0)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="at least one"):
        timeline.draw([])
    with pytest.raises(TypeError, match="Span"):
        timeline.draw([("p", "t", 0, 1)])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="put"):
        with timeline.record([], "label"):
            pass
    with pytest.raises(TypeError, match="label"):
        with timeline.record(queue.Queue(), 42):  # type: ignore[arg-type]
            pass
    with pytest.raises(ValueError, match="count"):
        timeline.collect(queue.Queue(), count=-1)
