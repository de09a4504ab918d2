"""The batch journal resumes or refuses: it never silently starts a batch over.

Covers ``--resume`` over a missing, empty, foreign, damaged, older, other
batch's or other provider's journal (refused, nothing sent, exit 2); the
journal's durability without its side files (a real ``kill -9``); the lock on
the real file (symlinks); default ids that do not shift; image content in the
fingerprint; and a damaged row reported for its job.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from typer.testing import CliRunner

from soravideo import PROVIDERS, VideoRequest
from soravideo.batch import JOURNAL_NAME, Job, Journal, JournalError, read_jobs, run_batch
from soravideo.batch import runner as batch_runner
from soravideo.batch.journal import GroupCommit
from soravideo.cli import app as cli_app
from soravideo.mock import MockServer, async_transport, create_app

KEY = "sk-batch-journal-0123456789"


def mock() -> Any:
    return create_app(
        "evolink", api_key=KEY, time_scale=3000.0, deliver_callbacks=False, rate_limit=False
    )


def jobs_of(n: int) -> list[Job]:
    return [Job(i + 1, f"job-{i}", VideoRequest(prompt=f"p {i}", duration=10)) for i in range(n)]


async def batch(app: Any, jobs: list[Job], out: Path, **kw: Any) -> Any:
    return await run_batch(
        jobs, provider="evolink", out_dir=out, api_key=KEY, transport=async_transport(app),
        poll_interval=0.01, **kw,
    )  # fmt: skip


def a_real_journal(path: Path, count: int = 2) -> None:
    with Journal(path) as journal:
        journal.begin(jobs_of(count), "evolink", resume=False)


def foreign_sqlite(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE users (name TEXT)")
    db.execute("INSERT INTO users VALUES ('ada')")
    db.commit()
    db.close()


def lost_table(path: Path) -> None:
    a_real_journal(path)
    db = sqlite3.connect(path)
    db.execute("DROP TABLE jobs")
    db.commit()
    db.close()


def version_1(path: Path) -> None:  # what soravideo 0.1 wrote
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    db.execute("CREATE TABLE jobs (key TEXT PRIMARY KEY, line INTEGER, state TEXT)")
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.commit()
    db.close()


REFUSED: dict[str, tuple[Callable[[Path], Any], str]] = {
    "missing": (lambda p: None, "no journal at"),
    "empty": (lambda p: p.write_bytes(b""), "empty \\(0 bytes\\)"),
    "not-sqlite": (lambda p: p.write_bytes(b"not a database\n" * 64), "not an SQLite file"),
    "foreign": (foreign_sqlite, "another application's SQLite file"),
    "empty-sqlite": (lambda p: sqlite3.connect(p).execute("VACUUM"), "holds no soravideo"),
    "lost-tables": (lost_table, "table 'jobs' is missing"),
    "version-1": (version_1, "schema 1"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_resume_refuses_what_is_not_this_batchs_journal(case: str, tmp_path: Path) -> None:
    make, words = REFUSED[case]
    path = tmp_path / JOURNAL_NAME
    make(path)
    before = path.read_bytes() if path.exists() else None
    app = mock()
    with pytest.raises(JournalError, match=words) as caught:
        anyio.run(lambda: batch(app, jobs_of(2), tmp_path, resume=True))
    assert "nothing was sent" in str(caught.value) or case == "lost-tables"
    assert app.state.mock.tasks == {}  # nothing sent
    if case != "lost-tables":  # (that one is ours, damaged)
        assert (path.read_bytes() if path.exists() else None) == before  # left untouched
    assert not path.with_name(path.name + "-journal").exists()


def test_a_foreign_or_older_file_is_refused_even_without_resume(tmp_path: Path) -> None:
    for case in ("not-sqlite", "foreign", "version-1"):
        path = tmp_path / f"{case}.sqlite3"
        REFUSED[case][0](path)
        before = path.read_bytes()
        with pytest.raises(JournalError):
            Journal(path)
        assert path.read_bytes() == before


def test_resume_refuses_another_batch_or_provider(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL_NAME
    a_real_journal(path)
    with Journal(path) as journal:
        with pytest.raises(JournalError, match="another batch"):
            journal.begin([Job(1, "other", VideoRequest(prompt="other"))], "evolink", resume=True)
        with pytest.raises(JournalError, match="belongs to a batch for evolink"):
            journal.begin(jobs_of(2), "qingbo", resume=True)
        assert journal.counts()["pending"] == 2
        assert [e.key for e in journal.entries()] == ["job-0", "job-1"]


def cli(*args: str) -> Any:
    env = {f"{p.upper()}_API_KEY": "" for p in PROVIDERS}
    env["EVOLINK_API_KEY"] = KEY
    env["SORAVIDEO_PROVIDER"] = ""
    env["SORAVIDEO_REDIS_URL"] = ""
    return CliRunner().invoke(cli_app, list(args), env=env)


@pytest.mark.parametrize("case", ["missing", "empty", "foreign", "not-sqlite"])
def test_cli_resume_over_a_bad_journal_sends_nothing_and_exits_2(case: str, tmp_path: Path) -> None:
    jobs_file = tmp_path / "jobs.jsonl"
    jobs_file.write_text('{"id": "a", "prompt": "A cat [/x] [bold]", "duration": 10}\n')
    out = tmp_path / "videos"
    out.mkdir()
    REFUSED[case][0](out / JOURNAL_NAME)
    app = mock()
    with MockServer(app) as server:
        result = cli(
            "batch", str(jobs_file), "--base-url", server.base_url, "--out", str(out), "--resume"
        )
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert re.search(REFUSED[case][1], " ".join(result.stderr.split()))
    assert "Traceback" not in result.stderr
    assert result.stderr.count("error:") == 1
    assert app.state.mock.tasks == {}
    assert (out / JOURNAL_NAME).exists() == (case != "missing")


# --------------------------------------------------------------------------- durability
def test_committed_rows_survive_kill_9_and_deleted_side_files(tmp_path: Path) -> None:
    """A real process commits a task id, is SIGKILLed, and its side files are deleted."""
    path = tmp_path / JOURNAL_NAME
    script = textwrap.dedent(
        f"""
        import os, signal
        from soravideo import VideoRequest
        from soravideo.batch import Job, Journal
        journal = Journal({str(path)!r})
        jobs = [Job(i, f"job-{{i}}", VideoRequest(prompt=str(i))) for i in range(1, 51)]
        journal.begin(jobs, "evolink", resume=False)
        for job in jobs:
            journal.mark_creating(job.key, "key-" + job.key)
            journal.record_created(job.key, "task-" + job.key)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == -9, proc.stderr
    for side in ("-wal", "-shm", "-journal"):
        Path(str(path) + side).unlink(missing_ok=True)
    with Journal(path, create=False) as journal:
        entries = journal.entries()
    assert len(entries) == 50
    assert {e.state for e in entries} == {"created"}
    assert all(e.task_id == "task-" + e.key for e in entries)
    assert all(e.idempotency_key == "key-" + e.key for e in entries)


