"""Start and stop a Prism mock server for a provider's spec (loopback only).

`Prism <https://github.com/stoplightio/prism>`_ (``@stoplight/prism-cli``, npm)
serves an OpenAPI document as a mock API: by default each operation answers with
the spec's documented response examples; with ``dynamic=True`` (``prism mock -d``)
it generates bodies from the response schemas with json-schema-faker (seeded, so
runs repeat). The contract suite uses it as an independent reading of the specs:
if the generated clients parse what Prism serves, the spec's examples and schemas
agree with the code generated from them (``contracts/tests/test_prism.py``).

Which Prism runs, in order:

1. ``$PRISM_BIN`` (``nox -s contracts`` installs Prism and exports it);
2. ``.nox/node/node_modules/.bin/prism`` (where the nox sessions install it);
3. only through :func:`ensure_prism` / ``python -m contracts.prism install``:
   ``npm install @stoplight/prism-cli@5.16.0`` into ``.nox/node`` (network).

Finding Prism never touches the network; installing it does, so the tests only
look for it (:func:`find_prism`) and skip when it is absent.

Usage::

    with start_prism("evolink") as server:      # Prism on 127.0.0.1:<free port>
        httpx.get(f"{server.base_url}/v1/tasks/task-unified-1")
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO

REPO_ROOT = Path(__file__).resolve().parent.parent
SPECS_DIR = REPO_ROOT / "specs"
NODE_DIR = REPO_ROOT / ".nox" / "node"
"""npm prefix the nox sessions install Node tools into."""
PRISM_PACKAGE = "@stoplight/prism-cli"
PRISM_VERSION = "5.16.0"
"""The Prism release the suite is pinned to (the same as ``nox -s contracts``)."""
PRISM_ENV = "PRISM_BIN"
"""Environment variable naming the Prism executable."""
DEFAULT_SEED = "soravideo"
"""Seed of the dynamic (``-d``) mode, so generated bodies repeat across runs."""


class PrismError(RuntimeError):
    """Prism could not be found, installed, started or stopped."""


def default_prism_path() -> Path:
    """Where the nox sessions install Prism: ``.nox/node/node_modules/.bin/prism``."""
    return NODE_DIR / "node_modules" / ".bin" / "prism"


def find_prism() -> Path | None:
    """The Prism executable from ``$PRISM_BIN`` or ``.nox/node``, or None (no network).

    Raises:
        PrismError: ``$PRISM_BIN`` is set but names no file (a broken setup is
            reported, not silently replaced).
    """
    configured = os.environ.get(PRISM_ENV)
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise PrismError(f"${PRISM_ENV} is {configured!r}, which is not a file")
        return path
    path = default_prism_path()
    return path if path.is_file() else None


def install_prism(prefix: Path = NODE_DIR, *, timeout: float = 300.0) -> Path:
    """``npm install`` the pinned Prism into ``prefix``; return its executable.

    Raises:
        PrismError: npm is missing, fails or takes longer than ``timeout`` seconds.
    """
    npm = shutil.which("npm")
    if npm is None:
        raise PrismError("npm is needed to install Prism (apt-get install nodejs npm)")
    command = [
        npm,
        "install",
        "--silent",
        "--no-audit",
        "--no-fund",
        "--prefix",
        str(prefix),
        f"{PRISM_PACKAGE}@{PRISM_VERSION}",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise PrismError(f"npm install {PRISM_PACKAGE} took over {timeout:g} s") from exc
    exe = prefix / "node_modules" / ".bin" / "prism"
    if done.returncode != 0 or not exe.is_file():
        tail = (done.stderr or done.stdout).strip()[-2000:]
        raise PrismError(f"npm install {PRISM_PACKAGE}@{PRISM_VERSION} failed: {tail}")
    return exe


def ensure_prism() -> Path:
    """:func:`find_prism`, else :func:`install_prism` into ``.nox/node`` (uses the network).

    Raises:
        PrismError: Prism is absent and cannot be installed.
    """
    return find_prism() or install_prism()


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def spec_path(provider: str) -> Path:
    """``specs/<provider>.yaml``.

    Raises:
        PrismError: there is no such spec.
    """
    path = SPECS_DIR / f"{provider}.yaml"
    if not path.is_file():
        raise PrismError(f"no spec {path} for provider {provider!r}")
    return path


@dataclass
class PrismServer:
    """A running ``prism mock`` process (see :func:`start_prism`).

    Use it as a context manager, or call :meth:`stop`; stopping twice is harmless.
    """

    provider: str
    host: str
    port: int
    dynamic: bool
    process: subprocess.Popen[bytes] = field(repr=False)
    log_file: IO[bytes] = field(repr=False)

    @property
    def base_url(self) -> str:
        """``http://<host>:<port>``, the base URL to give a client."""
        return f"http://{self.host}:{self.port}"

    def log(self) -> str:
        """Everything Prism has printed so far (for failure messages)."""
        self.log_file.flush()
        self.log_file.seek(0)
        return self.log_file.read().decode("utf-8", "replace")

    def running(self) -> bool:
        """Whether the Prism process is still alive."""
        return self.process.poll() is None

    def stop(self, timeout: float = 5.0) -> None:
        """Terminate Prism (its whole process group), then kill it after ``timeout`` s."""
        if self.process.poll() is None:
            _signal_group(self.process, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                _signal_group(self.process, signal.SIGKILL)
                self.process.wait(timeout)
        if not self.log_file.closed:
            self.log_file.close()

    def __enter__(self) -> PrismServer:
        """Return the running server."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.stop()


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Send ``sig`` to the process group Prism leads (it was started in its own session)."""
    with contextlib.suppress(ProcessLookupError):
        if sys.platform == "win32":  # pragma: no cover - no process groups
            process.send_signal(sig)
        else:
            os.killpg(process.pid, sig)


def _launch(
    provider: str, executable: Path, host: str, port: int, dynamic: bool, seed: str
) -> PrismServer:
    command = [str(executable), "mock", str(spec_path(provider)), "-h", host, "-p", str(port)]
    if dynamic:
        command += ["-d", "--seed", seed, "--json-schema-faker-fillProperties=false"]
    log_file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by PrismServer.stop
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        cwd=REPO_ROOT,
        start_new_session=True,
    )
    return PrismServer(provider, host, port, dynamic, process, log_file)


