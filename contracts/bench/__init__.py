"""The benchmark suite behind ``nox -s bench`` (``python -m contracts.bench``).

Every claim of the issue is measured side by side in one run on this
machine and reported as one Markdown table: what was measured, the number,
the target, whether it was met, and the method in one line.

==== ============================================================ =====================
item measurement                                                  module
==== ============================================================ =====================
a    ``VideoClient.get`` req/s vs raw ``httpx`` + ``json()``         :mod:`.throughput`
b    polling on a simulated clock: requests/job, detection delay  :mod:`.polling`
c    1000 concurrent jobs through ``soravideo.batch``               :mod:`.batch`
d    cold ``import soravideo``                                     :mod:`.timing`
e    ``nox -s contracts`` wall time                                :mod:`.timing`
==== ============================================================ =====================

Timing claims are measured here, never asserted in timed tests; the tests in
``contracts/tests/test_bench.py`` check only the measuring code.
"""

from __future__ import annotations

from contracts.bench._table import Row, markdown_table, median, percentile, verdict

__all__ = ["Row", "markdown_table", "median", "percentile", "verdict"]
