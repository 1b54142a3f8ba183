"""Run the whole test command on every Python from 3.10 to 3.14 found here.

    python tools/check_versions.py            # every version found
    python tools/check_versions.py 3.12 3.13  # just these

Each interpreter gets a virtual environment of its own (kept in
``.venvs/pyX.Y`` for reuse), where the README's setup command installs the
project; then the README's test command runs the unit tests and validates
every notebook under every start method. Interpreters are looked up in
pyenv's versions folder, then on PATH (``python3.12``). Prints a table of
results; exits 1 if any version failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = ("3.10", "3.11", "3.12", "3.13", "3.14")


def find_python(version: str) -> Path | None:
    """Return a working interpreter for ``version``: from pyenv's folder, or PATH.

    A pyenv shim is on PATH for every version pyenv knows, but only runs for
    the active ones, so each candidate is tried before it is used.
    """
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = sorted(pyenv_root.glob(f"versions/{version}.*/bin/python{version}"))
    on_path = shutil.which(f"python{version}")
    for candidate in [*reversed(candidates), *([Path(on_path)] if on_path else [])]:
        works = subprocess.run([str(candidate), "-c", "pass"], capture_output=True)
        if works.returncode == 0:
            return candidate
    return None


def run(cmd: list[str], log: Path, env: dict[str, str]) -> bool:
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(cmd)}\n")
        out.flush()
        done = subprocess.run(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                              env=env, timeout=3600)
    return done.returncode == 0


def check(version: str, python: Path) -> tuple[str, str]:
    venv = ROOT / ".venvs" / f"py{version}"
    log = ROOT / ".venvs" / f"py{version}.log"
    venv.parent.mkdir(exist_ok=True)
    log.write_text("")
    if not (venv / "bin" / "python").exists():
        subprocess.run([str(python), "-m", "venv", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    env["VIRTUAL_ENV"] = str(venv)
    py = str(venv / "bin" / "python")
    if not run([py, "tools/bootstrap.py"], log, env):
        return "setup failed", str(log)
    if not run([py, "-m", "pytest", "-p", "no:cacheprovider"], log, env):
        tail = log.read_text().strip().splitlines()[-1:]
        return "tests failed", (tail[0] if tail else str(log))
    tail = log.read_text().strip().splitlines()[-1]
    return "passed", tail.strip("= ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("versions", nargs="*", default=list(VERSIONS))
    args = parser.parse_args()
    rows, failed = [], False
    for version in args.versions:
        python = find_python(version)
        if python is None:
            rows.append((version, "not found", ""))
            continue
        start = time.monotonic()
        print(f"Python {version}: {python}", flush=True)
        status, detail = check(version, python)
        failed |= status != "passed"
        rows.append((version, status, f"{detail} ({time.monotonic() - start:.0f} s)"))
        print(f"  {status}: {detail}", flush=True)
    print(f"\n{'Python':8}{'result':14}detail")
    for version, status, detail in rows:
        print(f"{version:8}{status:14}{detail}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
