"""mpdemos.bench, the package: the names notebooks, tools and __main__ use."""

from __future__ import annotations

import importlib.util

from mpdemos import bench
from mpdemos.bench import cli, ipc, measuring, report, results, settings, start, stats


def test_the_names_used_outside_are_the_modules_own() -> None:
    assert bench.run is measuring.run
    assert (bench.row, bench.rows, bench.load) == (results.row, results.rows,
                                                   results.load)
    assert (bench.format_table, bench.format_by_method, bench.describe_run,
            bench.format_value, bench.size_label) == (
        report.format_table, report.format_by_method, report.describe_run,
        report.format_value, report.size_label)
    assert (bench.KIB, bench.MIB, bench.NOTEBOOK, bench.usable_cpus) == (
        settings.KIB, settings.MIB, settings.NOTEBOOK, settings.usable_cpus)
    assert (bench.paired_speedup, bench.speedup_when_free, bench.cores,
            bench.paired_ratio, bench.amdahl, bench.fit_amdahl) == (
        stats.paired_speedup, stats.speedup_when_free, stats.cores,
        stats.paired_ratio, stats.amdahl, stats.fit_amdahl)
    assert bench.process_start_costs is start.process_start_costs
    assert bench.cpus_apart is ipc.cpus_apart
    assert (bench.add_arguments, bench.command) == (cli.add_arguments, cli.command)
    assert all(hasattr(bench, name) for name in bench.__all__)


def test_the_plots_moved_into_the_package() -> None:
    assert importlib.util.find_spec("mpdemos.bench.plots") is not None
    assert importlib.util.find_spec("mpdemos.bench_plots") is None
