"""The README's examples work as written: every code block runs against the mocks.

The blocks are read from README.md by :mod:`contracts.readme` (one test per block,
named ``heading | first line``), so a changed README is tested as it is. The only
per-block knowledge is :data:`NOT_RUNNABLE`, the blocks that cannot run here and
why; every other block runs, and a block that is neither runnable nor listed fails
:func:`test_every_block_runs_or_is_listed`.

How each kind of block runs
    * ``python``: in a subprocess, as ``__main__`` (``python -m contracts.readme
      run``), a value shown in a comment (``expr  # (15, 25)``) is checked, and
      so is a file a comment shows (``# videos/<task id>.mp4``: one must exist
      afterwards); a block defining ``test_*`` functions is a test module and
      runs under pytest.
    * ``console``: each ``soravideo`` command in turn, as a subprocess of the
      console script, checking its exit status (0 unless ``# exits N``) and the
      output shown by ``# prints TEXT``. ``export``/``VAR=value`` set the
      environment. A block with any other program must be listed.
    * ``json``/``jsonl``/``yaml``: must parse; the file the prose names
      (``jobs.jsonl``) is written into the working directory of every block of
      the same ``##`` section, and some runnable block of that section must use
      it (e.g. ``soravideo batch jobs.jsonl``), which feeds it to its consumer.

Where they run
    Each block runs in a fresh temporary directory, with every provider's
    ``<PROVIDER>_API_KEY`` set to the mocks' key, and a ``sitecustomize`` that
    installs :mod:`contracts.readme_sandbox`: httpx clients created without a
    transport send a provider's documented host (``api.evolink.ai``) to that
    provider's mock (one uvicorn :class:`~soravideo.mock.MockServer` per provider,
    shared by the module, ``time_scale`` :data:`TIME_SCALE`), loopback through,
    and refuse everything else. So ``VideoClient("evolink")``, a generated client
    built with ``base_url="https://api.evolink.ai"`` and ``soravideo generate``
    without ``--base-url`` all run unchanged, and nothing reaches a real provider.

Placeholders and rewrites in console commands (documented, generic)
    * a value ``...`` (``export EVOLINK_API_KEY=...``) is the mocks' key;
    * an argument ``ID`` or ``<NAME>_ID`` (``TASK_ID``) is the id of a task created
      for that command on the ``--provider``'s mock (queued forever for ``cancel``,
      see :data:`PLACEHOLDER_PROMPTS`; completed at once otherwise);
    * a loopback ``--base-url`` that no server of the block listens on (the
      README's ``http://127.0.0.1:8080`` used in another section) is the
      provider's shared mock;
    * ``--port N`` of a server command (``soravideo mock``) becomes ``--port 0``,
      and ``127.0.0.1:N`` in the rest of the block (``--base-url``, ``# prints``)
      becomes the address it really listens on, so parallel runs never collide;
    * ``--time-scale N`` is raised to :data:`TIME_SCALE` so waits take moments.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import re
import selectors
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
import yaml

from contracts import readme
from contracts.readme_sandbox import LOOPBACK, ROUTES_ENV, SITECUSTOMIZE, route
from soravideo import (
    PROVIDERS,
    RequestValidationError,
    SoraVideoError,
    VideoClient,
    VideoRequest,
    _spec,
)
from soravideo.mock import MockServer, create_app

ROOT = Path(__file__).resolve().parent.parent
KEY = "test-key"
"""The mocks' API key (the README's own, as in ``soravideo mock --api-key test-key``),
also what a ``...`` placeholder stands for."""
TIME_SCALE = 10_000.0
"""Provider seconds per real second in the mocks (evolink's 300 s task: 30 ms)."""
COMMAND_TIMEOUT = 60.0
"""Seconds one block or command may take before it counts as hung."""
WORKERS = 4
"""Blocks run at the same time (they mostly wait; see the ``ran`` fixture)."""
SERVER_SUBCOMMANDS = frozenset({"mock", "proxy"})
"""``soravideo`` subcommands that keep running (served in the background)."""
PLACEHOLDER_PROMPTS = {"cancel": "A README placeholder task STALL_QUEUED"}
"""Prompt of the task a ``TASK_ID`` stands for, by subcommand (qingbo cancels only
queued tasks: the mock's ``STALL_QUEUED`` keeps it queued)."""
DEFAULT_PLACEHOLDER_PROMPT = "A README placeholder task"

NOT_RUNNABLE: dict[str, str] = {
    'Quick start (this repository) | python -m pip install -e ".[dev]" && nox -s contracts': (
        "installs into the running environment, then runs the whole contract suite "
        "(about 90 s); CI runs `nox -s contracts` itself"
    ),
    "Quick start (this repository) | nox -s tests": (
        "is the session running this test (it would recurse); CI runs it"
    ),
    "Install | pip install soravideo # or, from a checkout: pip install .": (
        "installs from the package index into the running environment"
    ),
    "Requests | evolink does not accept duration=12 (model sora-2, text-to-video): "
    "allowed [10, 15] [spec: $.duration]": (
        "an error message quoted as text, not a program; "
        "tests/test_readme.py::test_quoted_validation_message checks it"
    ),
    "Live checks (a person, a key, an explicit flag) | EVOLINK_API_KEY=... nox -s "
    "contracts -- --live evolink # free checks only": (
        "live checks need a real provider and key by design (the nox session also "
        "installs Prism from npm, and `--record` writes fixtures into the repository); "
        "contracts/tests/test_live_logic.py checks live mode against the mocks"
    ),
    "A CI job | set -euo pipefail": (
        "a bash script for the user's CI (background servers, kill); "
        "tests/test_readme_ci.py runs it"
    ),
    "When a provider changes its docs | nox -s sources -- --live qingbo": (
        "fetches the providers' real pages (a person runs it, never CI); "
        "contracts/tests/test_sources_live.py runs it against pages served on loopback"
    ),
    "When a provider changes its docs | nox -s sources -- diff qingbo new-sora-page.txt "
    "[--source sora-page] [--json]": (
        "a synopsis: the page file and the bracketed options are placeholders; "
        "contracts/tests/test_sources_diff.py runs it on copies of the real captures"
    ),
    "When a provider changes its docs | source: sora-page "
    "(https://docs.qingbo.dev/en/api-reference/video/sora, read 2026-11)": (
        "output of the diff above, quoted as text (abridged)"
    ),
    "When a provider changes its docs | python -m contracts.sources hash "
    "../shared/provider-docs/<file>": (
        "<file> is a placeholder; contracts/tests/test_sources.py checks `hash` "
        "and `nox -s sources` runs in CI"
    ),
    "What a change does to users: the impact report | $ nox -s impact -- --base HEAD~1": (
        "a transcript of an edit made in a scratch clone; "
        "contracts/tests/test_impact_git.py makes that edit and checks the report"
    ),
    "What a change does to users: the impact report | $ nox -s impact -- --write-changelog "
    '# prepends "## [0.2.0]" to CHANGELOG.md, sets pyproject\'s version': (
        "writes CHANGELOG.md and pyproject.toml of this repository; "
        "contracts/tests/test_impact_git.py runs both commands in scratch clones"
    ),
}
"""Blocks that do not run here, by :attr:`contracts.readme.Block.key`, with the reason."""

BLOCKS = readme.blocks()


def _runnable(block: readme.Block) -> bool:
    if block.language == "python" or block.language in readme.DATA_LANGUAGES:
        return True
    if block.language == "console":
        return all(c.export or c.program == "soravideo" for c in readme.commands(block.text))
    return False


RUNNABLE = [b for b in BLOCKS if _runnable(b) and b.key not in NOT_RUNNABLE]


def _params(*languages: str) -> list[Any]:
    """The runnable, unlisted blocks of those languages, each test named by its key."""
    return [pytest.param(b, id=b.key) for b in RUNNABLE if b.language in languages]


# --------------------------------------------------------------------------- environment
@pytest.fixture(scope="module")
def routes() -> Iterator[dict[str, str]]:
    """Every provider's mock served on 127.0.0.1, as ``{documented host: base URL}``."""
    servers = {p: MockServer(create_app(p, api_key=KEY, time_scale=TIME_SCALE)) for p in PROVIDERS}
    try:
        found = {}
        for provider, server in servers.items():
            host = httpx.URL(_spec.load(provider)["servers"][0]["url"]).host
            found[host] = server.start()
        yield found
    finally:
        for server in servers.values():
            server.stop()


@pytest.fixture(scope="module")
def sitedir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding the sandbox's ``sitecustomize.py``."""
    path = tmp_path_factory.mktemp("readme-site")
    (path / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def env(routes: dict[str, str], sitedir: Path) -> dict[str, str]:
    """The environment of a README subprocess (keys set, proxies off, sandbox on)."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.lower().endswith("_proxy") and not k.startswith("SORAVIDEO_")
    }
    base.update({f"{p.upper()}_API_KEY": KEY for p in PROVIDERS})
    base[ROUTES_ENV] = json.dumps(routes)
    base["PYTHONPATH"] = os.pathsep.join([str(sitedir), str(ROOT)])
    base["PYTHONUNBUFFERED"] = "1"
    base["COLUMNS"] = "200"
    return base


def _workdir(block: readme.Block, tmp_path: Path) -> Path:
    """A fresh directory holding the data files of ``block``'s section."""
    work = tmp_path / "work"
    work.mkdir()
    for data in BLOCKS:
        if data.data_file and data.section == block.section:
            target = work / data.data_file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(data.text, encoding="utf-8")
    return work


def _context(block: readme.Block) -> str:
    files = [f"{d.data_file} (README.md:{d.line})" for d in BLOCKS if _feeds(d, block)]
    return f"{block.where()}" + (f", with {', '.join(files)}" if files else "")


def _feeds(data: readme.Block, block: readme.Block) -> bool:
    return bool(data.data_file and data.section == block.section and data.data_file in block.text)


def _tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _failure(where: str, what: str, stdout: str, stderr: str) -> str:
    return f"{where}\n{what}\n--- stdout\n{_tail(stdout)}\n--- stderr\n{_tail(stderr)}"


# --------------------------------------------------------------------------- the table
def test_every_block_runs_or_is_listed() -> None:
    """No block is left out silently, and the table names only blocks that exist."""
    keys = {b.key for b in BLOCKS}
    unlisted = [b.where() for b in BLOCKS if not _runnable(b) and b.key not in NOT_RUNNABLE]
    stale = [key for key in NOT_RUNNABLE if key not in keys]
    assert not unlisted, (
        "README blocks that cannot run here must be listed in NOT_RUNNABLE with the "
        "reason:\n" + "\n".join(unlisted)
    )
    assert not stale, "NOT_RUNNABLE names blocks the README no longer has:\n" + "\n".join(stale)


QUOTED_REFUSAL = re.compile(r"^(?P<provider>\w+) does not accept (?P<field>\w+)=(?P<value>\S+) ")
"""A refusal message quoted as text: ``evolink does not accept duration=12 (...)...``."""


def test_quoted_validation_message() -> None:
    """A quoted "X does not accept field=value" is what that request raises, sending nothing."""
    quoted = [b for b in BLOCKS if b.language == "" and QUOTED_REFUSAL.match(b.first_line)]
    assert quoted, "the README no longer quotes a validation message: update NOT_RUNNABLE"
    for block in quoted:
        found = QUOTED_REFUSAL.match(block.first_line)
        assert found is not None
        field, value = found["field"], ast.literal_eval(found["value"])
        transport = httpx.MockTransport(_no_request)
        with (
            VideoClient(found["provider"], api_key=KEY, transport=transport) as client,
            pytest.raises(RequestValidationError) as caught,
        ):
            client.create(VideoRequest(**{"prompt": "A cat", field: value}))
        assert str(caught.value) == block.first_line, block.where()


def _no_request(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a request was sent: {request.method} {request.url}")


# --------------------------------------------------------------------------- python
def _run_python(block: readme.Block, env: dict[str, str], tmp_path: Path) -> None:
    """Run a python block (a test module: with pytest); raise naming it unless it passes."""
    work = _workdir(block, tmp_path)
    if readme.defines_tests(block.text):
        source = work / "test_readme_block.py"
        argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", source.name]
    else:
        source = tmp_path / "block.py"
        argv = [sys.executable, "-m", "contracts.readme", "run", str(source)]
        argv += ["--line", str(block.line)]
    source.write_text(block.text, encoding="utf-8")
    try:
        done = subprocess.run(
            argv, cwd=work, env=env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(
            _failure(
                _context(block),
                f"still running after {exc.timeout} s",
                _text(exc.stdout),
                _text(exc.stderr),
            )
        )
    assert done.returncode == 0, _failure(
        _context(block), f"exited {done.returncode}", done.stdout, done.stderr
    )
    for pattern in readme.shown_files(block.text):
        assert any(work.glob(pattern)), _failure(
            _context(block),
            f"left no file {pattern} as its comment shows",
            done.stdout,
            done.stderr,
        )


def _text(data: str | bytes | None) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return data or ""


# --------------------------------------------------------------------------- data
@pytest.mark.parametrize("block", _params(*readme.DATA_LANGUAGES))
def test_data_block(block: readme.Block) -> None:
    """The block parses, and a runnable block of its section consumes the file it names."""
    try:
        if block.language in ("yaml", "yml"):
            yaml.safe_load(block.text)
        elif block.language == "jsonl" or (block.data_file or "").endswith(".jsonl"):
            for number, line in enumerate(block.text.splitlines(), block.line):
                if line.strip() and not line.lstrip().startswith("#"):
                    assert isinstance(json.loads(line), dict), f"README.md:{number}: not an object"
        else:
            json.loads(block.text)
    except (ValueError, yaml.YAMLError) as exc:
        pytest.fail(f"{block.where()}: does not parse: {exc}")
    if block.data_file is not None:
        consumers = [
            b for b in RUNNABLE if b.language not in readme.DATA_LANGUAGES and _feeds(block, b)
        ]
        assert consumers, (
            f"{block.where()}: the README names it {block.data_file}, but no runnable "
            f"block of the section '{block.section}' uses that file"
        )


# --------------------------------------------------------------------------- console
def _soravideo() -> str:
    script = shutil.which("soravideo") or str(Path(sys.executable).parent / "soravideo")
    assert Path(script).exists(), "the soravideo console script is not installed"
    return script


class _Routed(httpx.HTTPTransport):
    """The sandbox's routing (:func:`contracts.readme_sandbox.route`) for this process."""

    def __init__(self, routes: dict[str, httpx.URL]) -> None:
        super().__init__()
        self.routes = routes

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return super().handle_request(route(self.routes, request))


class _Session:
    """Runs the commands of one console block in order, sharing env and directory."""

    def __init__(
        self, block: readme.Block, env: dict[str, str], work: Path, routes: dict[str, str]
    ):
        self.block = block
        self.env = dict(env)
        self.work = work
        self.routes = routes
        self.replace: dict[str, str] = {}
        self.servers: list[subprocess.Popen[str]] = []
        self._port = ""

    def close(self) -> None:
        for proc in self.servers:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
                proc.kill()
                proc.wait(timeout=5)

    def _sub(self, text: str) -> str:
        for old, new in self.replace.items():
            text = text.replace(old, new)
        return text

    def _value(self, value: str) -> str:
        return KEY if readme.is_secret_placeholder(value) else self._sub(value)

    def _shared_mock(self, command: readme.Command) -> str:
        provider = command.option("--provider") or "evolink"
        return self.routes[httpx.URL(_spec.load(provider)["servers"][0]["url"]).host]

    def _base_url(self, command: readme.Command, value: str) -> str:
        """``--base-url``: a loopback URL that no server of this block serves is the shared mock."""
        url = httpx.URL(self._sub(value))
        served = set(self.replace.values())
        if url.host in LOOPBACK and f"{url.host}:{url.port}" not in served:
            with contextlib.suppress(ValueError):  # an unknown --provider: the CLI says so
                return self._shared_mock(command)
        return str(url)

    def _placeholder_task(self, command: readme.Command) -> str:
        """The id of a task made for a ``TASK_ID`` of ``command``, on the mock it talks to."""
        provider = command.option("--provider") or "evolink"
        prompt = PLACEHOLDER_PROMPTS.get(command.argv[1], DEFAULT_PLACEHOLDER_PROMPT)
        key = self._value(dict(command.env).get(f"{provider.upper()}_API_KEY", KEY))
        try:
            base = command.option("--base-url")
            if base is None:  # the command talks to the provider's host: so does the create
                base = str(_spec.load(provider)["servers"][0]["url"])
                routed = {httpx.URL(base).host: httpx.URL(self._shared_mock(command))}
                http: httpx.BaseTransport | None = _Routed(routed)
            else:
                base, http = self._base_url(command, base), None
            with VideoClient(provider, api_key=key, base_url=base, transport=http) as client:
                return client.create(VideoRequest(prompt=prompt)).id
        except (SoraVideoError, ValueError) as exc:
            pytest.fail(
                f"{_context(self.block)}\n$ {command.text}\n"
                f"no task for its placeholder on the mock: {type(exc).__name__}: {exc}"
            )

    def _argv(self, command: readme.Command, server: bool) -> list[str]:
        argv = [_soravideo()]
        args = list(command.argv[1:])
        for i, arg in enumerate(args):
            previous = args[i - 1] if i else ""
            if server and previous == "--port":
                self._port, args[i] = arg, "0"
            elif previous == "--time-scale":
                args[i] = str(max(float(arg), TIME_SCALE))
            elif previous == "--base-url":
                args[i] = self._base_url(command, arg)
            elif i > 0 and readme.is_id_placeholder(arg):
                args[i] = self._placeholder_task(command)
            else:
                args[i] = self._sub(arg)
        return argv + args

    def run(self, command: readme.Command) -> None:
        env = {**self.env, **{k: self._value(v) for k, v in command.env}}
        if command.export:
            self.env = env
            return
        server = command.server or (len(command.argv) > 1 and command.argv[1] in SERVER_SUBCOMMANDS)
        self._port = ""
        argv = self._argv(command, server)
        where = f"{_context(self.block)}\n$ {command.text}"
        if server:
            self._serve(argv, env, command, where)
            return
        try:
            done = subprocess.run(
                argv,
                cwd=self.work,
                env=env,
                capture_output=True,
                text=True,
                timeout=COMMAND_TIMEOUT,
            )
        except subprocess.TimeoutExpired as exc:
            pytest.fail(
                _failure(
                    where,
                    f"still running after {exc.timeout} s",
                    _text(exc.stdout),
                    _text(exc.stderr),
                )
            )
        assert done.returncode == command.exit_code, _failure(
            where,
            f"exited {done.returncode}, the README expects {command.exit_code}",
            done.stdout,
            done.stderr,
        )
        if command.prints is not None:
            expected = self._sub(command.prints)
            assert expected in done.stdout + done.stderr, _failure(
                where, f"does not print {expected!r} as the README shows", done.stdout, done.stderr
            )

    def _serve(
        self, argv: list[str], env: dict[str, str], command: readme.Command, where: str
    ) -> None:
        proc = subprocess.Popen(
            argv, cwd=self.work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.servers.append(proc)
        assert proc.stdout is not None
        first = _readline(proc.stdout, COMMAND_TIMEOUT).strip()
        if not first:
            proc.terminate()
            _, err = proc.communicate(timeout=10)
            pytest.fail(_failure(where, f"printed nothing (exit {proc.returncode})", "", err))
        if self._port:  # the README's port, in the rest of the block, is the real one
            address = httpx.URL(first)
            self.replace[f"{address.host}:{self._port}"] = f"{address.host}:{address.port}"
        if command.prints is not None:
            expected = self._sub(command.prints)
            assert first == expected, _failure(
                where,
                f"printed {first!r} when ready; the README shows {command.prints!r}"
                f" (port rewritten: {expected!r})",
                first,
                "",
            )


def _readline(stream: IO[str], timeout: float) -> str:
    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)
    try:
        if not selector.select(timeout):
            return ""
        return stream.readline()
    finally:
        selector.close()


def _run_console(
    block: readme.Block, env: dict[str, str], routes: dict[str, str], tmp_path: Path
) -> None:
    """Run a console block's commands in order; raise naming the first that fails."""
    session = _Session(block, env, _workdir(block, tmp_path), routes)
    try:
        for command in readme.commands(block.text):
            session.run(command)
    finally:
        session.close()


# --------------------------------------------------------------------------- the runs
@pytest.fixture(scope="module")
def ran(
    request: pytest.FixtureRequest,
    env: dict[str, str],
    routes: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, Future[None]]]:
    """The python and console blocks selected in this session, run WORKERS at a time.

    Most of a block's time is spent waiting (process start, the client's first
    poll 2 s after a create), so the blocks run side by side from the first test
    on; each test then reports its own block. Blocks are independent: each has
    its own directory, and the shared mocks keep every task apart.
    """
    selected = [
        item.callspec.params["block"]
        for item in request.session.items
        if isinstance(item, pytest.Function)
        and item.originalname in ("test_python_block", "test_console_block")
    ]
    with ThreadPoolExecutor(WORKERS, thread_name_prefix="readme") as pool:
        futures = {}
        for block in selected:
            tmp = tmp_path_factory.mktemp("readme-block")
            if block.language == "python":
                futures[block.key] = pool.submit(_run_python, block, env, tmp)
            else:
                futures[block.key] = pool.submit(_run_console, block, env, routes, tmp)
        yield futures


@pytest.mark.parametrize("block", _params("python"))
def test_python_block(block: readme.Block, ran: dict[str, Future[None]]) -> None:
    """The block runs to the end against the mocks, showing the values it claims."""
    ran[block.key].result()


@pytest.mark.parametrize("block", _params("console"))
def test_console_block(block: readme.Block, ran: dict[str, Future[None]]) -> None:
    """Every command of the block exits as the README says and prints what it shows."""
    ran[block.key].result()


# --------------------------------------------------------------------------- the harness
def test_commands_follow_the_readme_conventions() -> None:
    text = (
        "export EVOLINK_API_KEY=...\n"
        "soravideo mock evolink --port 8080 \\\n"
        "    --time-scale 60\n"
        "# prints http://127.0.0.1:8080 when ready\n"
        'A=1 soravideo generate "a # b" --out videos/  # exits 5\n'
        "pip install x && soravideo status TASK_ID  # what it does\n"
    )
    export, mock, generate, pip, status = readme.commands(text)
    assert export.export
    assert export.env == (("EVOLINK_API_KEY", "..."),)
    assert not export.argv
    assert mock.argv == ("soravideo", "mock", "evolink", "--port", "8080", "--time-scale", "60")
    assert (mock.prints, mock.server, mock.exit_code) == ("http://127.0.0.1:8080", True, 0)
    assert generate.argv == ("soravideo", "generate", "a # b", "--out", "videos/")
    assert (generate.env, generate.exit_code, generate.prints) == ((("A", "1"),), 5, None)
    assert (pip.program, status.program, status.option("--out")) == ("pip", "soravideo", None)
    assert generate.option("--out") == "videos/"
    assert [readme.is_id_placeholder(w) for w in ("TASK_ID", "ID", "PATH", "task_id")] == [
        True,
        True,
        False,
        False,
    ]


def test_transcripts_separate_commands_from_output() -> None:
    text = "$ soravideo a  # prints 'ok';\nok\n# not a comment here\n$ soravideo b\n"
    first, second = readme.commands(text)
    assert (first.argv, first.prints, first.shown) == (
        ("soravideo", "a"),
        "ok",
        ("ok", "# not a comment here"),
    )
    assert (second.argv, second.shown) == (("soravideo", "b"), ())
    assert readme.defines_tests("import x\n\ndef test_a():\n    pass\n")
    shown = "p = f(t, 'videos/')  # videos/<task id>.mp4\nq = 1  # prose / <not a path>\n"
    assert readme.shown_files(shown) == ["videos/*.mp4"]
    assert not readme.defines_tests("def helper():\n    pass\nhelper()\n")


def test_shown_values_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    source = "x = (1, 2)\nx  # (1, ...)\nprint(x)  # prose, not a value\nx  # [1, 2]\n"
    assert sorted(readme.expectations(source)) == [2, 4]
    assert readme.matches((1, (2, 3)), (1, ...))
    assert not readme.matches([1, 2], (1, 2))
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])  # run_python sets it
    with pytest.raises(AssertionError, match=r"README.md:13: the value is \(1, 2\)"):
        readme.run_python(source, line=10)


def test_data_files_come_from_the_prose(tmp_path: Path) -> None:
    page = tmp_path / "README.md"
    page.write_text(
        "# t\n\n## Batch\n\n`jobs.jsonl` holds jobs:\n\n```json\n{}\n```\n\n"
        "```json\n{}\n```\n\n### Sub\n\n```console\nsoravideo providers\n```\n",
        encoding="utf-8",
    )
    first, second, console = readme.blocks(page)
    assert (first.data_file, second.data_file) == ("jobs.jsonl", None)
    assert (first.line, console.heading, console.section) == (8, "Sub", "Batch")
    assert (first.key, second.key) == ("Batch | {}", "Batch | {} #2")


def test_the_sandbox_routes_providers_and_refuses_the_rest(env: dict[str, str]) -> None:
    """In a README subprocess, api.evolink.ai is the mock; any other host is never contacted."""
    code = (
        "import asyncio, httpx\n"
        "r = httpx.get('https://api.evolink.ai/v1/tasks/task-unified-0', "
        "headers={'Authorization': 'Bearer test-key'})\n"
        "print(r.status_code, r.json()['error']['code'])\n"
        "async def other():\n"
        "    async with httpx.AsyncClient() as c:\n"
        "        await c.get('https://example.com/')\n"
        "try:\n"
        "    asyncio.run(other())\n"
        "except httpx.ConnectError as e:\n"
        "    print('refused:', e)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    status, refused = done.stdout.splitlines()
    assert status.startswith("404 ")
    assert refused == (
        "refused: README sandbox: example.com is neither a provider's host nor loopback; not sent"
    )
