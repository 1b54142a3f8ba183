"""The performance lab, for 12-performance (tests: tests/test_bench.py).

What a process, a message and a lock cost on this machine.
``python -m mpdemos bench`` (or ``mpdemos bench``) and the
``12-performance`` notebook both use this package. It measures five things,
each beside its *ceiling*, the best this machine could possibly do:

=========  ===============================================  =====================
section    what is measured                                 ceiling
=========  ===============================================  =====================
start      start + join of one process; a Pool until every   a bare ``os.fork()``
           worker answered                                   (fork, forkserver) or
                                                             a fresh interpreter
                                                             (spawn)
scaling    CPU-bound job on 1..N workers: Pool,              the ideal time,
           ProcessPoolExecutor, joblib (loky), threads       serial time / workers
chunksize  many tiny tasks through ``Pool.map``              the serial loop
ipc        messages of 1 KiB, 64 KiB, 1 MiB through Queue,   ``memcpy`` of the same
           Pipe and shared_memory                            bytes, in-process
state      one increment on a Value with and without its     a plain ``dict``
           lock, and through a Manager proxy
=========  ===============================================  =====================

Every figure is a :class:`dict` row with an absolute ``value`` (a median over
the repeats) and a ``ratio``: the fraction of the ceiling reached, where 1.0
means "at the limit" and 0.1 means ten times short of it.

One module per concern, none importing another in a circle:

* :mod:`~mpdemos.bench.settings`: how much work (``QUICK``, ``FULL``,
  ``NOTEBOOK``), sections, start methods, usable CPUs;
* :mod:`~mpdemos.bench.stats`: medians, paired ratios, Amdahl's law, rows;
* :mod:`~mpdemos.bench.start`, :mod:`~mpdemos.bench.scaling`,
  :mod:`~mpdemos.bench.chunksize`, :mod:`~mpdemos.bench.ipc`,
  :mod:`~mpdemos.bench.state`: one section each;
* :mod:`~mpdemos.bench.measuring`: :func:`run`, every chosen section;
* :mod:`~mpdemos.bench.results`: finding rows, targets, ``bench.json``;
* :mod:`~mpdemos.bench.report`: tables and readable units;
* :mod:`~mpdemos.bench.plots`: the figures (``from mpdemos.bench import plots``);
* :mod:`~mpdemos.bench.cli`: the ``mpdemos bench`` command.

The workers the sections run are :mod:`mpdemos.pools`' (``busy_cpu``,
``do_calculation``, ``worker_pid``); a section's own child targets live in
its module. Here are the names used outside the package. Nothing heavy is
imported: matplotlib only when a plot is drawn.
"""

from mpdemos.bench.cli import add_arguments, command
from mpdemos.bench.ipc import cpus_apart
from mpdemos.bench.measuring import run
from mpdemos.bench.report import (
    describe_run,
    format_by_method,
    format_table,
    format_value,
    size_label,
)
from mpdemos.bench.results import FULL_RUN, load, row, rows
from mpdemos.bench.settings import KIB, MIB, NOTEBOOK, usable_cpus
from mpdemos.bench.start import process_start_costs
from mpdemos.bench.stats import (
    amdahl,
    cores,
    fit_amdahl,
    paired_ratio,
    paired_speedup,
    speedup_when_free,
)

__all__ = [
    "FULL_RUN", "KIB", "MIB", "NOTEBOOK", "add_arguments", "amdahl", "command", "cores",
    "cpus_apart", "describe_run", "fit_amdahl", "format_by_method", "format_table",
    "format_value", "load", "paired_ratio", "paired_speedup",
    "process_start_costs", "row", "rows", "run", "size_label", "speedup_when_free",
    "usable_cpus",
]
