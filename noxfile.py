"""Every workflow of the project. Run ``nox -l`` for the list.

Sessions run in the environment nox is started from (``venv_backend="none"``):
set it up once with ``python -m pip install -e ".[dev]"`` (see README.md). This
keeps the pinned generator and ruff identical between ``generate`` and
``check_generated`` and avoids re-installing the same packages per session.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from contracts.codegen import PROVIDERS, package_name  # noqa: E402
from contracts.prism import PRISM_ENV, PRISM_PACKAGE, PRISM_VERSION  # noqa: E402

nox.options.default_venv_backend = "none"
nox.options.sessions = ["check_generated", "lint", "tests", "contracts"]
nox.options.error_on_missing_interpreters = True

SPECS = [f"specs/{p}.yaml" for p in PROVIDERS]
GENERATED = [f"generated/{package_name(p)}" for p in PROVIDERS]
HAND_WRITTEN = ["overlay/soravideo", "contracts", "tests", "examples", "noxfile.py"]
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


def _node_tool(session: nox.Session, package: str, version: str, command: str) -> str:
    """Install ``package@version`` (exactly) into .nox/node unless it is there; return ``command``.

    The tools share one npm prefix; a different installed version is replaced.
    """
    exe = NODE_DIR / "node_modules" / ".bin" / command
    manifest = NODE_DIR / "node_modules" / package / "package.json"
    installed = None
    if exe.exists() and manifest.exists():
        installed = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    if installed != version:
        npm = shutil.which("npm")
        if npm is None:
            session.error(f"npm is needed for {package} (apt-get install nodejs npm)")
        session.run(
            npm,
            "install",
            "--silent",
            "--no-audit",
            "--no-fund",
            "--save-exact",
            "--prefix",
            str(NODE_DIR),
            f"{package}@{version}",
            external=True,
        )
    return str(exe)


def _spectral(session: nox.Session) -> str:
    """Install Spectral (pinned) into .nox/node once; return its executable."""
    return _node_tool(session, "@stoplight/spectral-cli", SPECTRAL_VERSION, "spectral")


def _prism(session: nox.Session) -> str:
    """Install Prism (pinned, as contracts/prism.py expects) into .nox/node; return it."""
    return _node_tool(session, PRISM_PACKAGE, PRISM_VERSION, "prism")


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
    """The overlay's unit tests (tests/; no network but loopback)."""
    session.run("pytest", "tests", "-p", "no:cacheprovider", *session.posargs)


@nox.session
def examples(session: nox.Session) -> None:
    """examples/'s own test suite, run as its user would: from examples/, with its own config.

    ``--rootdir .`` and ``-c pyproject.toml`` keep this repository's pytest settings
    (``pythonpath``, conftest files) out: the tests see only the installed soravideo
    and its pytest plugin (the ``soravideo_mock`` fixture).
    """
    session.chdir(ROOT / "examples")
    session.run(
        "python",
        "-c",
        "import soravideo, soravideo.testing; print('soravideo', soravideo.__file__)",
    )
    session.run(
        "pytest",
        "-p",
        "no:cacheprovider",
        "--rootdir",
        ".",
        "-c",
        "pyproject.toml",
        *session.posargs,
    )


@nox.session
def contracts(session: nox.Session) -> None:
    """The whole contract suite against the mock servers, Prism and the fixtures.

    Ends with the per-provider conformance table; fails on any failing test. CI
    artifacts go to reports/contracts/ (ignored by git): junit.xml (pytest's),
    conformance.json and conformance.md (the table), schemathesis-reproductions.md
    (the curl reproduction of every failing schemathesis run). Installs
    Prism (pinned) into .nox/node and hands it over in $PRISM_BIN. Live provider calls
    run only when asked: ``nox -s contracts -- --live evolink --task-id ...``.
    """
    prism = _prism(session)
    reports = ROOT / "reports" / "contracts"
    session.run(
        "pytest",
        "contracts",
        "-p",
        "no:cacheprovider",
        f"--junitxml={reports / 'junit.xml'}",
        f"--report-dir={reports}",
        *session.posargs,
        env={PRISM_ENV: prism},
    )


SOURCES_COMMANDS = ("check", "diff", "hash", "live", "--live", "--help", "-h")


@nox.session
def sources(session: nox.Session) -> None:
    """Provenance: every spec fact cites a page, every captured quote is still in its page.

    ``nox -s sources`` (offline, CI) checks every ``x-doc`` and looks each quote up in
    the captured pages (``-- --pages DIR``, default ../shared/provider-docs), then
    prints the per-provider table. ``-- diff <key> <NEW_PAGE> [--source ID] [--json]``
    lists the facts a re-captured page makes stale and its uncited statements;
    ``-- --live [<key>]`` fetches every registered page (a person runs it, never CI).
    See ``python -m contracts.sources --help``.
    """
    args = list(session.posargs)
    if not args or args[0] not in SOURCES_COMMANDS:
        args = ["check", *args]
    session.run("python", "-m", "contracts.sources", *args)


@nox.session
def impact(session: nox.Session) -> None:
    """What the change since a git ref does to the clients' users; the semver bump.

    ``-- --base REF`` (default: the last release), ``-- --json``, ``-- --write-changelog``
    (prepend the entry to CHANGELOG.md, set pyproject's version), ``-- --check`` (CI gate:
    fail when a breaking change since the release is not reflected in the version and
    CHANGELOG.md). See ``python -m contracts.impact -h``.
    """
    session.run("python", "-m", "contracts.impact", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Measure the performance claims side by side; print and write the results table.

    Writes Markdown to .nox/bench-results.md (ignored by git, beside nox's other
    outputs). ``-- --quick`` runs fewer repetitions and 100 batch jobs and skips timing
    ``nox -s contracts``; ``-- --skip-contracts``, ``-- --only a,b``, ``-- --strict``
    (exit 1 when a target is missed) and ``-- --out PATH`` as in ``python -m contracts.bench -h``.
    """
    session.run("python", "-m", "contracts.bench", *session.posargs)
