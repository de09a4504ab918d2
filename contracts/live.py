"""Live mode: check the providers' real APIs against the specs, without spending credits.

Off unless asked; nothing else in the suite touches the network. Usage::

    EVOLINK_API_KEY=... nox -s contracts -- --live evolink
    nox -s contracts -- --live evolink,qingbo          # several (or `all`); each needs its key
    nox -s contracts -- --live evolink --task-id task-unified-...   # also query that task
    nox -s contracts -- --live evolink --allow-spend 1 # also create <= 1 real task (costs!)
    nox -s contracts -- --live evolink --record        # save exchanges as fixtures
    EVOLINK_BASE_URL=http://127.0.0.1:8000 ...         # rehearse against `soravideo mock evolink`

The key comes from ``<KEY>_API_KEY`` (``EVOLINK_API_KEY`` ...); a missing variable is
a usage error naming it. ``<KEY>_BASE_URL`` overrides the spec's server URL.
``--task-id`` applies to every provider given, or to one with ``<key>:<id>``; that
provider's task is then queried instead of creating one.

Per provider, in this order (only 5 spends credits, and only with ``--allow-spend``;
2 carries the small risk described there):

1. **Auth rejection** (free): the status query (``get_task``) for the spec's example
   task id, sent with a wrong key. Expected: HTTP 401 with the documented error body
   (freesoragenerator may answer HTTP 200 with an error ``code`` in the envelope:
   accepted when the envelope says so).
2. **Invalid request** (free if the provider validates before billing): the
   cheapest create body below **without its required ``prompt``**, with the real
   key. The spec rejects it (checked first); the provider must answer with a
   documented 4xx error body (or freesoragenerator's error envelope). Credit risk:
   a provider that forwards a prompt-less request upstream instead of validating
   it could create, and bill, a task. A missing required field is the earliest
   failure any gateway checks, and there is no prompt to generate from, so the risk
   is small; if it happens, the answer is reported as a difference, with the new
   task's id, and counted as a created task.
3. **Free reads** (free): operations that read account data
   (freesoragenerator ``get_user_credits``), with the real key.
4. ``--task-id ID`` (free): the status query for that task; a 2xx body the spec allows.
5. ``--allow-spend N`` (costs credits; not with ``--task-id``): creates real tasks with the cheapest
   documented settings (below), at most N in the whole run (the N+1th create is
   refused before any request), then queries each new task's status once. A create
   is never retried. The ids of created tasks are listed at the end.

Cheapest documented settings (text-to-video, standard model, shortest duration;
only evolink documents prices, the others are inferred from "standard" vs "Pro"):
firebirdgen ``sora2_text_to_video`` 10 s; qingbo ``sora-2`` 4 s 720p; apixo 4 s;
freesoragenerator ``sora-2-text-to-video`` ``nFrames`` "10"; evolink ``sora-2`` 10 s
with ``remove_watermark: false`` (documented as the standard price).

Every exchange is checked with :func:`contracts.fixtures.check_fixture` (status
documented, body valid against the spec, parsed by the generated client); each
difference is reported by operation and JSON path, and collected in a
:class:`LiveLog` whose :meth:`~LiveLog.summary` is printed at the end. With
``--record`` each exchange is saved as ``contracts/fixtures/<key>/<op>-<status>-live-
<what>.json`` (``recorded: live``) by :func:`contracts.fixtures.save_fixture`, the keys
redacted; an exchange the spec does not allow is saved with ``xfail_reason`` (a
strict xfail in the default suite until the spec is fixed). API keys never appear
in a message, a repr or a fixture.

The transport is injectable (:class:`LiveChecker` ``transport=``): the real network
by default, ``soravideo.mock.transport(create_app(key))`` or ``httpx.MockTransport``
in the unit tests (``contracts/tests/test_live_logic.py``).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import importlib
import inspect
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any, Protocol

import httpx

from contracts.clients import operation, operation_module, parse_body
from contracts.codegen import PROVIDERS
from contracts.fixtures import (
    FIXTURES_DIR,
    Fixture,
    FixtureRequest,
    FixtureResponse,
    check_fixture,
    fixture_name,
    redact,
    save_fixture,
)
from contracts.spec import provider_spec, resolve
from soravideo.adapters import get_adapter
from soravideo.errors import APIError, AuthenticationError

PROMPT = "A calm ocean wave rolling onto a sandy beach at sunrise"
"""The prompt of the (only, and only with --allow-spend) real creates."""

WRONG_KEY = "soravideo-contract-check-not-a-valid-key"
"""The key sent by the auth-rejection check (never a real one)."""

CHEAPEST_CREATE: Mapping[str, Mapping[str, Any]] = {
    "firebirdgen": {
        "requestParams": {
            "projectName": "sora2",
            "modelName": "sora2_text_to_video",
            "prompt": PROMPT,
            "duration": 10,
        }
    },
    "qingbo": {
        "model": "sora-2",
        "action": "generate",
        "prompt": PROMPT,
        "duration": 4,
        "resolution": "720p",
    },
    "apixo": {
        "request_type": "async",
        "provider": "official",
        "input": {"mode": "text-to-video", "prompt": PROMPT, "duration": 4},
    },
    "freesoragenerator": {"model": "sora-2-text-to-video", "prompt": PROMPT, "nFrames": "10"},
    "evolink": {"model": "sora-2", "prompt": PROMPT, "duration": 10, "remove_watermark": False},
}
"""The cheapest documented create body of each provider (text-to-video, shortest)."""

PROMPT_LOCATION: Mapping[str, tuple[str, ...]] = {
    "firebirdgen": ("requestParams", "prompt"),
    "qingbo": ("prompt",),
    "apixo": ("input", "prompt"),
    "freesoragenerator": ("prompt",),
    "evolink": ("prompt",),
}
"""Where the required prompt sits in :data:`CHEAPEST_CREATE` (removed by check 2)."""

FREE_READS: Mapping[str, tuple[str, ...]] = {"freesoragenerator": ("get_user_credits",)}
"""Operations that only read account data (no parameters, no cost)."""

STATUS_OPERATION = "get_task"
CREATE_OPERATION = "create_task"
_KEPT_REQUEST_HEADERS = ("authorization", "content-type")
_KEPT_RESPONSE_HEADERS = ("content-type", "retry-after")


# ------------------------------------------------------------------------ settings


class LiveOptions(Protocol):
    """The live options as ``contracts/conftest.py``'s ``live_settings`` fixture has them."""

    @property
    def providers(self) -> tuple[str, ...]:
        """``--live``: the provider keys."""

    @property
    def task_id(self) -> str | None:
        """``--task-id``: a task to query (``<key>:<id>`` for one provider)."""

    @property
    def allow_spend(self) -> int:
        """``--allow-spend``: how many real tasks may be created in the run."""

    @property
    def record(self) -> bool:
        """``--record``: save the exchanges as fixtures."""


