"""Refresh the lock of every Python dependency: ``requirements/lock.txt``.

    python tools/lock.py             # resolve again, for Python 3.10-3.14, every OS
    python tools/lock.py --check     # exit 1 if the lock misses a dependency

The README's setup command installs exactly these versions (``python
tools/bootstrap.py``; ``--latest`` takes the newest instead), so a new
release of a dependency cannot change a stored output behind our back. uv
resolves once for every supported Python and platform (``--universal``),
with hashes. Run it after changing the dependencies in pyproject.toml, then
run the test command and commit both files.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
#: The oldest Python the project supports: a universal lock holds for it and newer.
OLDEST = "3.10"


def compile_command(output: Path = LOCK) -> list[str]:
    """The uv command that writes the lock."""
    uv = shutil.which("uv") or "uv"
    return [uv, "pip", "compile", "pyproject.toml", "--all-extras", "--universal",
            "--python-version", OLDEST, "--generate-hashes", "--quiet",
            "--custom-compile-command", "python tools/lock.py", "-o", str(output)]


def locked_names(lock: Path = LOCK) -> set[str]:
    """The distribution names the lock pins, normalised (PEP 503)."""
    names = set()
    for line in lock.read_text().splitlines():
        found = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", line)
        if found:
            names.add(normalise(found.group(1)))
    return names


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_names(pyproject: Path = ROOT / "pyproject.toml") -> set[str]:
    """Every dependency pyproject.toml declares, in any extra, normalised."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - 3.10
        import tomli as tomllib
    project = tomllib.loads(pyproject.read_text())["project"]
    requirements = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    names = set()
    for requirement in requirements:
        name = normalise(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement).group(0))
        if name != normalise(project["name"]):  # the all extra names the project
            names.add(name)
    return names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that the lock pins every declared dependency")
    args = parser.parse_args()
    if args.check:
        missing = sorted(declared_names() - locked_names())
        for name in missing:
            print(f"requirements/lock.txt does not pin {name}: run python tools/lock.py",
                  file=sys.stderr)
        return 1 if missing else 0
    if shutil.which("uv") is None:
        print("uv not found: pip install uv (or python tools/bootstrap.py)", file=sys.stderr)
        return 2
    LOCK.parent.mkdir(exist_ok=True)
    subprocess.run(compile_command(), cwd=ROOT, check=True, timeout=600)
    print(f"wrote {LOCK.relative_to(ROOT)}: {len(locked_names())} distributions pinned")
    return 0


if __name__ == "__main__":
    sys.exit(main())
