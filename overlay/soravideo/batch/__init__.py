"""Batch generation: many video requests from a JSON Lines file, journaled and rate limited.

``soravideo batch JOBS.jsonl --provider KEY --concurrency N --out DIR`` runs
:func:`run_batch`. The package's modules, one concern each:

* :mod:`~soravideo.batch.jobs`: the jobs file (:func:`read_jobs`, :func:`check_jobs`);
* :mod:`~soravideo.batch.journal`: the SQLite journal (:class:`Journal`);
* :mod:`~soravideo.batch.rate_limit`: the request budget (:class:`RateLimit`);
* :mod:`~soravideo.batch.runner`: the run itself (:func:`run_batch`);
* :mod:`~soravideo.batch.summary` and :mod:`~soravideo.batch.progress`: what a
  run reports (:class:`BatchSummary`) and shows while it runs.

The pieces are usable on their own:

* :func:`read_jobs` reads ``JOBS.jsonl`` (one JSON object per line: the
  :class:`~soravideo.VideoRequest` fields plus an optional ``"id"``) and reports
  every bad line with its number; :func:`check_jobs` adds the provider's own
  checks (durations, models ...) without sending anything.
* :class:`Journal` is an SQLite file that records, per job, what has happened.
  The rule it keeps (the money rule): a job is marked ``creating`` and
  committed *before* its create request is sent, and the task id is committed
  the moment the create answers, before anything else happens. A job found in
  ``creating`` on ``--resume`` may exist at the provider without an id: it
  becomes ``may_exist`` and is never sent again, except with the idempotency
  key committed with ``creating``, where the provider documents one and the
  key is still honoured (the provider then answers with the original task).
* :class:`RateLimit` wraps pyrate-limiter: every HTTP request the batch sends
  (create, status query, download) first takes a permit, so a batch stays under
  the provider's documented limit (``x-rate-limit`` in its spec). Permits are
  counted in memory by default, or in Redis (``redis://...``) so that several
  processes or machines sharing one API key share one budget.

Journal states (``Journal.STATES``)::

    pending ──► creating ──► created ──► completed ──► downloaded
       ▲           │            │
       │           │            └──► failed      (the task failed or was cancelled)
       ├───────────┤                             (certainly not sent: resumable)
                   ├──► failed                   (the provider certainly refused the create)
                   └──► may_exist                (the create may have reached the provider,
                                                  no id came back; never re-sent without
                                                  its idempotency key)

Any error while creating, polling or downloading one job is recorded on that
job and the batch goes on. Errors while polling or downloading leave the job
in ``created``/``completed``: ``--resume`` picks it up again with its task id. A
stopped run (Ctrl-C, cancellation) first lets creates already on the way
receive their answers (up to :data:`CREATE_GRACE` seconds) so no id is lost;
only a hard kill in the middle of a create leaves ``creating`` behind.
"""

from __future__ import annotations

from soravideo.batch.jobs import BadLine, Job, check_jobs, read_jobs
from soravideo.batch.journal import JOURNAL_NAME, Journal, JournalEntry, JournalError
from soravideo.batch.rate_limit import (
    LIMITER_BUFFER_MS,
    RateLimit,
    make_rate_limit,
    provider_rate_limit,
)
from soravideo.batch.runner import CREATE_GRACE, IDEMPOTENCY_MARGIN, run_batch
from soravideo.batch.summary import BatchSummary, JobResult

__all__ = [
    "CREATE_GRACE",
    "IDEMPOTENCY_MARGIN",
    "JOURNAL_NAME",
    "LIMITER_BUFFER_MS",
    "BadLine",
    "BatchSummary",
    "Job",
    "JobResult",
    "Journal",
    "JournalEntry",
    "JournalError",
    "RateLimit",
    "check_jobs",
    "make_rate_limit",
    "provider_rate_limit",
    "read_jobs",
    "run_batch",
]
