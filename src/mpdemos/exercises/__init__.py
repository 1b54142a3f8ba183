"""Exercise checks for the notebooks, and the ``%%worker_module`` cell magic.

The checks for each notebook live in a module of this package named after
the notebook's topic (``mpdemos.exercises.process`` for 02-process, ...);
they all use one harness, :mod:`mpdemos.exercises.harness`, which runs the
student's code under ``spawn`` with a timeout and explains what went wrong.

Workers that students write must live in a module, like every worker in this
course. The cell magic ``%%worker_module NAME`` (load it with
``%load_ext mpdemos.exercises``) saves a cell as module ``NAME`` in a
per-kernel folder on ``sys.path``, where children can import it, and imports
it into the notebook. (Tests: tests/test_exercises_harness.py.)
"""

from __future__ import annotations

import atexit
import importlib
import shutil
import sys
import tempfile
import types
from pathlib import Path
from typing import Any

from mpdemos.i18n import _

_MODULE_DIR: Path | None = None


def module_dir() -> Path:
    """The per-kernel folder for ``%%worker_module`` files, made on first use."""
    global _MODULE_DIR
    if _MODULE_DIR is None:
        _MODULE_DIR = Path(tempfile.mkdtemp(prefix="mpdemos-workers-"))
        atexit.register(shutil.rmtree, _MODULE_DIR, ignore_errors=True)
        sys.path.insert(0, str(_MODULE_DIR))
    return _MODULE_DIR


def save_module(name: str, source: str) -> types.ModuleType:
    """Save ``source`` as module ``name`` where children can import it; import it.

    Saving again replaces the module, in this process and in children
    started afterwards.
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(_("module name must be a Python identifier, not "
                           "{name!r}").format(name=name))
    if not isinstance(source, str):
        raise TypeError(_("source must be a str, not {source!r}").format(source=source))
    path = module_dir() / f"{name}.py"
    path.write_text(source)
    importlib.invalidate_caches()
    if name in sys.modules:
        return importlib.reload(sys.modules[name])
    return importlib.import_module(name)


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%worker_module NAME`` (``%load_ext mpdemos.exercises``)."""

    def worker_module(line: str, cell: str) -> None:
        name = line.strip()
        module = save_module(name, cell)
        ipython.user_ns[name] = module

    ipython.register_magic_function(worker_module, magic_kind="cell",
                                    magic_name="worker_module")