class LiveUsageError(Exception):
    """Live mode was asked for in a way that cannot run (unknown provider, no key)."""


class MissingAPIKeyError(LiveUsageError):
    """``<KEY>_API_KEY`` is not set for a provider given to ``--live``."""


class SpendLimitError(RuntimeError):
    """A create was refused because ``--allow-spend`` is used up (no request was sent)."""


class LiveError(RuntimeError):
    """A live check could not be carried out (no answer, transport failure)."""


def api_key_variable(provider: str) -> str:
    """The environment variable holding ``provider``'s key (``EVOLINK_API_KEY``)."""
    return f"{provider.upper()}_API_KEY"


def base_url_variable(provider: str) -> str:
    """The environment variable that overrides ``provider``'s base URL (``EVOLINK_BASE_URL``)."""
    return f"{provider.upper()}_BASE_URL"


def parse_providers(value: str | Iterable[str]) -> tuple[str, ...]:
    """Provider keys from ``--live`` (``"evolink,qingbo"``, ``"all"`` or a list), no repeats.

    Raises:
        LiveUsageError: a key is not one of the five (the message lists them).
    """
    parts = [value] if isinstance(value, str) else list(value)
    keys: list[str] = []
    for part in parts:
        for key in (k.strip() for k in part.split(",")):
            for one in PROVIDERS if key == "all" else (key,):
                if one and one not in keys:
                    keys.append(one)
    unknown = [k for k in keys if k not in PROVIDERS]
    if unknown or not keys:
        raise LiveUsageError(
            f"--live: unknown provider {', '.join(unknown) or '(none given)'}; "
            f"expected 'all' or a comma-separated list of {', '.join(PROVIDERS)}"
        )
    return tuple(keys)


