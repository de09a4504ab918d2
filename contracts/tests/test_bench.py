"""Correctness of the benchmark suite's measuring code (no timed assertions).

Speed and memory claims are measured by ``nox -s bench``, never asserted here.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pytest

from contracts.bench import _table, batch, polling, throughput, timing
from contracts.bench._table import Row
from soravideo import PROVIDERS, _spec


def test_markdown_table_escapes_and_marks_verdicts() -> None:
    rows = [
        Row("a", "x | y", "1.0x", ">= 0.8x", True, "m"),
        Row("b", "z", "2", "-", None, "n"),
        Row("c", "w", "3", "< 1", False, "o\np"),
    ]
    text = _table.markdown_table(rows)
    lines = text.splitlines()
    assert lines[0] == "| # | measured | value | target | met | method |"
    assert lines[2] == "| a | x \\| y | 1.0x | >= 0.8x | yes | m |"
    assert lines[3].endswith("| - | n |")
    assert lines[4] == "| c | w | 3 | < 1 | NO | o p |"


def test_percentile_interpolates_like_numpy() -> None:
    values = [float(v) for v in range(1, 11)]
    assert _table.percentile(values, 50) == pytest.approx(5.5)
    assert _table.percentile(values, 95) == pytest.approx(9.55)
    assert _table.percentile(values, 0) == 1.0
    assert _table.percentile(values, 100) == 10.0
    assert _table.percentile([7.0], 95) == 7.0
    with pytest.raises(ValueError, match="no values"):
        _table.percentile([], 50)
    with pytest.raises(ValueError, match="within"):
        _table.percentile(values, 101)


def test_interleaved_rates_alternates_and_uses_the_clock() -> None:
    ticks = itertools.count()
    calls: list[str] = []

    def clock() -> float:
        return float(next(ticks))

    rates = throughput.interleaved_rates(
        [lambda: calls.append("raw"), lambda: calls.append("overlay")],
        requests=4,
        repetitions=3,
        warmup=2,
        clock=clock,
    )
    # warm-up of each, then rounds of 4 in turn
    assert calls[:4] == ["raw", "raw", "overlay", "overlay"]
    assert calls[4:12] == ["raw"] * 4 + ["overlay"] * 4
    assert len(calls) == 4 + 3 * 8
    # each round spans exactly one tick of the fake clock: 4 calls per second
    assert rates == [[4.0, 4.0, 4.0], [4.0, 4.0, 4.0]]
    with pytest.raises(ValueError, match=">= 1"):
        throughput.interleaved_rates([], requests=0, repetitions=1, warmup=0)


def test_throughput_ratio() -> None:
    result = throughput.Throughput("apixo", 1000.0, 850.0, (1000.0,), (850.0,))
    assert result.ratio == pytest.approx(0.85)


def test_durations_are_deterministic_and_in_range() -> None:
    first = polling.sample_durations(50)
    assert first == polling.sample_durations(50)
    assert all(polling.MIN_JOB <= d <= polling.MAX_JOB for d in first)
    assert polling.sample_durations(5, seed=1) != polling.sample_durations(5, seed=2)


def test_fixed_poller_simulation_matches_the_known_schedule() -> None:
    # polls at 0, 1, 2, ... on the simulated clock: a 100.5 s job is seen at 101 s
    (result,) = polling.simulate("evolink", [100.5], "fixed 1 s")
    assert result.requests == 102
    assert result.delay == pytest.approx(0.5)


def test_docs_advice_simulation_matches_the_known_schedule() -> None:
    # wait 180 s, poll at 180 (done already): one query, detected 120 s late
    (short,) = polling.simulate("apixo", [60.0], "docs advice")
    assert short.requests == 1
    assert short.delay == pytest.approx(120.0)
    # polls at 180, 190, ..., 310: the job finishing at 305 s is seen at 310 s
    (long,) = polling.simulate("apixo", [305.0], "docs advice")
    assert long.requests == 14
    assert long.delay == pytest.approx(5.0)


@pytest.mark.parametrize("provider", ["firebirdgen", "qingbo", "apixo"])
def test_adaptive_simulation_detects_within_the_cap(provider: str) -> None:
    results = polling.simulate(provider, [60.0, 333.3], "soravideo")
    for result in results:
        assert 0 <= result.delay <= 10.0
        # geometric start, then at most 10 s apart: at least duration / 10 polls
        assert result.requests >= result.duration / 10


def test_summarize_aggregates_per_provider() -> None:
    results = [
        polling.JobResult("p1", "s", 100.0, 10, 1.0),
        polling.JobResult("p1", "s", 100.0, 20, 3.0),
        polling.JobResult("p2", "s", 100.0, 30, 5.0),
    ]
    summary = polling.summarize(results)
    assert summary.requests_mean == pytest.approx(20.0)
    assert summary.delay_p50 == pytest.approx(3.0)
    assert summary.delay_max == 5.0
    mean, p95 = summary.providers["p1"]
    assert mean == 15.0
    assert p95 == pytest.approx(2.9)
    with pytest.raises(ValueError, match="one strategy"):
        polling.summarize([*results, polling.JobResult("p1", "t", 1.0, 1, 0.0)])


def test_polling_rows_judge_the_worst_provider() -> None:
    def summary(strategy: str, per: dict[str, tuple[float, float]]) -> polling.Summary:
        return polling.Summary(strategy, 2, 10.0, 1.0, 2.0, 3.0, per)

    summaries = {
        "soravideo": summary("soravideo", {"p1": (10.0, 5.0), "p2": (30.0, 11.0)}),
        "fixed 1 s": summary("fixed 1 s", {"p1": (100.0, 0.5), "p2": (100.0, 0.5)}),
        "docs advice": summary("docs advice", {"p1": (5.0, 90.0), "p2": (5.0, 90.0)}),
    }
    requests_row, delay_row = polling.rows(summaries, 1, 2)
    assert requests_row.met is False  # p2: 30/100 > 1/5
    assert "worst provider 0.300" in requests_row.value
    assert delay_row.met is False  # p2: p95 11 s
    assert "| p2 | 30.0, 11.0 s |" in polling.detail_table(summaries)


def test_steady_rate_trims_both_ends() -> None:
    # a burst at the start and a straggler at the end do not count
    times = [0.0] * 50 + [i * 0.1 for i in range(1, 100)] + [30.0]
    # span 0-30, middle 3-27: the requests at 3.0 .. 9.9 s, 10/s, over 24 s
    assert batch.steady_rate(times) == pytest.approx(70 / 24)
    assert batch.steady_rate([0.0, 1.0], trim=0.0) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="two"):
        batch.steady_rate([1.0])


def test_batch_rows_from_a_result() -> None:
    result = {
        "jobs": 100,
        "downloaded": 100,
        "server_requests": 300,
        "elapsed": 31.0,
        "steady_rate": 9.6,
        "rate_limited": 0,
        "server_429": 1,
        "peak_rss_mb": 120.0,
    }
    rate, limited, rss = batch.rows(result)
    assert rate.met is True
    assert "96.0% of the limit" in rate.value
    assert limited.met is False
    assert limited.value == "0 / 1"
    assert rss.met is True


def test_import_times_takes_the_best_of_interleaved_runs_and_checks_status() -> None:
    seconds = iter([0.3, 0.2, 0.02, 0.1, 0.3, 0.03, 0.2, 0.08, 0.01])
    order: list[str] = []

    def timer(command: Sequence[str]) -> tuple[float, int]:
        order.append(command[-1])
        return next(seconds), 0

    assert timing.import_times(3, timer) == (0.1, 0.08, 0.01)
    assert order[:3] == [timing.SORAVIDEO_IMPORT, "import httpx", "pass"]  # interleaved

    def failing(command: Sequence[str]) -> tuple[float, int]:
        return 0.1, 1

    with pytest.raises(RuntimeError, match="failed"):
        timing.import_times(1, failing)


def test_skipped_contracts_row_has_no_verdict() -> None:
    row = timing.contracts_row(skip=True)
    assert (row.key, row.value, row.met) == ("e", "skipped", None)


def _variants(example: object) -> list[object]:
    found: list[object] = [example, {}, [], None, "x", 0, 1.5, True]
    if isinstance(example, dict):
        for key in example:
            found.append({k: v for k, v in example.items() if k != key})
            odd_values: tuple[object, ...] = (None, "x", -1, [], {})
            found.extend({**example, key: odd} for odd in odd_values)
        found.append({**example, "unexpected_field": 1})
    return found


@pytest.mark.parametrize("provider", PROVIDERS)
def test_inlined_validator_agrees_with_the_reference_one(provider: str) -> None:
    # the performance fix for (a): soravideo._spec.errors() decides "valid" with
    # a validator whose $refs are inlined; it must give the same verdicts
    schemas = _spec.load(provider)["components"]["schemas"]
    checked = 0
    for name, schema in schemas.items():
        pointer = f"/components/schemas/{name}"
        reference = _spec.validator(provider, pointer)
        fast = _spec._fast_validator(provider, pointer)
        examples = [*schema.get("examples", []), schema.get("example")]
        for example in examples:
            for instance in _variants(example):
                assert fast.is_valid(instance) == reference.is_valid(instance), (name, instance)
                checked += 1
    assert checked > 50