def test_the_lock_is_on_the_real_file_and_leaves_nothing_behind(tmp_path: Path) -> None:
    real = tmp_path / "real" / JOURNAL_NAME
    link = tmp_path / "link.sqlite3"
    with Journal(real) as journal:
        link.symlink_to(real)
        with pytest.raises(JournalError, match="in use"):
            Journal(link)
        with pytest.raises(JournalError, match="in use"):
            Journal(tmp_path / "real" / ".." / "real" / JOURNAL_NAME)
        journal.begin(jobs_of(1), "evolink", resume=False)
    with Journal(link) as journal:  # released on close; the symlink reaches the same rows
        assert [e.key for e in journal.entries()] == ["job-0"]
    app = mock()
    anyio.run(lambda: batch(app, jobs_of(2), tmp_path / "out"))
    left = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert left == sorted(
        [JOURNAL_NAME, "job-0.mp4", "job-1.mp4"]
    )  # no .lock, no -journal, no -wal


# --------------------------------------------------------------------------- ids, fingerprints
def test_comments_and_blank_lines_do_not_shift_default_ids(tmp_path: Path) -> None:
    jobs_file = tmp_path / "jobs.jsonl"
    same = '{"prompt": "the same shot", "duration": 10}\n'
    jobs_file.write_text(same + same + '{"prompt": "another", "duration": 10}\n')
    app = mock()
    first_jobs, _ = read_jobs(jobs_file)
    first = anyio.run(lambda: batch(app, first_jobs, tmp_path / "out"))
    assert first.created == 3
    # a comment and blank lines above the identical prompts, one more job in between
    jobs_file.write_text(
        "# takes for Monday\n\n" + same + "\n# again\n" + same
        + '{"prompt": "new", "duration": 10}\n' + '{"duration": 10, "prompt": "another"}\n'
    )  # fmt: skip
    jobs, _ = read_jobs(jobs_file)
    assert [j.key for j in jobs[:2]] == [j.key for j in first_jobs[:2]]
    assert jobs[3].key == first_jobs[2].key  # key order and spacing do not matter either
    again = anyio.run(lambda: batch(app, jobs, tmp_path / "out", resume=True))
    assert again.created == 1  # only the new job
    assert len(app.state.mock.tasks) == 4
    assert sum(r.skipped for r in again.results) == 3