def api_keys(providers: Iterable[str], environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{provider: key}`` from ``<KEY>_API_KEY`` for each provider.

    Raises:
        MissingAPIKeyError: a variable is unset or empty; the message names every
            missing variable (never a value).
    """
    env = os.environ if environ is None else environ
    found = {p: env.get(api_key_variable(p), "").strip() for p in providers}
    missing = [api_key_variable(p) for p, key in found.items() if not key]
    if missing:
        raise MissingAPIKeyError(
            f"--live needs {' and '.join(missing)} set to the provider's API key "
            f"(e.g. `{missing[0]}=... nox -s contracts -- --live ...`)"
        )
    return found


def task_id_for(provider: str, task_id: str | None) -> str | None:
    """The ``--task-id`` value that applies to ``provider``.

    ``<key>:<id>`` applies to that provider only; a plain id applies to every one.
    """
    if not task_id:
        return None
    key, sep, rest = task_id.partition(":")
    if sep and key in PROVIDERS:
        return rest if key == provider else None
    return task_id


@dataclasses.dataclass
class SpendBudget:
    """How many real tasks this run may create (``--allow-spend N``), shared by all checks."""

    limit: int
    used: int = 0

    @property
    def remaining(self) -> int:
        """Creates still allowed."""
        return max(self.limit - self.used, 0)

    def take(self, provider: str) -> None:
        """Count one create for ``provider``, before it is sent.

        Raises:
            SpendLimitError: the budget is used up; nothing is counted.
        """
        if self.used >= self.limit:
            raise SpendLimitError(
                f"{provider}: refusing to create a task: --allow-spend {self.limit} "
                f"is used up ({self.used} created)"
            )
        self.used += 1


# ------------------------------------------------------------------------ results


@dataclasses.dataclass(frozen=True)
class Difference:
    """One way a live answer differs from the spec (or from what the check expects).

    ``where`` is a fixture field or a JSON path (``response.body $.data.state``).
    """

    provider: str
    operation: str
    status_code: int | None
    where: str
    message: str

    def __str__(self) -> str:
        """``evolink get_task (HTTP 200): response.body $.status: ...``."""
        status = f" (HTTP {self.status_code})" if self.status_code is not None else ""
        return f"{self.provider} {self.operation}{status}: {self.where}: {self.message}"


@dataclasses.dataclass(frozen=True)
class CreatedTask:
    """A task that exists at a provider because of this run (and may cost credits)."""

    provider: str
    task_id: str | None
    check: str

    def __str__(self) -> str:
        """``evolink: task-unified-... (create)``."""
        return (
            f"{self.provider}: {self.task_id or '(id unknown: see the dashboard)'} ({self.check})"
        )


@dataclasses.dataclass
class CheckResult:
    """What one live check did: its exchanges (redacted), differences and saved files."""

    provider: str
    check: str
    fixtures: list[Fixture] = dataclasses.field(default_factory=list)
    differences: list[Difference] = dataclasses.field(default_factory=list)
    saved: list[Path] = dataclasses.field(default_factory=list)
    created: list[CreatedTask] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No difference was found."""
        return not self.differences

    def explain(self) -> str:
        """A readable list of the differences (empty string when there are none)."""
        if not self.differences:
            return ""
        lines = [f"{self.provider} {self.check}: {len(self.differences)} difference(s):"]
        lines += [f"  - {d}" for d in self.differences]
        lines += [f"  ! task created: {t}" for t in self.created]
        return "\n".join(lines)


@dataclasses.dataclass
class LiveLog:
    """Everything a live run found, for the summary printed at the end."""

    results: list[CheckResult] = dataclasses.field(default_factory=list)

    def add(self, result: CheckResult) -> CheckResult:
        """Keep ``result``; return it."""
        self.results.append(result)
        return result

    @property
    def differences(self) -> list[Difference]:
        """Every difference of every check, in order."""
        return [d for r in self.results for d in r.differences]

    @property
    def created(self) -> list[CreatedTask]:
        """Every task the run created."""
        return [t for r in self.results for t in r.created]

    def summary(self) -> str:
        """The end-of-run report: differences by operation and JSON path, created tasks."""
        if not self.results:
            return "live mode: no check ran"
        checks = len(self.results)
        lines = [
            f"live mode: {checks} check(s), {len(self.differences)} difference(s) from the spec"
        ]
        lines += [f"  - {d}" for d in self.differences]
        if self.created:
            lines.append("tasks created at the providers (they may cost credits):")
            lines += [f"  - {t}" for t in self.created]
        saved = [p for r in self.results for p in r.saved]
        if saved:
            lines.append("fixtures recorded:")
            lines += [f"  - {p}" for p in saved]
        return "\n".join(lines)


# ------------------------------------------------------------------------ checker


def without(body: Mapping[str, Any], location: Sequence[str]) -> dict[str, Any]:
    """A deep copy of ``body`` with the member at ``location`` removed."""
    copied: dict[str, Any] = copy.deepcopy(dict(body))
    node: Any = copied
    for part in location[:-1]:
        node = node[part]
    node.pop(location[-1], None)
    return copied


def invalid_create_body(provider: str) -> dict[str, Any]:
    """The cheapest create body without its required prompt (check 2)."""
    return without(CHEAPEST_CREATE[provider], PROMPT_LOCATION[provider])


def example_task_id(provider: str) -> str:
    """The spec's documented task id for the status query (a placeholder if none)."""
    spec = provider_spec(provider)
    path, _, op = operation(provider, STATUS_OPERATION)
    item = spec["paths"][path]
    for param in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
        param = resolve(spec, param)
        if param.get("example"):
            return str(param["example"])
        for example in (param.get("examples") or {}).values():
            example = resolve(spec, example)
            if isinstance(example, Mapping) and example.get("value"):
                return str(example["value"])
    return "task-soravideo-contract-check"


class LiveChecker:
    """Runs the live checks of one provider through the generated client.

    Args:
        provider: the provider key.
        api_key: the real key (kept private: not in ``repr``, messages or fixtures).
        transport: an ``httpx.BaseTransport``; default the real network
            (``httpx.HTTPTransport``, no retries).
        base_url: default the spec's first server URL.
        budget: the run's shared :class:`SpendBudget` (default: nothing may be created).
        record: save each exchange as a fixture under ``fixtures_root``.
        fixtures_root: where recorded fixtures go (default ``contracts/fixtures``).
        timeout: seconds per request.
        today: the recording date (default today).
    """

    def __init__(
        self,
        provider: str,
        api_key: str,
        *,
        transport: httpx.BaseTransport | None = None,
        base_url: str | None = None,
        budget: SpendBudget | None = None,
        record: bool = False,
        fixtures_root: Path = FIXTURES_DIR,
        timeout: float = 30.0,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        """Build the generated ``AuthenticatedClient`` over ``transport``."""
        if provider not in PROVIDERS:
            raise LiveUsageError(f"unknown provider {provider!r}; one of {', '.join(PROVIDERS)}")
        if not api_key:
            raise MissingAPIKeyError(f"{api_key_variable(provider)} is empty")
        self.provider = provider
        self.__key = api_key
        self.base_url = (base_url or provider_spec(provider)["servers"][0]["url"]).rstrip("/")
        self.budget = budget if budget is not None else SpendBudget(0)
        self.record = record
        self.fixtures_root = fixtures_root
        self._today = today
        self._owns_transport = transport is None
        self._transport = transport or httpx.HTTPTransport(retries=0)
        package = importlib.import_module(f"{provider}_client")
        self._client: Any = package.AuthenticatedClient(
            base_url=self.base_url,
            token=api_key,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            httpx_args={"transport": self._transport},
        )

    @classmethod
    def from_environment(
        cls, provider: str, environ: Mapping[str, str] | None = None, **kwargs: Any
    ) -> LiveChecker:
        """A checker with the key from ``<KEY>_API_KEY`` and ``<KEY>_BASE_URL`` if set.

        Raises:
            MissingAPIKeyError: ``<KEY>_API_KEY`` is not set (the message names it).
        """
        env = os.environ if environ is None else environ
        key = api_keys([provider], env)[provider]
        kwargs.setdefault("base_url", env.get(base_url_variable(provider)) or None)
        return cls(provider, key, **kwargs)

    def __repr__(self) -> str:
        """Provider and base URL only (never the key)."""
        return f"LiveChecker(provider={self.provider!r}, base_url={self.base_url!r})"

    def close(self) -> None:
        """Close the HTTP client (and the transport, when the checker created it)."""
        if self._owns_transport:
            self._client.get_httpx_client().close()

    def __enter__(self) -> LiveChecker:
        """Return the checker."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close it."""
        self.close()

    # -- the checks ---------------------------------------------------------------

    def check_auth_rejection(self) -> CheckResult:
        """Check 1: the status query with a wrong key gets the documented 401 body."""
        result = CheckResult(self.provider, "auth rejection")
        kwargs = self._status_kwargs(example_task_id(self.provider))
        kwargs["headers"] = {**kwargs.get("headers", {}), "Authorization": f"Bearer {WRONG_KEY}"}
        response = self._send(STATUS_OPERATION, kwargs)
        fx = self._exchange(result, STATUS_OPERATION, response, "live-wrong-key")
        status = response.status_code
        envelope = self._envelope_error(fx.response.body, response)
        if status != 401 and not isinstance(envelope, AuthenticationError):
            self._differ(
                result, fx, "response.status_code", f"expected 401 for a wrong key, got {status}"
            )
        return self._finish(result, fx)

    def check_invalid_request(self) -> CheckResult:
        """Check 2: a create without its required prompt is refused (nothing created)."""
        result = CheckResult(self.provider, "invalid request")
        body = invalid_create_body(self.provider)
        path, method, _ = operation(self.provider, CREATE_OPERATION)
        response = self._send(CREATE_OPERATION, {"method": method, "url": path, "json": body})
        fx = self._exchange(
            result, CREATE_OPERATION, response, "live-missing-prompt", request_valid=False
        )
        status = response.status_code
        envelope = self._envelope_error(fx.response.body, response)
        if 200 <= status < 300 and envelope is None:
            task_id = self._task_id(fx.response.body, response)
            result.created.append(CreatedTask(self.provider, task_id, "invalid request"))
            self._differ(
                result,
                fx,
                "response.status_code",
                f"the provider ACCEPTED a create without a prompt (HTTP {status}); a task "
                f"({task_id or 'id unknown'}) may exist and cost credits",
            )
        elif not (400 <= status < 500 or envelope is not None):
            self._differ(
                result, fx, "response.status_code", f"expected a 4xx rejection, got {status}"
            )
        return self._finish(result, fx)

    def check_free_reads(self) -> CheckResult:
        """Check 3: account reads (e.g. the credit balance) answer with the documented body."""
        result = CheckResult(self.provider, "free reads")
        for operation_id in FREE_READS.get(self.provider, ()):
            module = operation_module(self.provider, operation_id)
            response = self._send(operation_id, module._get_kwargs())
            fx = self._exchange(result, operation_id, response, "live-free-read")
            self._expect_success(result, fx, response)
            self._finish(result, fx)
        return result

    def check_task(self, task_id: str, *, short_name: str = "live-task-status") -> CheckResult:
        """Check 4: the status query for ``task_id`` answers 2xx with a body the spec allows."""
        result = CheckResult(self.provider, f"status of {task_id}")
        response = self._send(STATUS_OPERATION, self._status_kwargs(task_id))
        fx = self._exchange(result, STATUS_OPERATION, response, short_name)
        self._expect_success(result, fx, response)
        return self._finish(result, fx)

    def create_cheapest(self) -> CheckResult:
        """Check 5: create one real task with the cheapest settings, then query it once.

        A create without an answer is a difference (and a :class:`CreatedTask` with
        an unknown id), never retried.

        Raises:
            SpendLimitError: the run's budget is used up (nothing was sent).
        """
        self.budget.take(self.provider)
        result = CheckResult(self.provider, "create (spends credits)")
        module = operation_module(self.provider, CREATE_OPERATION)
        model = parse_body(module, CHEAPEST_CREATE[self.provider])
        try:
            response = self._send(CREATE_OPERATION, module._get_kwargs(body=model))
        except LiveError as exc:
            result.created.append(CreatedTask(self.provider, None, "create, no answer"))
            message = f"no answer ({exc}); a task may have been created: check the dashboard"
            result.differences.append(
                Difference(self.provider, CREATE_OPERATION, None, "response", message)
            )
            return result
        fx = self._exchange(result, CREATE_OPERATION, response, "live-cheapest")
        self._expect_success(result, fx, response)
        task_id = self._task_id(fx.response.body, response)
        if 200 <= response.status_code < 300:
            result.created.append(CreatedTask(self.provider, task_id, "create"))
        self._finish(result, fx)
        if task_id:
            follow = self.check_task(task_id, short_name="live-after-create")
            result.fixtures += follow.fixtures
            result.differences += follow.differences
            result.saved += follow.saved
        return result

    # -- helpers ------------------------------------------------------------------

    def _scrub(self, text: str) -> str:
        for secret in (self.__key, WRONG_KEY):
            text = text.replace(secret, "***")
        return text

    def _status_kwargs(self, task_id: str) -> dict[str, Any]:
        """``_get_kwargs`` of the status query for ``task_id`` (path, query or JSON body)."""
        module = operation_module(self.provider, STATUS_OPERATION)
        names = inspect.signature(module._get_kwargs).parameters
        kwargs: dict[str, Any] = _get_kwargs(module, names, self.provider, task_id)
        return kwargs

    def _send(self, operation_id: str, kwargs: Mapping[str, Any]) -> httpx.Response:
        try:
            response: httpx.Response = self._client.get_httpx_client().request(**kwargs)
        except httpx.HTTPError as exc:
            raise LiveError(
                self._scrub(f"{self.provider} {operation_id}: {type(exc).__name__}: {exc}")
            ) from None
        return response

    def _exchange(
        self,
        result: CheckResult,
        operation_id: str,
        response: httpx.Response,
        short_name: str,
        *,
        request_valid: bool = True,
    ) -> Fixture:
        """The exchange as a (redacted) fixture; checked and saved by :meth:`_finish`."""
        request = response.request
        body_text = response.content.decode("utf-8", "replace")
        try:
            response_body: Any = response.json() if response.content else None
        except ValueError:
            response_body = body_text
        request_body = json.loads(request.content) if request.content else None
        fx = Fixture(
            name=fixture_name(operation_id, response.status_code, short_name),
            path=None,
            provider=self.provider,
            operation=operation_id,
            kind="exchange",
            source=str(request.url.copy_with(query=None)),
            recorded="live",
            date=self._today().isoformat(),
            notes=f"Recorded by contracts.live ({result.check}).",
            request=FixtureRequest(
                method=request.method,
                path=request.url.path,
                query=dict(request.url.params),
                headers=_kept(request.headers, _KEPT_REQUEST_HEADERS),
                body=request_body,
            ),
            response=FixtureResponse(
                status_code=response.status_code,
                headers=_kept(response.headers, _KEPT_RESPONSE_HEADERS),
                body=response_body,
            ),
            request_valid=request_valid,
        )
        fx = redact(fx, [self.__key, WRONG_KEY])
        if isinstance(response_body, str):
            self._differ(result, fx, "response.body", f"not JSON: {body_text[:200]!r}")
        return fx

    def _finish(self, result: CheckResult, fx: Fixture) -> CheckResult:
        """Check ``fx`` against the spec and the generated client; save it if recording.

        A recorded exchange the spec does not allow is saved with ``xfail_reason``, so
        the default suite keeps it as a strict xfail until the spec is fixed.
        """
        prefix = f"<unsaved {fx.provider}/{fx.name}.json>: "
        problems = check_fixture(fx)
        for problem in problems:
            where, _, what = problem.removeprefix(prefix).partition(": ")
            if where.endswith(".body") and what.startswith("$"):
                path, _, what = what.partition(": ")
                where = f"{where} {path}"
            self._differ(result, fx, where, what)
        mine = [str(d) for d in result.differences if d.operation == fx.operation]
        if mine:
            fx = dataclasses.replace(fx, notes=f"{fx.notes} Differences found: {'; '.join(mine)}")
        if problems:
            reason = self._scrub(problems[0].removeprefix(prefix))
            fx = dataclasses.replace(
                fx, xfail_reason=f"live answer differs from the spec: {reason}"
            )
        result.fixtures.append(fx)
        if self.record:
            secrets = [self.__key, WRONG_KEY]
            result.saved.append(
                save_fixture(self.provider, fx, secrets=secrets, root=self.fixtures_root)
            )
        return result

    def _differ(self, result: CheckResult, fx: Fixture, where: str, message: str) -> None:
        difference = Difference(
            self.provider, fx.operation, fx.response.status_code, where, self._scrub(message)
        )
        if difference not in result.differences:
            result.differences.append(difference)

    def _envelope_error(self, body: Any, response: httpx.Response) -> APIError | None:
        """The overlay's reading of an error inside a 2xx envelope (freesoragenerator)."""
        return get_adapter(self.provider).envelope_error(
            body, response.content, response.status_code
        )

    def _expect_success(self, result: CheckResult, fx: Fixture, response: httpx.Response) -> None:
        status = response.status_code
        envelope = self._envelope_error(fx.response.body, response)
        if not 200 <= status < 300:
            self._differ(result, fx, "response.status_code", f"expected a 2xx, got {status}")
        elif envelope is not None:
            self._differ(result, fx, "response.body", f"an error envelope: {envelope.message}")

    def _task_id(self, body: Any, response: httpx.Response) -> str | None:
        """The id of a created task (the overlay's reading, else a search of the body)."""
        task_id: str | None
        try:
            adapter = get_adapter(self.provider)
            task_id = adapter.parse_created(body, response.content, response.status_code).id
        except Exception:  # the body is odd: look for an id by name
            task_id = _find_id(body)
        return task_id or None


def _get_kwargs(
    module: ModuleType, names: Mapping[str, Any], provider: str, task_id: str
) -> dict[str, Any]:
    """Call the status query's ``_get_kwargs`` with the id wherever the spec puts it."""
    if "body" in names:
        return module._get_kwargs(body=parse_body(module, {_id_member(provider): task_id}))  # type: ignore[no-any-return]
    name = next(n for n in names if n != "body")
    return module._get_kwargs(**{name: task_id})  # type: ignore[no-any-return]


def _id_member(provider: str) -> str:
    """The one required member of the status query's JSON body (``taskId``)."""
    spec = provider_spec(provider)
    _, _, op = operation(provider, STATUS_OPERATION)
    body = resolve(spec, op["requestBody"])
    media = next(iter(body["content"].values()))
    schema = resolve(spec, media["schema"])
    required: list[str] = schema.get("required") or list(schema.get("properties") or {})
    return required[0]


def _find_id(body: Any) -> str | None:
    if isinstance(body, Mapping):
        for key in ("taskId", "task_id", "id"):
            if isinstance(body.get(key), str):
                return str(body[key])
        return _find_id(body.get("data"))
    return None


def _kept(headers: httpx.Headers, names: Sequence[str]) -> dict[str, str]:
    """Only the headers worth recording (``Authorization`` is redacted afterwards)."""
    return {k.title(): v for k, v in headers.items() if k.lower() in names}


def run_checks(
    checker: LiveChecker, *, task_id: str | None = None, spend: bool = False
) -> list[CheckResult]:
    """Every check in order for one provider (the CLI-less equivalent of ``--live``).

    ``spend`` creates one task if the checker's budget allows (a used-up budget is
    skipped silently), unless ``task_id`` is given: that task is queried instead.
    """
    results = [
        checker.check_auth_rejection(),
        checker.check_invalid_request(),
        checker.check_free_reads(),
    ]
    if task_id:
        results.append(checker.check_task(task_id))
    elif spend and checker.budget.remaining:
        results.append(checker.create_cheapest())
    return results
