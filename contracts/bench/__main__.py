"""``python -m contracts.bench [--quick] [--out PATH] [--skip-contracts] [--only a,c] [--strict]``.

Runs the benchmarks, prints the results table and writes it (with the details
and the machine it ran on) as Markdown to ``--out`` (default
``.nox/bench-results.md``, beside nox's other outputs and ignored by git).
Exit status 0 unless a benchmark crashed; with ``--strict``, 1 when a target
was missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from contracts.bench import batch, plugin, polling, throughput, timing
from contracts.bench._table import Row, markdown_table

DEFAULT_OUT = timing.ROOT / ".nox" / "bench-results.md"
ITEMS = ("a", "b", "c", "d", "e", "f")


def _machine() -> str:
    return (
        f"{platform.node()}: {platform.system()} {platform.release()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )


def report(rows: Sequence[Row], details: Sequence[str], *, quick: bool, seconds: float) -> str:
    """The whole Markdown document: header, the table, details."""
    mode = "quick (`--quick`)" if quick else "full"
    parts = [
        "# soravideo benchmarks",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {_machine()}; {mode} run, "
        f"{seconds:.0f} s. Produced by `nox -s bench` (`python -m contracts.bench`); "
        "method of each item in `contracts/bench/`.",
        "",
        markdown_table(rows),
    ]
    for detail in details:
        parts += ["", detail]
    return "\n".join(parts) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected benchmarks; print and write the table."""
    parser = argparse.ArgumentParser(prog="python -m contracts.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, 100 batch jobs")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="Markdown file to write")
    parser.add_argument(
        "--skip-contracts", action="store_true", help="do not time `nox -s contracts` (e)"
    )
    parser.add_argument(
        "--only", default=",".join(ITEMS), help="comma-separated items to run (default all)"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    chosen = [item.strip() for item in args.only.split(",") if item.strip()]
    unknown = sorted(set(chosen) - set(ITEMS))
    if unknown:
        parser.error(f"unknown items {unknown}; choose from {list(ITEMS)}")
    quick: bool = args.quick
    started = time.perf_counter()
    rows: list[Row] = []
    details: list[str] = []

    def step(item: str, label: str, func: Callable[[], None]) -> None:
        if item in chosen:
            print(f"bench ({item}) {label} ...", file=sys.stderr, flush=True)
            func()

    def run_a() -> None:
        found, _ = throughput.run(quick)
        rows.extend(found)

    def run_b() -> None:
        found, summaries = polling.run(quick)
        rows.extend(found)
        details.append("## (b) polling, per provider\n\n" + polling.detail_table(summaries))

    def run_c() -> None:
        found, _ = batch.run(quick)
        rows.extend(found)

    def run_d() -> None:
        rows.append(timing.import_row(quick))

    def run_e() -> None:
        rows.append(timing.contracts_row(skip=quick or args.skip_contracts))

    step("a", "VideoClient.get vs raw httpx", run_a)
    step("b", "polling on a simulated clock", run_b)
    step("c", "batch against the rate-limited mock", run_c)
    step("d", "cold import", run_d)
    step("e", "nox -s contracts", run_e)
    step("f", "the pytest plugin", lambda: rows.extend(plugin.run(quick)))
    text = report(rows, details, quick=quick, seconds=time.perf_counter() - started)
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {out}", file=sys.stderr)
    missed = [row for row in rows if row.met is False]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
