"""The pip route (pyproject.toml) and the conda route (environment.yml) agree."""

from __future__ import annotations

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")
#: conda-only entries that are not Python packages of the project.
CONDA_ONLY = {"python", "pip"}


def normalise(requirement: str) -> tuple[str, str]:
    """Split 'Name>=1.0' into ('name', '>=1.0'), names normalised as in PEP 503."""
    requirement = requirement.split(";")[0].strip()  # conda has no markers
    name = NAME.match(requirement)
    assert name, f"cannot read requirement {requirement!r}"
    key = re.sub(r"[-_.]+", "-", name.group(0)).lower()
    return key, requirement[name.end():].strip()


def pip_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += [r for r in extra if not r.startswith("mpdemos[")]
    return dict(normalise(r) for r in requirements)


def conda_requirements() -> dict[str, str]:
    found = {}
    text = (ROOT / "environment.yml").read_text()
    dependencies = text.split("\ndependencies:\n", 1)[1]
    for line in dependencies.splitlines():
        stripped = line.split("#")[0].rstrip()
        # conda packages, and the pip section's entries (but not "-e .")
        match = re.match(r"^  - (\S.*)$", stripped) or re.match(
            r"^      - ([A-Za-z].*)$", stripped)
        if match and not match.group(1).startswith("pip:"):
            key, spec = normalise(match.group(1))
            if key not in CONDA_ONLY:
                found[key] = spec
    return found


def test_same_packages_and_versions() -> None:
    pip, conda = pip_requirements(), conda_requirements()
    assert sorted(pip) == sorted(conda), (
        f"only in pyproject.toml: {sorted(set(pip) - set(conda))}; "
        f"only in environment.yml: {sorted(set(conda) - set(pip))}"
    )
    assert pip == conda


def test_conda_installs_the_package_itself() -> None:
    text = (ROOT / "environment.yml").read_text()
    assert "- -e ." in text
    assert "conda-forge" in text


def test_the_lock_pins_every_declared_dependency() -> None:
    import subprocess

    done = subprocess.run([sys.executable, str(ROOT / "tools" / "lock.py"), "--check"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_setup_installs_the_lock_unless_asked_for_the_latest() -> None:
    bootstrap = (ROOT / "tools" / "bootstrap.py").read_text()
    assert '"install", "-r", str(LOCK)' in bootstrap and '"--latest"' in bootstrap
    lock = (ROOT / "requirements" / "lock.txt").read_text()
    assert "--hash=sha256:" in lock and "python tools/lock.py" in lock
