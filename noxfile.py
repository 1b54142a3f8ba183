"""The grid: the README's two commands on every Python found, and more.

    nox -s tests                  # one session per Python 3.10-3.14 found
    nox -s tests-3.12             # just one
    nox -s latest                 # the newest dependency releases, not the lock
    nox -s windows                # the notebooks as a Windows kernel runs them
    nox -s lock                   # refresh requirements/lock.txt

Each session makes a fresh virtual environment (in ``.nox/``) and runs the
README's setup command, ``python tools/bootstrap.py``, then its test command
or a part of it. A Python that is not installed is skipped. With pyenv, the
versions it has are made visible to nox (as ``python3.12``, ...) without
changing the active one.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import nox

PYTHONS = ["3.10", "3.11", "3.12", "3.13", "3.14"]
nox.options.sessions = ["tests"]


def _let_pyenv_show_its_pythons() -> None:
    """Name every pyenv version in PYENV_VERSION, so its shims answer for all."""
    if "PYENV_VERSION" in os.environ or shutil.which("pyenv") is None:
        return
    found = subprocess.run(["pyenv", "versions", "--bare"], capture_output=True,
                           text=True, timeout=30).stdout.split()
    wanted = [v for v in found if v.rsplit(".", 1)[0] in PYTHONS]
    active = subprocess.run(["pyenv", "version-name"], capture_output=True,
                            text=True, timeout=30).stdout.strip()
    if wanted:
        os.environ["PYENV_VERSION"] = ":".join(dict.fromkeys([active, *wanted]))


_let_pyenv_show_its_pythons()


def _setup(session: nox.Session, *options: str) -> None:
    session.run("python", "tools/bootstrap.py", *options)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The README's setup and test commands, on the locked dependencies."""
    _setup(session)
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python=PYTHONS[-2:])
def latest(session: nox.Session) -> None:
    """The same on the newest releases: a new version's changes show here first."""
    _setup(session, "--latest")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python=False)
def windows(session: nox.Session) -> None:
    """The notebooks as a Windows kernel runs them: spawn, no fd capture.

    Runs in the environment nox was started from (set up with the README's
    setup command): only cells tagged windows-output may differ, and they must.
    """
    session.run("python", "-m", "pytest", "notebooks", "--windows-kernel",
                *session.posargs)


@nox.session(python=False)
def lock(session: nox.Session) -> None:
    """Refresh requirements/lock.txt for every supported Python and platform."""
    session.run("python", "tools/lock.py")
