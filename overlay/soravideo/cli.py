"""The ``soravideo`` command: the overlay from the shell.

Commands: ``generate``, ``status``, ``wait``, ``download``, ``cancel``,
``providers``, ``mock``, ``proxy``, ``batch``. The API key comes from ``<PROVIDER>_API_KEY``.

Exit codes: 0 success; 1 the task failed or was cancelled; 2 bad input (the
request was not sent); 3 the provider answered with an error; 4 no answer
(connection, timeout); 5 a wait timed out (the task is still running: wait
again with its id); 6 an unexpected or unsafe response (a body the spec does
not allow, a refused download); 8 the video could not be saved (the task exists:
download it again). ``batch``: 0 every job
done; 1 some job failed, may exist without an id, or is unfinished; 2 bad input
(nothing sent); 130 interrupted (the journal is consistent: rerun with
``--resume``). ``mock`` and ``proxy``: 7 the address cannot be listened on (e.g.
the port is taken: one line, no traceback); ``proxy`` exits 1 when it saw a spec
violation, 0 otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import attrs
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from soravideo import (
    PROVIDERS,
    APIConnectionError,
    APIError,
    ProviderResponseError,
    RequestValidationError,
    SoraVideoError,
    Task,
    TaskFailedError,
    TaskStatus,
    VideoClient,
    VideoRequest,
    WaitTimeoutError,
    __version__,
    capabilities,
)
from soravideo._download import check_destination
from soravideo._types import ASPECT_RATIOS, MODELS, QUALITIES, check_provider
from soravideo.errors import DestinationError, UnsafeDownloadError, attach_task

if TYPE_CHECKING:
    from soravideo.batch import BatchSummary

app = typer.Typer(
    name="soravideo",
    help="Generate Sora 2 videos through five providers, or serve their mock APIs.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        print(f"soravideo {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Generate Sora 2 videos through five providers, or serve their mock APIs."""


EXIT_FAILED, EXIT_USAGE, EXIT_API, EXIT_CONNECTION, EXIT_WAIT_TIMEOUT, EXIT_RESPONSE = (
    1,
    2,
    3,
    4,
    5,
    6,
)
EXIT_ADDRESS = 7
"""``mock`` / ``proxy``: the host and port cannot be listened on (taken, not local ...)."""
EXIT_SAVE = 8
"""The video could not be written to the destination; the task exists (download it again)."""

_EXIT_CODES: tuple[tuple[type[SoraVideoError], int], ...] = (
    (TaskFailedError, EXIT_FAILED),
    (WaitTimeoutError, EXIT_WAIT_TIMEOUT),
    (APIError, EXIT_API),
    (APIConnectionError, EXIT_CONNECTION),
    (ProviderResponseError, EXIT_RESPONSE),
    (UnsafeDownloadError, EXIT_RESPONSE),
    (DestinationError, EXIT_SAVE),
)
"""Exit code of each error (first match); anything else is bad input, 2, while no task
exists, and an unusable answer, 6, once one does (a task id nothing can be done with)."""

ProviderOpt = Annotated[
    str,
    typer.Option(
        "--provider", "-p", help=f"One of: {', '.join(PROVIDERS)}.", envvar="SORAVIDEO_PROVIDER"
    ),
]
BaseUrlOpt = Annotated[
    str | None, typer.Option("--base-url", help="Override the provider's base URL (e.g. a mock).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the task as JSON.")]


def _error(message: str) -> None:
    """Print ``error: <message>`` on stderr, literally: provider text is never rich markup."""
    err.print(Text("error: ", style="bold red") + Text(message), highlight=False, soft_wrap=True)


def _usage_error(message: str) -> NoReturn:
    """Bad input: say so in one line and exit 2 (nothing was sent)."""
    _error(message)
    raise typer.Exit(EXIT_USAGE)


_OPTION_OF_FIELD = {"base_url": "--base-url", "timeout": "--timeout"}
"""Python parameter names that the CLI spells as options of its own."""


def _cli_message(exc: SoraVideoError, provider: str | None = None) -> str:
    """``exc``'s message in the CLI's words: options and environment variables, not kwargs."""
    if isinstance(exc, RequestValidationError) and exc.field:
        if exc.field == "api_key":
            key = (exc.provider or provider or "PROVIDER").upper()
            return (
                f"no API key for {exc.provider or provider}: set {key}_API_KEY in the environment"
            )
        option = _OPTION_OF_FIELD.get(exc.field, "--" + exc.field.replace("_", "-"))
        return f"{option}: {exc.message}"
    return exc.message


