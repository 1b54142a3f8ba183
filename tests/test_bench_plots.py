"""mpdemos.bench.plots: a figure for every section, as PNG files and in a notebook."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench_fixtures import synthetic_results
from mpdemos.bench import plots
from mpdemos.bench.settings import SECTIONS


def test_plots_draw_every_section(tmp_path: Path) -> None:
    written = plots.save_all(synthetic_results(), tmp_path)
    assert [p.name for p in written] == [f"bench-{s}.png" for s in SECTIONS]
    assert all(p.stat().st_size > 1000 for p in written)
    with pytest.raises(ValueError, match="'speed' is not a section"):
        plots.draw(synthetic_results(), "speed")


def test_a_section_not_measured_cannot_be_drawn() -> None:
    results = synthetic_results()
    results["rows"] = [r for r in results["rows"] if r["section"] != "ipc"]
    with pytest.raises(ValueError, match="no 'ipc' rows; run that section first"):
        plots.draw(results, "ipc")


def test_scaling_plot_has_the_ideal_line_and_the_amdahl_fit() -> None:
    fig = plots.draw(synthetic_results(), "scaling")
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert labels[0] == "ideal" and "Pool" in labels
    assert any(label.startswith("Amdahl fit, p=") for label in labels)


def test_show_displays_a_png(monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    plots.show(synthetic_results(), "state")
    (image,) = shown
    assert image.data[:8] == b"\x89PNG\r\n\x1a\n"
