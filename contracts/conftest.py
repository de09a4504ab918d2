"""pytest plugin of the contract suite (``pytest contracts``, ``nox -s contracts``).

* Markers: ``contracts`` (put on every test under ``contracts/``), ``prism`` (needs
  Prism: ``$PRISM_BIN`` or ``.nox/node``), ``live`` (calls the real providers).
* Options of the live recorder (``contracts/tests/test_live.py``): ``--live KEYS``
  (comma-separated provider keys, or ``all``), ``--task-id ID``, ``--allow-spend N``,
  ``--record``; tests read them through the :func:`live_settings` fixture. Without
  ``--live``, ``test_live.py`` is not even collected: nothing there runs (or is
  reported as skipped) by default.
* The conformance table: passed fixture tests count as "fixtures validated" per
  provider; the other columns are recorded by the tests themselves
  (:mod:`contracts.report`). The table is printed at the end of the session.
* CI artifacts, ``--report-dir DIR`` (``nox -s contracts`` passes
  ``reports/contracts``, with ``--junitxml DIR/junit.xml``): the table as
  ``DIR/conformance.json`` and ``DIR/conformance.md``, and
  ``DIR/schemathesis-reproductions.md``: the ``curl`` reproductions schemathesis
  gives for each failing run. (Its own report writers, VCR/HAR, do not see tests
  parametrized over several schemas, as ``test_operation`` is; the failure texts,
  reproductions included, are also in the JUnit XML.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from contracts import report as conformance
from contracts.codegen import PROVIDERS

CONTRACTS_DIR = Path(__file__).resolve().parent
LIVE_TESTS = CONTRACTS_DIR / "tests" / "test_live.py"
FIXTURE_TEST = "contracts/tests/test_fixtures.py::test_fixture_matches_spec_and_client["
SCHEMATHESIS_TESTS = (
    "contracts/tests/test_schemathesis.py::test_operation[",
    "contracts/tests/test_schemathesis.py::test_stateful[",
)
"""Node id prefixes of the schemathesis runs of the real mocks and specs; the provider
key follows in brackets. Failures of these count as "schemathesis failures"."""

_table_wanted = False
_reproductions: dict[str, list[str]] = {}


@dataclass(frozen=True)
class LiveSettings:
    """The live recorder's command-line options.

    Attributes:
        providers: the providers to call (``--live``); empty without ``--live``.
        task_id: an existing task to query instead of creating one (``--task-id``).
        allow_spend: how many paid create requests may be made (``--allow-spend``).
        record: whether to write the exchanges as fixtures (``--record``).
    """

    providers: tuple[str, ...]
    task_id: str | None
    allow_spend: int
    record: bool


def _parse_live(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    names = [part.strip() for part in value.split(",") if part.strip()]
    if names == ["all"]:
        return PROVIDERS
    unknown = [name for name in names if name not in PROVIDERS]
    if unknown:
        raise pytest.UsageError(
            f"--live: unknown provider(s) {unknown}; expected keys of {list(PROVIDERS)} or 'all'"
        )
    return tuple(dict.fromkeys(names))


def pytest_addoption(parser: pytest.Parser) -> None:
    """The live recorder's options."""
    group = parser.getgroup("soravideo-live", "soravideo live provider calls (cost money)")
    group.addoption(
        "--live",
        metavar="KEYS",
        default=None,
        help="Run contracts/tests/test_live.py against these providers "
        "(comma-separated keys, or 'all'); API keys come from <KEY>_API_KEY.",
    )
    group.addoption(
        "--task-id",
        metavar="ID",
        default=None,
        help="Query this existing task instead of creating a new one (free).",
    )
    group.addoption(
        "--allow-spend",
        metavar="N",
        type=int,
        default=0,
        help="Allow up to N paid create requests (default 0: no task is created).",
    )
    reports = parser.getgroup("soravideo-reports", "soravideo contract-suite reports (CI)")
    reports.addoption(
        "--report-dir",
        metavar="DIR",
        default=None,
        help="Write the conformance table (conformance.json, conformance.md) and "
        "schemathesis' reports (schemathesis/) into DIR.",
    )
    group.addoption(
        "--record",
        action="store_true",
        default=False,
        help="Write the live exchanges to contracts/fixtures/<key>/ (redacted).",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers and check the live options."""
    config.addinivalue_line("markers", "contracts: the contract suite (everything in contracts/)")
    config.addinivalue_line("markers", "prism: needs Prism ($PRISM_BIN or .nox/node)")
    config.addinivalue_line("markers", "live: calls the real providers; collected only with --live")
    allow_spend = config.getoption("allow_spend", 0)
    if isinstance(allow_spend, int) and allow_spend < 0:
        raise pytest.UsageError("--allow-spend must be >= 0")
    _parse_live(config.getoption("live", None))


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Collect ``test_live.py`` only when ``--live`` is given."""
    if collection_path == LIVE_TESTS and not config.getoption("live", None):
        return True
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every contract test ``contracts``; drop live tests named explicitly without --live.

    (pytest does not ask :func:`pytest_ignore_collect` about paths given on the
    command line, so ``pytest contracts/tests/test_live.py`` would collect them.)
    """
    global _table_wanted
    if not config.getoption("live", None):
        dropped = [item for item in items if item.path == LIVE_TESTS]
        if dropped:
            items[:] = [item for item in items if item.path != LIVE_TESTS]
            config.hook.pytest_deselected(items=dropped)
    for item in items:
        if item.path.is_relative_to(CONTRACTS_DIR):
            item.add_marker(pytest.mark.contracts)
            _table_wanted = not config.option.collectonly


@pytest.fixture(scope="session")
def live_settings(pytestconfig: pytest.Config) -> LiveSettings:
    """The live options (see :class:`LiveSettings`)."""
    task_id = pytestconfig.getoption("task_id")
    return LiveSettings(
        providers=_parse_live(pytestconfig.getoption("live")),
        task_id=str(task_id) if task_id else None,
        allow_spend=int(pytestconfig.getoption("allow_spend")),
        record=bool(pytestconfig.getoption("record")),
    )


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count passed fixture tests and failed schemathesis runs per provider."""
    nodeid = report.nodeid
    if nodeid.startswith(FIXTURE_TEST):
        provider = nodeid[len(FIXTURE_TEST) :].split("/", 1)[0]
        if report.when == "call" and report.passed and provider in PROVIDERS:
            conformance.record(provider, "fixtures")
        return
    for prefix in SCHEMATHESIS_TESTS:
        if nodeid.startswith(prefix):
            provider = nodeid[len(prefix) :].split("]", 1)[0]
            if provider not in PROVIDERS:
                return
            if report.failed:  # in the test itself, or in its setup or teardown
                conformance.record(provider, "schemathesis_failures")
                found = conformance.reproductions(report.longreprtext)
                _reproductions.setdefault(nodeid, []).extend(found)
            elif report.when == "call":
                conformance.record(provider, "schemathesis_failures", 0)  # shows 0, not -
            return


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the per-provider conformance table when contract tests ran."""
    if not _table_wanted:
        return
    terminalreporter.section("conformance (contracts.report)")
    for line in conformance.table(PROVIDERS).splitlines():
        terminalreporter.write_line(line)
    report_dir = terminalreporter.config.getoption("report_dir", None)
    if report_dir:
        written = [
            *conformance.write(Path(report_dir), PROVIDERS),
            conformance.write_reproductions(Path(report_dir), _reproductions),
        ]
        for path in written:
            terminalreporter.write_line(f"written: {path}")