def _continue_hint(task_id: str, provider: str, base_url: str | None, command: str = "wait") -> str:
    """The command that picks a task up again (``soravideo wait ...`` or ``download``)."""
    where = f" --base-url {base_url}" if base_url else ""
    dest = " DEST" if command == "download" else ""
    return f"soravideo {command} {task_id}{dest} --provider {provider}{where}"


def _fail(
    exc: SoraVideoError, provider: str | None = None, base_url: str | None = None
) -> NoReturn:
    """Report ``exc`` in one line (plus the task id it carries) and exit with its code."""
    task_id = exc.task.id if exc.task is not None else exc.task_id
    code = next((c for kind, c in _EXIT_CODES if isinstance(exc, kind)), None)
    if code is None or (code == EXIT_SAVE and not task_id):
        code = EXIT_RESPONSE if task_id else EXIT_USAGE
    _error(_cli_message(exc, provider))
    if task_id:
        err.print(Text(f"task id: {task_id}"), highlight=False, soft_wrap=True)
        if code != EXIT_FAILED and provider:
            command = "download" if code == EXIT_SAVE else "wait"
            hint = _continue_hint(task_id, provider, base_url, command)
            err.print(Text(f"the task exists; continue with: {hint}"), soft_wrap=True)
    raise typer.Exit(code)


def _check_provider(provider: str) -> None:
    """The package's provider check (:func:`soravideo._types.check_provider`), as exit 2."""
    try:
        check_provider(provider)
    except SoraVideoError as exc:
        _fail(exc)


def _client(provider: str, base_url: str | None) -> VideoClient:
    _check_provider(provider)
    try:
        return VideoClient(provider, base_url=base_url)
    except SoraVideoError as exc:
        _fail(exc, provider, base_url)


def _task_dict(task: Task) -> dict[str, Any]:
    return {
        "provider": task.provider,
        "id": task.id,
        "status": task.status.value,
        "progress": task.progress,
        "video_urls": list(task.video_urls),
        "error": None
        if task.error is None
        else {"code": task.error.code, "message": task.error.message},
        "created_at": task.created_at.isoformat() if task.created_at else None,
        "completed_at": task.completed_at.isoformat() if task.completed_at else None,
        "expires_at": task.expires_at.isoformat() if task.expires_at else None,
        "model": task.model,
    }


def _show(task: Task, as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps(_task_dict(task)))
        return
    # one "key  value" line each, never wrapped or cut: URLs stay whole for copying
    for key, value in _task_dict(task).items():
        if value in (None, [], ""):
            continue
        values = value if isinstance(value, list) else [value]
        for i, item in enumerate(values):
            label = key if i == 0 else ""
            out.print(
                Text(f"{label:<13}", style="bold") + Text(str(item)),
                highlight=False,
                soft_wrap=True,
            )


def _progress_printer() -> Any:
    def show(task: Task) -> None:
        progress = "" if task.progress is None else f" {task.progress}%"
        err.print(f"{task.id}: {task.status.value}{progress}", highlight=False)

    return show