def _listening(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def wait_listening(servers: Sequence[PrismServer], timeout: float = 30.0) -> None:
    """Block until every server accepts connections.

    Raises:
        PrismError: a Prism process exited, or ``timeout`` seconds passed first; the
            message has Prism's output. The servers are left to the caller to stop.
    """
    deadline = time.monotonic() + timeout
    pending = list(servers)
    while pending:
        for server in list(pending):
            if not server.running():
                raise PrismError(
                    f"Prism for {server.provider} exited with {server.process.returncode}:\n"
                    + server.log()[-4000:]
                )
            if _listening(server.host, server.port):
                pending.remove(server)
        if pending and time.monotonic() > deadline:
            names = ", ".join(s.provider for s in pending)
            raise PrismError(
                f"Prism for {names} did not listen within {timeout:g} s:\n"
                + pending[0].log()[-4000:]
            )
        if pending:
            time.sleep(0.1)


def start_many(
    providers: Sequence[str],
    *,
    dynamic: bool = False,
    seed: str = DEFAULT_SEED,
    host: str = "127.0.0.1",
    executable: Path | None = None,
    timeout: float = 30.0,
) -> dict[str, PrismServer]:
    """Start one Prism per provider at once (each on a free port) and wait for all.

    Args:
        providers: provider keys; each serves ``specs/<key>.yaml``.
        dynamic: generate bodies from the schemas (``-d --seed SEED``) instead of
            answering with the documented examples.
        seed: the dynamic mode's seed.
        host: the loopback address to listen on.
        executable: the Prism binary (default :func:`find_prism`).
        timeout: seconds to wait for all of them to listen.

    Raises:
        PrismError: Prism is not installed, or one did not start (all are stopped then).
    """
    exe = executable or find_prism()
    if exe is None:
        raise PrismError(
            f"Prism is not installed: set ${PRISM_ENV}, run `nox -s contracts`, "
            "or `python -m contracts.prism install`"
        )
    servers: dict[str, PrismServer] = {}
    try:
        for provider in providers:
            servers[provider] = _launch(provider, exe, host, free_port(host), dynamic, seed)
        wait_listening(list(servers.values()), timeout)
    except BaseException:
        for server in servers.values():
            server.stop()
        raise
    return servers


def start_prism(
    provider: str,
    *,
    dynamic: bool = False,
    seed: str = DEFAULT_SEED,
    host: str = "127.0.0.1",
    executable: Path | None = None,
    timeout: float = 30.0,
) -> PrismServer:
    """Start Prism for ``specs/<provider>.yaml`` on a free port of ``host``; wait until it listens.

    See :func:`start_many` for the arguments.

    Raises:
        PrismError: Prism is not installed or did not start in time (it is stopped then).
    """
    return start_many(
        [provider], dynamic=dynamic, seed=seed, host=host, executable=executable, timeout=timeout
    )[provider]


@contextlib.contextmanager
def running(providers: Sequence[str], *, dynamic: bool = False) -> Iterator[dict[str, PrismServer]]:
    """Context manager: :func:`start_many`, then stop every server on exit."""
    servers = start_many(providers, dynamic=dynamic)
    try:
        yield servers
    finally:
        for server in servers.values():
            server.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m contracts.prism install|path``: install Prism, or print its path."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["install"]:
        print(ensure_prism())
        return 0
    if args == ["path"]:
        found = find_prism()
        print(found if found else "Prism is not installed")
        return 0 if found else 1
    print("usage: python -m contracts.prism install|path", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
