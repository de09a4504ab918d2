"""Every workflow of the project. Run ``nox -l`` for the list.

Sessions run in the environment nox is started from (``venv_backend="none"``):
set it up once with ``python -m pip install -e ".[dev]"`` (see README.md). This
keeps the pinned generator and ruff identical between ``generate`` and
``check_generated`` and avoids re-installing the same packages per session.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from contracts.codegen import PROVIDERS, package_name  # noqa: E402

nox.options.default_venv_backend = "none"
nox.options.sessions = ["check_generated", "lint", "tests"]
nox.options.error_on_missing_interpreters = True

SPECS = [f"specs/{p}.yaml" for p in PROVIDERS]
GENERATED = [f"generated/{package_name(p)}" for p in PROVIDERS]
HAND_WRITTEN = ["overlay/soravideo", "contracts", "tests", "noxfile.py"]
NODE_DIR = ROOT / ".nox" / "node"
SPECTRAL_VERSION = "6.16.3"


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate every client in generated/ from its spec (or only those named after --)."""
    session.run("python", "-m", "contracts.codegen", "generate", *session.posargs)


@nox.session
def check_generated(session: nox.Session) -> None:
    """Fail, naming the files, when generated/ differs from what the specs produce."""
    session.run("python", "-m", "contracts.codegen", "check", *session.posargs)


def _spectral(session: nox.Session) -> str:
    """Install Spectral (pinned) into .nox/node once; return its executable."""
    exe = NODE_DIR / "node_modules" / ".bin" / "spectral"
    if not exe.exists():
        npm = shutil.which("npm")
        if npm is None:
            session.error("npm is needed for Spectral (apt-get install nodejs npm)")
        session.run(
            npm,
            "install",
            "--silent",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(NODE_DIR),
            f"@stoplight/spectral-cli@{SPECTRAL_VERSION}",
            external=True,
        )
    return str(exe)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff, mypy --strict, spec validation, Spectral (spectral:oas) and the spec rules."""
    session.run("ruff", "check", "--no-cache", *HAND_WRITTEN)
    session.run("ruff", "format", "--check", "--no-cache", *HAND_WRITTEN)
    # Generated code: the generator's own rule set (F, I, UP) plus pycodestyle errors,
    # not the project's stricter selection for hand-written code.
    session.run(
        "ruff", "check", "--no-cache", "--isolated", "--select", "F,I,UP,E4,E7,E9,W", *GENERATED
    )
    packages = ["soravideo", "contracts", *(package_name(p) for p in PROVIDERS)]
    session.run("mypy", "--strict", *(arg for pkg in packages for arg in ("-p", pkg)))
    for spec in SPECS:
        session.run("python", "-m", "openapi_spec_validator", spec)
    session.run("python", "-m", "contracts.spec_rules", *SPECS)
    spectral = _spectral(session)
    session.run(
        spectral,
        "lint",
        "--ruleset",
        ".spectral.yaml",
        "--fail-severity",
        "error",
        "--display-only-failures",
        *SPECS,
        external=True,
    )


@nox.session
def tests(session: nox.Session) -> None:
    """The unit and contract-level pytest suite (no network but loopback)."""
    session.run("pytest", *session.posargs)
