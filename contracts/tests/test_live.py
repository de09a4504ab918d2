"""Live mode: the real providers' answers against the specs (``--live`` only).

Collected only with ``--live`` (``contracts/conftest.py``); see :mod:`contracts.live`
for the usage, what each check sends and its credit risk. One test per check and
provider; each fails with the list of differences (operation, JSON path, message),
and the whole list, with any task created, is printed at the end of the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from contracts.live import (
    FREE_READS,
    CheckResult,
    LiveChecker,
    LiveLog,
    LiveOptions,
    LiveUsageError,
    SpendBudget,
    SpendLimitError,
    api_keys,
    parse_providers,
    task_id_for,
)

pytestmark = pytest.mark.live


@dataclass
class LiveRun:
    """State shared by every live test of the session."""

    budget: SpendBudget
    log: LiveLog = field(default_factory=LiveLog)


class _Summary:
    """pytest plugin printing the live log at the end of the session."""

    def __init__(self, log: LiveLog) -> None:
        self.log = log

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        terminalreporter.section("live mode (contracts.live)")
        for line in self.log.summary().splitlines():
            terminalreporter.write_line(line)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per provider given to ``--live`` (``all`` for the five)."""
    if "provider" in metafunc.fixturenames:
        value = metafunc.config.getoption("live", None)
        metafunc.parametrize("provider", parse_providers(value) if value else ())


@pytest.fixture(scope="session")
def live_run(live_settings: LiveOptions, pytestconfig: pytest.Config) -> LiveRun:
    """The session's spend budget and log (printed at the end).

    A provider without ``<KEY>_API_KEY`` stops the run before any request, as a
    usage error (exit status 4) naming the variable.
    """
    try:
        api_keys(live_settings.providers)
    except LiveUsageError as exc:
        pytest.exit(f"usage error: {exc}", returncode=pytest.ExitCode.USAGE_ERROR)
    run = LiveRun(SpendBudget(live_settings.allow_spend))
    pytestconfig.pluginmanager.register(_Summary(run.log), "soravideo-live-summary")
    return run


@pytest.fixture
def checker(provider: str, live_run: LiveRun, live_settings: LiveOptions) -> Iterator[LiveChecker]:
    """A :class:`LiveChecker` over the real network (key from ``<KEY>_API_KEY``)."""
    record = live_settings.record
    with LiveChecker.from_environment(provider, budget=live_run.budget, record=record) as c:
        yield c


def _verdict(run: LiveRun, result: CheckResult) -> None:
    run.log.add(result)
    if result.differences:
        pytest.fail(result.explain(), pytrace=False)


def test_wrong_key_gets_documented_401(checker: LiveChecker, live_run: LiveRun) -> None:
    _verdict(live_run, checker.check_auth_rejection())


def test_invalid_create_is_refused(checker: LiveChecker, live_run: LiveRun) -> None:
    _verdict(live_run, checker.check_invalid_request())


def test_free_reads(provider: str, checker: LiveChecker, live_run: LiveRun) -> None:
    if provider not in FREE_READS:
        pytest.skip(f"{provider} documents no free account read")
    _verdict(live_run, checker.check_free_reads())


def test_given_task_status(
    provider: str, checker: LiveChecker, live_run: LiveRun, live_settings: LiveOptions
) -> None:
    task_id = task_id_for(provider, live_settings.task_id)
    if not task_id:
        pytest.skip("no --task-id for this provider")
    _verdict(live_run, checker.check_task(task_id))


def test_create_within_spend_budget(
    provider: str, checker: LiveChecker, live_run: LiveRun, live_settings: LiveOptions
) -> None:
    if live_run.budget.limit <= 0:
        pytest.skip("creating a task costs credits: pass --allow-spend N to allow N creates")
    if task_id_for(provider, live_settings.task_id):
        pytest.skip("--task-id given: that task is queried instead of creating one")
    try:
        result = checker.create_cheapest()
    except SpendLimitError as exc:
        pytest.skip(str(exc))
    _verdict(live_run, result)
