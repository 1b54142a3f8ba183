"""Set up everything the course needs, in the Python environment that runs it.

    python tools/bootstrap.py            # the locked versions (requirements/lock.txt)
    python tools/bootstrap.py --latest   # the newest releases pyproject.toml allows

Installs, at the versions the course was validated with (the lock, refreshed
by ``python tools/lock.py``), mpdemos (editable) with JupyterLab, RISE (live slides), the kernel
and the test tools (Playwright among them), then what the slide export
(``python -m mpdemos export``) needs: the pinned reveal.js, require.js, jQuery
and MathJax from npm (Node.js required), and on Linux Chromium, which prints
the PDF handouts and runs the browser tests, with poppler-utils (``pdftoppm``,
to look at a PDF page as a picture), both installed with apt-get when run as
root on Debian or Ubuntu. Playwright drives that Chromium: it never downloads
a browser of its own. Run it inside a virtual environment or conda
environment of your own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "tools" / "assets"
LOCK = ROOT / "requirements" / "lock.txt"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Debian packages for the browser checks and PDF pages, and a command each brings.
SYSTEM_PACKAGES = (("chromium", BROWSERS), ("poppler-utils", ("pdftoppm",)))


def run(*cmd: str) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)


def assets_installed() -> bool:
    """Whether tools/assets/node_modules holds exactly the versions the lock pins."""
    lock = json.loads((ASSETS / "package-lock.json").read_text(encoding="utf-8"))
    for key, package in lock["packages"].items():
        if not key:
            continue
        installed = ASSETS / key / "package.json"
        if not installed.is_file():
            return False
        version = json.loads(installed.read_text(encoding="utf-8")).get("version")
        if version != package["version"]:
            return False
    return True


def install_slide_assets() -> str | None:
    """Install the pinned browser assets for the slides; return a warning or None."""
    if assets_installed():
        print(f"slide assets: already installed in {ASSETS / 'node_modules'}")
        return None
    npm = shutil.which("npm")
    if npm is None:
        return ("npm was not found, so the slide assets (reveal.js, MathJax) are not "
                "installed and `python -m mpdemos export` will not work. Install "
                "Node.js (it brings npm: https://nodejs.org, or `apt-get install "
                "nodejs npm`), then run this script again. The notebooks themselves "
                "work without it.")
    run(npm, "ci", "--prefix", str(ASSETS), "--no-audit", "--no-fund")
    return None


def install_system_packages() -> str | None:
    """Install Chromium and poppler-utils where missing (Linux); warn, or None."""
    if not sys.platform.startswith("linux"):
        return None  # elsewhere the browser checks use an installed Chrome or Edge
    missing = [package for package, commands in SYSTEM_PACKAGES
               if not any(shutil.which(name) for name in commands)]
    if not missing:
        print("chromium, pdftoppm: already installed")
        return None
    apt = shutil.which("apt-get")
    if os.geteuid() == 0 and apt and Path("/etc/debian_version").exists():
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for cmd in ([apt, "update"], [apt, "install", "-y", *missing]):
            print("+", " ".join(cmd), flush=True)
            subprocess.run(cmd, check=True, env=env)
        return None
    return (f"{' and '.join(missing)} not installed, so the PDF handouts and the "
            "browser tests (tests/test_course_*.py, tests/test_live_slides.py) cannot "
            f"run; they skip. Install as root: `apt-get install {' '.join(missing)}` "
            "(Debian, Ubuntu), `dnf install chromium poppler-utils` (Fedora), then "
            "run this script again.")


def main() -> int:
    if sys.version_info < (3, 10):
        sys.exit("mpdemos needs Python 3.10 or later; "
                 f"this is {sys.version.split()[0]}")
    latest = "--latest" in sys.argv[1:]
    run(sys.executable, "-m", "pip", "install", "--upgrade", "pip")
    if latest:  # the newest releases the version bounds in pyproject.toml allow
        run(sys.executable, "-m", "pip", "install", "--upgrade", "-e", ".[all]")
    else:  # exactly the versions the course was validated with, hashes checked
        run(sys.executable, "-m", "pip", "install", "-r", str(LOCK))
        run(sys.executable, "-m", "pip", "install", "--no-deps", "-e", ".")
    # The kernel the notebooks name ("python3") is this interpreter.
    run(sys.executable, "-m", "ipykernel", "install", "--sys-prefix",
        "--name", "python3", "--display-name", "Python 3 (ipykernel)")
    warnings = [w for w in (install_slide_assets(), install_system_packages()) if w]
    for warning in warnings:
        print(f"\nWARNING: {warning}", file=sys.stderr)
    print("mpdemos is set up. Open the course with: "
          "python -m jupyterlab notebooks/00-index.ipynb")
    return 0


if __name__ == "__main__":
    sys.exit(main())