def test_a_changed_image_file_is_an_edited_job(tmp_path: Path) -> None:
    image = tmp_path / "first-frame.png"
    image.write_bytes(b"\x89PNG first version")
    jobs = [Job(1, "shot", VideoRequest(prompt="from the picture", image=str(image)))]
    path = tmp_path / JOURNAL_NAME
    with Journal(path) as journal:
        journal.begin(jobs, "evolink", resume=False)
    with Journal(path) as journal:
        journal.begin(jobs, "evolink", resume=True)  # unchanged: fine
    image.write_bytes(b"\x89PNG second version")
    with Journal(path) as journal, pytest.raises(JournalError, match="image file changed"):
        journal.begin(jobs, "evolink", resume=True)


def test_a_created_row_without_a_task_id_is_reported_for_its_job(tmp_path: Path) -> None:
    app = mock()
    jobs = jobs_of(2)
    path = tmp_path / JOURNAL_NAME
    with Journal(path) as journal:
        journal.begin(jobs, "evolink", resume=False)
        journal.db.execute("UPDATE jobs SET state = 'created' WHERE key = 'job-0'")
    summary = anyio.run(lambda: batch(app, jobs, tmp_path, resume=True))
    by_key = {r.key: r for r in summary.results}
    assert by_key["job-0"].state == "may_exist"
    assert "holds no task id" in (by_key["job-0"].error or "")
    assert by_key["job-1"].state == "downloaded"
    assert len(app.state.mock.tasks) == 1  # job-0 was not created again


def test_a_surrogate_task_id_is_kept_exactly(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL_NAME
    odd = "task-\ud800-" + "x" * 100_000
    with Journal(path) as journal:
        journal.begin(jobs_of(1), "evolink", resume=False)
        journal.mark_creating("job-0", "k")
        journal.record_created("job-0", odd)
        journal.record_error("job-0", f"cannot poll {odd}")
    with Journal(path) as journal:
        (entry,) = journal.entries()
    assert entry.task_id == odd
    assert entry.error is not None
    assert len(entry.error) <= 4000


def test_concurrent_journal_writes_share_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writes of jobs in flight together share a transaction (one set of fsyncs)."""
    seen: list[Any] = []

    class Counted(GroupCommit):
        writes = 0

        def __init__(self, journal: Journal) -> None:
            super().__init__(journal)
            seen.append(self)

        async def write(self, method: str, *args: Any) -> None:
            if method != "record_cost":  # the mock reports a cost too: not a state
                Counted.writes += 1
            await super().write(method, *args)

    monkeypatch.setattr(batch_runner, "GroupCommit", Counted)
    app = mock()
    started = time.monotonic()
    summary = anyio.run(lambda: batch(app, jobs_of(60), tmp_path, concurrency=30))
    assert summary.downloaded == 60
    (group,) = seen
    print(f"60 jobs in {time.monotonic() - started:.1f} s: {Counted.writes} writes, "
          f"{group.commits} commits")  # fmt: skip
    assert Counted.writes == 180  # creating, created, downloaded
    assert group.commits < Counted.writes


def test_an_unusable_output_directory_is_one_line_and_exit_2(tmp_path: Path) -> None:
    jobs_file = tmp_path / "jobs.jsonl"
    jobs_file.write_text('{"id": "a", "prompt": "A cat", "duration": 10}\n')
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    for extra in ((), ("--journal", str(tmp_path / "j.sqlite3"))):
        result = cli("batch", str(jobs_file), "--out", str(blocker / "videos"), *extra)
        assert result.exit_code == 2, (result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert result.stderr.count("error:") == 1
