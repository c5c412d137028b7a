#!/usr/bin/env python3
"""The two Quick start commands, for a fresh clone on a machine with only Python >= 3.11.

    python3 dev.py up     install what is needed (idempotently, in ./.venv) and start the whole system
    python3 dev.py test   install the test needs (Python packages, Tesseract, Chromium) and run the suite

Everything goes into the project-local virtual environment; system packages come from apt when
missing and the user can install them (root or passwordless sudo). Extra arguments go to the command
(`python3 dev.py test -k health`, `python3 dev.py up --port 8001`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".aseagi-installed"
RUNTIME_APT = {"tesseract": "tesseract-ocr"}
TEST_APT = {"tesseract": "tesseract-ocr", "chromium": "chromium"}
TEST_APT_OPTIONAL = {"pgbouncer": "pgbouncer", "docker-compose": "docker-compose"}
"""For the tests behind a transaction pooler (Supabase's setup) and of the Compose file; they are
skipped, with the reason, where these cannot be installed."""


def say(message: str) -> None:
    print(f"[dev] {message}", file=sys.stderr, flush=True)


def sh(*args: str | Path, **kwargs: object) -> None:
    subprocess.run([str(a) for a in args], check=True, **kwargs)  # type: ignore[call-overload]


def ensure_venv() -> None:
    if not PYTHON.exists():
        say(f"creating the virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)


def install(extras: str) -> None:
    """pip install -e .[extras] with the pinned constraints, skipped when nothing changed."""
    inputs = b"".join((ROOT / name).read_bytes() for name in ("pyproject.toml", "constraints.txt"))
    key = hashlib.sha256(inputs + extras.encode()).hexdigest()
    if STAMP.exists() and key in STAMP.read_text().split():
        return
    say("installing Python dependencies (pinned by constraints.txt)")
    target = f"{ROOT}[{extras}]" if extras else str(ROOT)
    sh(
        PYTHON,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-c",
        ROOT / "constraints.txt",
        "-e",
        target,
    )
    previous = STAMP.read_text().split() if STAMP.exists() else []
    STAMP.write_text("\n".join([*previous, key]) + "\n")


def ensure_system_packages(wanted: dict[str, str], *, required: bool) -> None:
    missing = [package for command, package in wanted.items() if shutil.which(command) is None]
    if not missing:
        return
    prefix: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        if shutil.which("sudo") is None:
            message = f"please install {' '.join(missing)} (apt-get install {' '.join(missing)})"
            if required:
                sys.exit(f"[dev] {message}")
            say(message + "; continuing without")
            return
        prefix = ["sudo", "-n"]
    if shutil.which("apt-get") is None:
        say(f"no apt-get here: install {' '.join(missing)} yourself for OCR and browser tests")
        return
    say(f"installing system packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        sh(*prefix, "apt-get", "update", "-qq", env=env, stdout=subprocess.DEVNULL)
        sh(
            *prefix,
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            *missing,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    except subprocess.CalledProcessError as exc:
        if required:
            sys.exit(f"[dev] could not install {' '.join(missing)}: {exc}")
        say(f"could not install {' '.join(missing)}; continuing without (what needs it is skipped)")


def up(args: list[str]) -> int:
    ensure_venv()
    install("")
    ensure_system_packages(RUNTIME_APT, required=False)
    os.execv(str(BIN / "aseagi"), [str(BIN / "aseagi"), "up", *args])
    return 0


def test(args: list[str]) -> int:
    ensure_venv()
    install("test")
    ensure_system_packages(TEST_APT, required=True)
    ensure_system_packages(TEST_APT_OPTIONAL, required=False)
    result = subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT)
    return result.returncode


def main() -> int:
    if sys.version_info < (3, 11):
        sys.exit("[dev] ASEAGI needs Python 3.11 or newer")
    command, *rest = sys.argv[1:] or ["help"]
    if command == "up":
        return up(rest)
    if command == "test":
        return test(rest)
    print(__doc__)
    return 0 if command in {"help", "-h", "--help"} else 2


if __name__ == "__main__":
    sys.exit(main())