@app.command()
def generate(
    prompt: Annotated[str | None, typer.Argument(help="What the video shows.")] = None,
    provider: ProviderOpt = "evolink",
    base_url: BaseUrlOpt = None,
    model: Annotated[str, typer.Option(help=f"One of: {', '.join(MODELS)}.")] = "sora-2",
    duration: Annotated[int | None, typer.Option(help="Seconds.")] = None,
    aspect_ratio: Annotated[
        str | None, typer.Option(help=f"One of: {', '.join(ASPECT_RATIOS)} (where offered).")
    ] = None,
    quality: Annotated[
        str | None, typer.Option(help=f"One of: {', '.join(QUALITIES)} (where offered).")
    ] = None,
    image: Annotated[
        str | None, typer.Option(help="Image URL or local file (image-to-video).")
    ] = None,
    remix_of: Annotated[str | None, typer.Option(help="Task id to remix.")] = None,
    callback_url: Annotated[str | None, typer.Option(help="Webhook URL.")] = None,
    extra: Annotated[str | None, typer.Option(help="Provider-specific fields as JSON.")] = None,
    wait: Annotated[bool, typer.Option("--wait", help="Wait until the task finishes.")] = False,
    out_path: Annotated[
        str | None,
        typer.Option(
            "--out",
            help="Download the video here (implies --wait): a file, or a directory "
            "(existing, or ending in /) for <task id>.mp4.",
        ),
    ] = None,
    timeout: Annotated[
        float | None, typer.Option(help="Give up waiting after this many seconds.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create a video task; print its id at once; optionally wait and download."""
    try:
        extra_fields = json.loads(extra) if extra else {}
    except json.JSONDecodeError as exc:
        _usage_error(f"--extra is not valid JSON ({exc.msg} at character {exc.pos}): {extra!r}")
    if not isinstance(extra_fields, dict):
        _usage_error(f"--extra must be a JSON object such as '{{\"seed\": 7}}', got {extra!r}")
    try:
        request = VideoRequest(
            prompt=prompt,
            model=model,  # type: ignore[arg-type]
            duration=duration,
            aspect_ratio=aspect_ratio,  # type: ignore[arg-type]
            quality=quality,  # type: ignore[arg-type]
            image=image,
            remix_of=remix_of,
            callback_url=callback_url,
            extra=extra_fields,
        )
    except SoraVideoError as exc:
        _fail(exc, provider, base_url)
    if out_path is not None:
        try:  # before the task is paid for, not after it is made
            check_destination(out_path)
        except SoraVideoError as exc:
            _fail(exc, provider, base_url)
    with _client(provider, base_url) as client:
        task: Task | None = None
        try:
            task = client.create(request)
            err.print(Text(f"created {provider} task ") + Text(task.id, style="bold"))
            if not as_json:
                out.print(Text(task.id), highlight=False, soft_wrap=True)
            if wait or out_path is not None:
                task = client.wait(task, timeout=timeout, on_progress=_progress_printer())
                if task.status is not TaskStatus.COMPLETED:
                    raise TaskFailedError(task)
                if out_path is not None:
                    path = client.download(task, out_path, progress=sys.stderr.isatty())
                    err.print(Text(f"saved {path}"), highlight=False, soft_wrap=True)
            if as_json:
                _show(task, True)
        except SoraVideoError as exc:
            if task is not None:
                attach_task(exc, task)
            _fail(exc, provider, base_url)
        except KeyboardInterrupt:
            if task is None:
                raise
            hint = _continue_hint(task.id, provider, base_url)
            err.print(
                Text(f"\ninterrupted: task {task.id} exists and keeps running; continue with: ")
                + Text(hint),
                soft_wrap=True,
            )
            raise typer.Exit(130) from None


@app.command()
def status(
    task_id: str,
    provider: ProviderOpt = "evolink",
    base_url: BaseUrlOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show a task's current state."""
    with _client(provider, base_url) as client:
        try:
            _show(client.get(task_id), as_json)
        except SoraVideoError as exc:
            _fail(exc, provider, base_url)


@app.command("wait")
def wait_(
    task_id: str,
    provider: ProviderOpt = "evolink",
    base_url: BaseUrlOpt = None,
    timeout: Annotated[float | None, typer.Option(help="Seconds.")] = None,
    poll_interval: Annotated[
        float | None, typer.Option(help="Fixed seconds between polls.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Wait until a task completes, fails or is cancelled."""
    with _client(provider, base_url) as client:
        try:
            task = client.wait(
                task_id,
                timeout=timeout,
                poll_interval=poll_interval,
                on_progress=_progress_printer(),
            )
            _show(task, as_json)
            if task.status is not TaskStatus.COMPLETED:
                raise typer.Exit(EXIT_FAILED)
        except SoraVideoError as exc:
            _fail(exc, provider, base_url)


@app.command()
def download(
    task_id: str,
    dest: Annotated[
        str,
        typer.Argument(help="A file, or a directory (existing, or ending in /) for <task id>.mp4."),
    ] = ".",
    provider: ProviderOpt = "evolink",
    base_url: BaseUrlOpt = None,
) -> None:
    """Download a completed task's video."""
    with _client(provider, base_url) as client:
        try:
            path = client.download(task_id, dest, progress=sys.stderr.isatty())
        except SoraVideoError as exc:
            _fail(exc, provider, base_url)
    out.print(Text(str(path)), highlight=False, soft_wrap=True)


@app.command()
def cancel(
    task_id: str,
    provider: ProviderOpt = "qingbo",
    base_url: BaseUrlOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Cancel a task (where the provider allows it)."""
    with _client(provider, base_url) as client:
        try:
            _show(client.cancel(task_id), as_json)
        except SoraVideoError as exc:
            _fail(exc, provider, base_url)


@app.command()
def providers(
    as_json: Annotated[bool, typer.Option("--json", help="Print the offers as JSON.")] = False,
) -> None:
    """What each provider offers (read from its spec)."""
    rows: list[dict[str, Any]] = []
    for key in PROVIDERS:
        caps = capabilities(key)
        for offer in caps.offers:
            rows.append(
                {
                    "provider": key,
                    "model": offer.model,
                    "mode": offer.mode,
                    "durations": list(offer.durations),
                    "aspect_ratios": list(offer.aspect_ratios),
                    "qualities": list(offer.qualities),
                    "max_prompt_length": offer.max_prompt_length,
                    "callbacks": caps.callbacks,
                    "cancel": caps.cancel,
                    "idempotency_key_ttl": caps.idempotency_key_ttl,
                    "max_wait": caps.max_wait,
                }
            )
    if as_json:
        out.print_json(json.dumps(rows))
        return
    table = Table(title="Sora 2 providers")
    for column in (
        "provider",
        "model",
        "mode",
        "durations (s)",
        "aspect ratios",
        "quality",
        "prompt ≤",
    ):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["provider"],
            row["model"],
            row["mode"],
            ", ".join(map(str, row["durations"])) or "default",
            ", ".join(row["aspect_ratios"]) or "default",
            ", ".join(row["qualities"]) or "-",
            str(row["max_prompt_length"] or "-"),
        )
    # into a pipe or file rich would squeeze the table into 80 columns and cut the
    # provider names short ("firebir…"): there, print it at its natural width
    if out.is_terminal:
        out.print(table)
        return
    natural = out.measure(table, options=out.options.update_width(1000)).maximum
    Console(file=out.file, width=max(natural, out.width)).print(table)


@app.command()
def mock(
    provider: Annotated[str, typer.Argument(help=f"One of: {', '.join(PROVIDERS)}.")],
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0 picks a free one).")] = 0,
    api_key: Annotated[str, typer.Option(help="The bearer key the mock accepts.")] = "test-key",
    time_scale: Annotated[
        float, typer.Option(help="Divide the documented timings by this factor.")
    ] = 1.0,
    credits: Annotated[
        float | None,
        typer.Option(
            min=0,
            help="Starting credit balance (freesoragenerator charges per create; "
            "default 1,000,000).",
        ),
    ] = None,
    log: Annotated[
        bool,
        typer.Option("--log", help="One line per request on stderr: method, path, status, ms."),
    ] = False,
) -> None:
    """Serve a provider's stateful mock API until stopped; prints its base URL when ready."""
    _check_provider(provider)
    from soravideo.mock import serve

    def ready(base_url: str) -> None:
        print(base_url, flush=True)

    options: dict[str, Any] = {} if credits is None else {"credits": credits}
    try:
        serve(
            provider,
            host=host,
            port=port,
            api_key=api_key,
            time_scale=time_scale,
            ready=ready,
            log=sys.stderr if log else None,
            **options,
        )
    except OSError as exc:
        _os_error(host, port, exc)


def _os_error(host: str, port: int, exc: OSError) -> NoReturn:
    """One line and exit 7 when the address cannot be listened on; else exit 2."""
    import errno
    import socket

    reason = exc.strerror or str(exc)
    listen_errors = (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES)
    if isinstance(exc, socket.gaierror) or exc.errno in listen_errors:
        err.print(f"error: cannot listen on {host}:{port}: {reason}", highlight=False, markup=False)
        raise typer.Exit(EXIT_ADDRESS)
    err.print(f"error: {reason}", highlight=False, markup=False)
    raise typer.Exit(EXIT_USAGE)


@app.command()
def proxy(
    provider: Annotated[str, typer.Argument(help=f"One of: {', '.join(PROVIDERS)}.")],
    target: Annotated[
        str, typer.Option(help="Base URL to forward to (the provider's API, or a mock's URL).")
    ],
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0 picks a free one).")] = 0,
    report: Annotated[
        Path | None, typer.Option(help="On exit, write {exchanges, violations} as JSON here.")
    ] = None,
    junit: Annotated[
        Path | None, typer.Option(help="On exit, write JUnit XML here (a test case per operation).")
    ] = None,
    record: Annotated[
        Path | None,
        typer.Option(help="Write each exchange as a fixture (key redacted) into this directory."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Answer requests the spec forbids with the provider's error; unsent."
        ),
    ] = False,
) -> None:
    """Forward requests to --target, validating each exchange against the provider's spec.

    Prints its base URL, then one line per exchange; stops on Ctrl-C or SIGTERM
    and writes --report and --junit. Exit 1 when a violation was seen.
    """
    if provider not in PROVIDERS:
        err.print(
            f"[bold red]error:[/] unknown provider {provider!r}; one of {', '.join(PROVIDERS)}"
        )
        raise typer.Exit(EXIT_USAGE)
    from soravideo.proxy import run

    def ready(base_url: str) -> None:
        print(base_url, flush=True)

    try:
        seen = run(
            provider,
            target,
            host=host,
            port=port,
            report=report,
            junit=junit,
            record=record,
            strict=strict,
            ready=ready,
        )
    except ValueError as exc:
        err.print(f"error: {exc}", highlight=False, markup=False)
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as exc:
        _os_error(host, port, exc)
    found = seen.report()
    print(f"{found['exchanges']} exchange(s), {len(found['violations'])} violation(s)", flush=True)
    raise typer.Exit(1 if found["violations"] else 0)


BadLinesOpt = Annotated[
    str,
    typer.Option(
        "--bad-lines",
        help="refuse: list every bad line, send nothing (exit 2); skip: list them, run the rest.",
    ),
]


def _parse_rate(text: str) -> tuple[int, float]:
    requests, _, seconds = text.partition("/")
    try:
        return int(requests), float(seconds or "1")
    except ValueError:
        raise typer.BadParameter(f"expected REQUESTS/SECONDS such as 10/1, got {text!r}") from None


@app.command()
def batch(
    jobs_file: Annotated[
        Path, typer.Argument(help='JSON Lines: one request object per line, optional "id".')
    ],
    provider: ProviderOpt = "evolink",
    concurrency: Annotated[int, typer.Option(min=1, help="Jobs in flight at once.")] = 8,
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for <id>.mp4 files.")] = Path(
        "videos"
    ),
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the journal's interrupted run.")
    ] = False,
    journal_path: Annotated[
        Path | None,
        typer.Option("--journal", help="SQLite journal (default: OUT/soravideo-journal.sqlite3)."),
    ] = None,
    bad_lines: BadLinesOpt = "refuse",
    redis_url: Annotated[
        str | None,
        typer.Option(
            "--redis",
            envvar="SORAVIDEO_REDIS_URL",
            help="Share the rate-limit budget through Redis (redis://host:port/db).",
        ),
    ] = None,
    rate_limit: Annotated[
        str | None,
        typer.Option(
            "--rate-limit",
            help="REQUESTS/SECONDS, e.g. 10/1 (default: the provider's documented limit).",
        ),
    ] = None,
    no_download: Annotated[
        bool, typer.Option("--no-download", help="Stop when tasks complete.")
    ] = False,
    base_url: BaseUrlOpt = None,
    poll_interval: Annotated[
        float | None, typer.Option(help="Fixed seconds between status queries.")
    ] = None,
) -> None:
    """Generate every request of JOBS_FILE, journaled, rate limited, resumable."""
    import anyio

    from soravideo.batch import (
        JOURNAL_NAME,
        Journal,
        JournalError,
        check_jobs,
        make_rate_limit,
        read_jobs,
        run_batch,
    )

    _check_provider(provider)
    if bad_lines not in ("refuse", "skip"):
        err.print(f"[bold red]error:[/] --bad-lines must be refuse or skip, not {bad_lines!r}")
        raise typer.Exit(EXIT_USAGE)
    try:
        jobs, bad = read_jobs(jobs_file)
    except OSError as exc:
        err.print(f"[bold red]error:[/] cannot read {jobs_file}: {exc}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from exc
    jobs, unfit = check_jobs(jobs, provider)
    bad = sorted([*bad, *unfit], key=lambda b: b.line)
    for line in bad:
        err.print(
            f"{jobs_file}:{line.line}: {escape(line.error)}  [dim]{escape(line.text)}[/]",
            highlight=False,
            soft_wrap=True,
        )
    if bad and bad_lines == "refuse":
        err.print(
            f"[bold red]error:[/] {len(bad)} bad line(s); nothing was sent "
            "(fix them, or pass --bad-lines skip to run the others)"
        )
        raise typer.Exit(EXIT_USAGE)
    if bad:
        err.print(f"skipping {len(bad)} bad line(s)", highlight=False)
    if not jobs:
        err.print(f"[bold red]error:[/] no jobs to run in {jobs_file}")
        raise typer.Exit(EXIT_USAGE)
    requests_per = _parse_rate(rate_limit) if rate_limit else (None, None)
    try:
        limiter = make_rate_limit(
            provider, redis_url, requests=requests_per[0], per_seconds=requests_per[1]
        )
    except (ValueError, ImportError) as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_USAGE) from exc
    path = journal_path or out_dir / JOURNAL_NAME
    err.print(
        f"{len(jobs)} job(s) -> {provider}, concurrency {concurrency}, "
        f"rate limit {limiter.describe() if limiter else 'none documented'}, journal {path}",
        highlight=False,
        soft_wrap=True,
    )
    try:
        journal = Journal(path, create=not resume)  # --resume never starts a journal
    except JournalError as exc:
        _batch_fail(exc)

    async def go() -> BatchSummary:
        try:
            return await run_batch(
                jobs,
                provider=provider,
                out_dir=out_dir,
                concurrency=concurrency,
                journal=journal,
                resume=resume,
                limiter=limiter,
                progress=err.is_terminal,
                download=not no_download,
                poll_interval=poll_interval,
                base_url=base_url,
            )
        finally:
            if limiter is not None:
                await limiter.aclose()

    try:
        summary = anyio.run(go)
    except KeyboardInterrupt:
        counts = journal.counts()
        journal.close()
        err.print(
            Text.assemble(
                ("\ninterrupted:", "bold yellow"),
                " the journal is consistent; run the same command with --resume to continue "
                f"({_shown(str(path))})",
            )
        )
        err.print(", ".join(f"{state} {n}" for state, n in counts.items() if n), highlight=False)
        raise typer.Exit(130) from None
    except SoraVideoError as exc:
        journal.close()
        _batch_fail(exc)
    journal.close()
    summary = attrs.evolve(summary, skipped_bad_lines=len(bad))
    _batch_summary(summary, provider)
    raise typer.Exit(0 if summary.ok else EXIT_FAILED)


def _shown(text: str, limit: int = 200) -> str:
    """``text`` safe to print: lone surrogates escaped, cut at ``limit`` characters."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _batch_fail(exc: SoraVideoError) -> NoReturn:
    """One literal line (never read as markup), exit 2.

    What ``run_batch`` raises is bad input or an unusable journal (a
    ``JournalError``, a ``RequestValidationError`` such as a missing key):
    nothing was sent. Every job's own trouble is in the summary instead. A
    journal that broke during the run (``during_run``) exits 1: requests were
    sent, and the message names any id the journal could not keep.
    """
    err.print(Text.assemble(("error:", "bold red"), " ", _shown(str(exc), 200_000)))
    raise typer.Exit(EXIT_FAILED if getattr(exc, "during_run", False) else EXIT_USAGE)


def _batch_summary(summary: BatchSummary, provider: str) -> None:
    table = Table(title=f"soravideo batch: {_shown(provider)}")
    table.add_column("jobs", justify="left")
    table.add_column("count", justify="right")
    rows = [
        ("total", summary.total),
        ("created now", summary.created),
        ("completed", summary.completed),
        ("downloaded", summary.downloaded),
        ("failed", summary.failed),
        ("may exist (not re-sent)", summary.may_exist),
        ("unfinished (--resume)", summary.unfinished),
        ("already done (skipped)", sum(r.skipped for r in summary.results)),
        ("bad lines skipped", summary.skipped_bad_lines),
    ]
    if summary.resolved:
        rows.insert(2, ("resolved by idempotency key", summary.resolved))
    for name, value in rows:
        table.add_row(name, str(value))
    for unit, amount in summary.costs.items():
        table.add_row(Text(f"cost ({_shown(unit, 40)})"), Text(f"{amount:f}"))
    rate = summary.requests / summary.elapsed if summary.elapsed > 0 else 0.0
    out.print(table)
    out.print(
        f"{summary.requests} requests ({summary.rate_limited} answered 429) "
        f"in {summary.elapsed:.1f} s, {rate:.1f}/s",
        highlight=False,
        soft_wrap=True,
    )
    problems = [r for r in summary.results if r.state not in ("downloaded", "completed") or r.error]
    if problems:
        detail = Table(title="jobs needing attention")
        for column in ("line", "id", "state", "task id", "error"):
            detail.add_column(column)
        for r in problems:
            detail.add_row(
                str(r.line),
                Text(r.key),
                r.state,
                Text(_shown(r.task_id) if r.task_id else "-"),
                Text(_shown(r.error or "", 500)),
            )
        out.print(detail)


def main() -> None:
    """Console-script entry point."""
    app()
