"""The stateful mock servers (``soravideo.mock``) behave like the providers' specs say.

Every client built here validates every JSON body the mock returns against the
spec's response schema for that operation and status (``_check_response``), so
each test also checks envelopes; webhook bodies are checked against
``CallbackPayload``.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from soravideo import PROVIDERS, _spec
from soravideo.mock import (
    CREDITS_TRIGGER,
    MockServer,
    create_app,
    serve,
    transport,
    video_bytes,
)
from soravideo.mock import async_transport as make_async_transport
from soravideo.mock._schema import escape, operations

API_KEY = "test-key"
BASE = "http://mock.test"
T0 = 1_790_000_000.0


# --------------------------------------------------------------------------- helpers
class Clock:
    """A settable clock (Unix seconds)."""

    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _operation_for(provider: str, method: str, path: str) -> str | None:
    for op in operations(provider):
        if op.method == method and op.regex.match(path):
            return op.operation_id
    return None


def response_pointer(provider: str, operation_id: str, status: int) -> str | None:
    """JSON pointer of the spec's schema for ``operation_id``'s ``status`` answer."""
    path, method, op = _spec.operation(provider, operation_id)
    responses = op["responses"]
    key = str(status)
    if key not in responses:
        return None
    node = responses[key]
    base = f"/paths/{escape(path)}/{method}/responses/{key}"
    if isinstance(node.get("$ref"), str):
        base = node["$ref"][1:]
    return f"{base}/content/application~1json/schema"


def assert_valid(provider: str, pointer: str, body: Any) -> None:
    errors = _spec.errors(provider, pointer, body)
    assert not errors, [f"{e.json_path}: {e.message}" for e in errors]


def _check_response(provider: str, response: httpx.Response) -> None:
    """Every JSON answer of a spec operation validates against its documented schema."""
    request = response.request
    if request.url.path.startswith("/_mock/"):
        return
    try:
        body = json.loads(response.content)
    except ValueError:
        return  # the `malformed` fault; asserted by its own test
    operation_id = _operation_for(provider, request.method, request.url.path)
    pointer = None
    if operation_id is not None:
        pointer = response_pointer(provider, operation_id, response.status_code)
    if pointer is None:
        # undocumented status: only injected 5xx faults and 404/405 routing answers
        assert response.status_code >= 500 or response.status_code in (404, 405), (
            operation_id,
            response.status_code,
            body,
        )
        pointer = "/components/schemas/ErrorResponse"
    assert_valid(provider, pointer, body)


def client(app: Starlette, **kwargs: Any) -> httpx.Client:
    provider = app.state.mock.provider
    headers = {"Authorization": f"Bearer {API_KEY}"}

    def hook(response: httpx.Response) -> None:
        response.read()
        _check_response(provider, response)

    return httpx.Client(
        transport=transport(app),
        base_url=BASE,
        headers=headers,
        event_hooks={"response": [hook]},
        **kwargs,
    )


def async_client(app: Starlette, **kwargs: Any) -> httpx.AsyncClient:
    provider = app.state.mock.provider
    headers = {"Authorization": f"Bearer {API_KEY}"}

    async def hook(response: httpx.Response) -> None:
        await response.aread()
        _check_response(provider, response)

    return httpx.AsyncClient(
        transport=make_async_transport(app),
        base_url=BASE,
        headers=headers,
        event_hooks={"response": [hook]},
        **kwargs,
    )


@dataclass(frozen=True)
class Case:
    """How to talk to one provider in its own vocabulary."""

    create_path: str
    body: Callable[[str, str | None], dict[str, Any]]
    get: Callable[[str], tuple[str, str, dict[str, Any]]]
    task_id: Callable[[Any], str]
    status: Callable[[Any], str]
    video: Callable[[Any], str]
    progress: Callable[[Any], Any]
    invalid: dict[str, Any]
    first: str
    running: str
    done: str
    failed: str


def _fb_body(prompt: str, callback: str | None) -> dict[str, Any]:
    params: dict[str, Any] = {
        "projectName": "sora2",
        "modelName": "sora2_text_to_video",
        "prompt": prompt,
    }
    if callback:
        params["callbackUrl"] = callback
    return {"requestParams": params}


def _qb_body(prompt: str, callback: str | None) -> dict[str, Any]:
    return {"model": "sora-2", "prompt": prompt, **({"callback_url": callback} if callback else {})}


def _ax_body(prompt: str, callback: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "provider": "official",
        "input": {"mode": "text-to-video", "prompt": prompt, "duration": 4},
    }
    if callback:
        body.update(request_type="callback", callback_url=callback)
    return body


def _fs_body(prompt: str, callback: str | None) -> dict[str, Any]:
    return {"model": "sora-2-text-to-video", "prompt": prompt, "nFrames": "10"}


def _ev_body(prompt: str, callback: str | None) -> dict[str, Any]:
    return {"model": "sora-2", "prompt": prompt, **({"callback_url": callback} if callback else {})}


CASES: dict[str, Case] = {
    "firebirdgen": Case(
        create_path="/api/tasks",
        body=_fb_body,
        get=lambda i: ("GET", f"/api/tasks/{i}", {}),
        task_id=lambda b: b["data"]["taskId"],
        status=lambda b: b["data"]["status"],
        video=lambda b: b["data"]["resultUrl"],
        progress=lambda b: None,
        invalid={"requestParams": {"projectName": "sora2", "modelName": "sora2_text_to_video"}},
        first="processing",
        running="processing",
        done="success",
        failed="failed",
    ),
    "qingbo": Case(
        create_path="/v1/tasks",
        body=_qb_body,
        get=lambda i: ("GET", f"/v1/tasks/{i}", {}),
        task_id=lambda b: b["task_id"],
        status=lambda b: b["status"],
        video=lambda b: b["result"]["videos"][0]["url"][0],
        progress=lambda b: b["progress"],
        invalid={"model": "sora-2", "prompt": "x", "duration": 5},
        first="queued",
        running="processing",
        done="completed",
        failed="failed",
    ),
    "apixo": Case(
        create_path="/api/v1/generateTask/sora-2",
        body=_ax_body,
        get=lambda i: ("GET", "/api/v1/statusTask/sora-2", {"params": {"taskId": i}}),
        task_id=lambda b: b["data"]["taskId"],
        status=lambda b: b["data"]["state"],
        video=lambda b: json.loads(b["data"]["resultJson"])["resultUrls"][0],
        progress=lambda b: None,
        invalid={"provider": "official", "input": {"mode": "text-to-video", "prompt": ""}},
        first="pending",
        running="processing",
        done="success",
        failed="failed",
    ),
    "freesoragenerator": Case(
        create_path="/api/v1/video/sora-pro",
        body=_fs_body,
        get=lambda i: ("POST", "/api/video-generations/check-result", {"json": {"taskId": i}}),
        task_id=lambda b: b["data"]["taskId"],
        status=lambda b: b["data"]["status"],
        video=lambda b: b["data"]["result_url"],
        progress=lambda b: b["data"]["progress"],
        invalid={"model": "sora-2-text-to-video", "prompt": "x", "nFrames": 10},
        first="pending",
        running="running",
        done="succeeded",
        failed="failed",
    ),
    "evolink": Case(
        create_path="/v1/videos/generations",
        body=_ev_body,
        get=lambda i: ("GET", f"/v1/tasks/{i}", {}),
        task_id=lambda b: b["id"],
        status=lambda b: b["status"],
        video=lambda b: b["results"][0],
        progress=lambda b: b["progress"],
        invalid={"model": "sora-2", "prompt": "x", "duration": 12},
        first="pending",
        running="processing",
        done="completed",
        failed="failed",
    ),
}

all_providers = pytest.mark.parametrize("provider", PROVIDERS)


def _create(c: httpx.Client, provider: str, prompt: str = "A cat", **kw: Any) -> Any:
    case = CASES[provider]
    response = c.post(case.create_path, json=case.body(prompt, None), **kw)
    assert response.status_code == 200, response.text
    return response.json()


def _get(c: httpx.Client, provider: str, task_id: str) -> httpx.Response:
    method, path, kw = CASES[provider].get(task_id)
    return c.request(method, path, **kw)


# --------------------------------------------------------------------------- auth
@all_providers
@pytest.mark.parametrize("auth", [None, "Bearer wrong-key", "Basic dGVzdC1rZXk="])
def test_auth_rejected_with_provider_401(provider: str, auth: str | None) -> None:
    app = create_app(provider)
    case = CASES[provider]
    with client(app) as c:
        c.headers.pop("Authorization")
        headers = {"Authorization": auth} if auth else {}
        response = c.post(case.create_path, json=case.body("A cat", None), headers=headers)
    assert response.status_code == 401
    pointer = response_pointer(provider, "create_task", 401)
    assert pointer is not None
    assert_valid(provider, pointer, response.json())
    assert not app.state.mock.tasks


@all_providers
def test_auth_rejected_on_get_too(provider: str) -> None:
    app = create_app(provider, api_key="other")
    with client(app) as c:
        response = _get(c, provider, "task-unified-1-abcdefgh")
    assert response.status_code == 401


# --------------------------------------------------------------------------- validation
@all_providers
def test_invalid_body_gets_provider_error(provider: str) -> None:
    app = create_app(provider)
    with client(app) as c:
        response = c.post(CASES[provider].create_path, json=CASES[provider].invalid)
        not_json = c.post(
            CASES[provider].create_path,
            content=b"{not json",
            headers={"Content-Type": "application/json"},
        )
    assert response.status_code == 400, response.text
    assert not_json.status_code == 400
    body = response.json()
    if provider == "firebirdgen":
        assert body["error"]["code"] == "INVALID_PARAMETERS"
        assert body["error"]["details"] == {
            "field": "prompt",
            "message": "requestParams.prompt is required",
        }
    elif provider == "qingbo":
        assert body["error"]["code"] == "invalid_request"
        assert "duration" in body["error"]["message"]
    elif provider == "apixo":
        assert body["code"] == 400
        assert body["message"] == "Invalid request"
        assert "prompt" in body["data"]["error"]
    elif provider == "freesoragenerator":
        assert body["code"] != 0
        assert "nFrames" in body["message"]
    else:
        assert body["error"]["param"] == "duration"
        assert body["error"]["type"] == "invalid_request_error"
    assert not app.state.mock.tasks


def test_unknown_model_reports_the_allowed_values() -> None:
    app = create_app("firebirdgen")
    with client(app) as c:
        body = _fb_body("A cat", None)
        body["requestParams"]["modelName"] = "sora3"
        response = c.post("/api/tasks", json=body)
    assert response.status_code == 400
    details = response.json()["error"]["details"]
    assert details["field"] == "modelName"
    assert "sora2_pro_text_to_video" in details["message"]


def test_conditional_rules_are_enforced() -> None:
    apixo = create_app("apixo")
    qingbo = create_app("qingbo")
    with client(apixo) as c:
        body = _ax_body("A cat", None)
        body["request_type"] = "callback"  # callback_url then required (if/then)
        assert c.post("/api/v1/generateTask/sora-2", json=body).status_code == 400
    with client(qingbo) as c:
        body = {"model": "sora-2", "prompt": "x", "resolution": "1080p"}  # pro only
        assert c.post("/v1/tasks", json=body).status_code == 400
        body["model"] = "sora-2-pro"
        assert c.post("/v1/tasks", json=body).status_code == 200


def test_query_parameter_is_required_and_validated() -> None:
    app = create_app("apixo")
    with client(app) as c:
        missing = c.get("/api/v1/statusTask/sora-2")
        empty = c.get("/api/v1/statusTask/sora-2", params={"taskId": ""})
    assert missing.status_code == 400
    # apixo's 400 shape (error-codes page): the detail is in data.error
    assert "taskId" in missing.json()["data"]["error"]
    assert empty.status_code == 400


def test_unknown_route_and_method() -> None:
    app = create_app("evolink")
    with client(app) as c:
        assert c.get("/nowhere").status_code == 404
        response = c.delete("/v1/videos/generations")
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"


# --------------------------------------------------------------------------- lifecycle
@all_providers
def test_lifecycle_with_injected_clock(provider: str) -> None:
    clock = Clock()
    app = create_app(provider, clock=clock, time_scale=2.0)
    case = CASES[provider]
    with client(app) as c:
        created = _create(c, provider)
        task_id = created["id"] if provider == "evolink" else None
        task_id = task_id or created.get("task_id") or created["data"]["taskId"]
        first = _get(c, provider, task_id).json()
        assert case.status(first) == case.first
        seen: list[Any] = []
        for _ in range(3):
            clock.advance(20)  # 40 provider seconds each at time_scale 2
            body = _get(c, provider, task_id).json()
            assert case.status(body) == case.running
            seen.append(case.progress(body))
        if seen[0] is not None:
            assert seen == sorted(seen)
            assert seen[0] < seen[-1] < 100
        clock.advance(200)  # past every provider's total (max 300 provider s)
        done = _get(c, provider, task_id).json()
        assert case.status(done) == case.done
        if case.progress(done) is not None:
            assert case.progress(done) == 100
        url = case.video(done)
        assert url == f"{BASE}/_mock/videos/{task_id}.mp4"
        video = c.get(url)
        head = c.head(url)
    assert video.status_code == 200
    assert video.headers["content-type"] == "video/mp4"
    assert int(video.headers["content-length"]) == len(video.content) == len(video_bytes())
    assert video.content[4:8] == b"ftyp"
    assert head.status_code == 200
    assert head.headers["content-length"] == video.headers["content-length"]


def test_provider_specific_fields() -> None:
    clock = Clock()
    apixo = create_app("apixo", clock=clock)
    evolink = create_app("evolink", clock=clock, time_scale=10)
    fb = create_app("firebirdgen", clock=clock)
    with client(apixo) as c:
        task_id = _create(c, "apixo")["data"]["taskId"]
        pending = _get(c, "apixo", task_id).json()["data"]
        assert set(pending) == {"taskId", "state", "createTime"}
        assert pending["createTime"] == int(T0 * 1000)
        clock.advance(180)
        data = _get(c, "apixo", task_id).json()["data"]
        assert isinstance(data["resultJson"], str)
        assert data["completeTime"] - data["createTime"] == data["costTime"] == 180_000
    with client(evolink) as c:
        created = _create(c, "evolink")
        assert created["id"].startswith(f"task-unified-{int(clock.now)}-")
        assert created["created"] == int(clock.now)
        assert created["task_info"] == {
            "can_cancel": True,
            "estimated_time": 30,
            "video_duration": 10,
        }
    with client(fb) as c:
        created = _create(c, "firebirdgen")
        assert created["data"]["estimatedTime"] == 180
        got = _get(c, "firebirdgen", created["data"]["taskId"]).json()["data"]
        assert got["completedAt"] is None
        assert got["resultUrl"] is None
        assert got["requestParams"]["aspectRatio"] == "9:16"  # spec default filled in
        assert got["requestParams"]["duration"] == 10
        assert got["requestParams"]["imageUrl"] == ""


# --------------------------------------------------------------------------- failures
FAILURE_CHECKS: dict[str, Callable[[Any], Any]] = {
    "firebirdgen": lambda b: (
        b["data"]["errorMessage"] == "Content violates usage policy"
        and b["data"]["resultUrl"] is None
    ),
    "qingbo": lambda b: b["error"]["code"] == "task_failed" and b["progress"] == 0,
    "apixo": lambda b: (
        b["data"]["failCode"] == "CONTENT_VIOLATION" and "resultJson" not in b["data"]
    ),
    "freesoragenerator": lambda b: b["data"]["failure_reason"] == "content_policy_violation",
    "evolink": lambda b: b["error"]["code"] == "content_policy_violation" and "results" not in b,
}


@all_providers
def test_trigger_word_fails_task(provider: str) -> None:
    clock = Clock()
    app = create_app(provider, clock=clock)
    case = CASES[provider]
    with client(app) as c:
        _create(c, provider, prompt="a FAIL_CONTENT prompt")
        (task_id,) = app.state.mock.tasks
        clock.advance(40)
        body = _get(c, provider, task_id).json()
        assert case.status(body) == case.failed
        assert FAILURE_CHECKS[provider](body), body
        clock.advance(1000)
        assert case.status(_get(c, provider, task_id).json()) == case.failed
        assert c.get(f"/_mock/videos/{task_id}.mp4").status_code == 404


def test_other_trigger_words() -> None:
    clock = Clock()
    app = create_app("apixo", clock=clock)
    with client(app) as c:
        ids = {}
        for word in ("FAIL_IMAGE", "FAIL_GENERATION", "STALL_QUEUED", "STALL_RUNNING"):
            ids[word] = _create(c, "apixo", prompt=f"x {word}")["data"]["taskId"]
        clock.advance(10_000)
        data = {w: _get(c, "apixo", i).json()["data"] for w, i in ids.items()}
        refused = c.post("/api/v1/generateTask/sora-2", json=_ax_body(f"x {CREDITS_TRIGGER}", None))
    assert data["FAIL_IMAGE"]["failCode"] == "INVALID_IMAGE_URL"
    assert data["FAIL_GENERATION"]["failCode"] == "GENERATION_FAILED"
    assert data["STALL_QUEUED"]["state"] == "pending"
    assert data["STALL_RUNNING"]["state"] == "processing"
    assert refused.status_code == 402  # insufficient balance (errors page, 2026-12-01)
    assert refused.json()["message"].startswith("Insufficient credits")


@all_providers
def test_unknown_task_id_404(provider: str) -> None:
    app = create_app(provider)
    with client(app) as c:
        response = _get(c, provider, "task-unified-1700000000-nosuchid")
    assert response.status_code == 404
    if provider == "evolink":
        assert response.json() == {
            "error": {
                "code": 404,
                "message": "Task not found or expired",
                "type": "not_found_error",
                "param": "task_id",
            }
        }


def test_evolink_malformed_task_id_400() -> None:
    app = create_app("evolink")
    with client(app) as c:
        response = c.get("/v1/tasks/abc")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_task_id"


# --------------------------------------------------------------------------- rate limits
def test_firebirdgen_rate_limit_429_with_retry_after() -> None:
    app = create_app("firebirdgen")
    with client(app) as c:
        statuses = [_get(c, "firebirdgen", "task_x").status_code for _ in range(11)]
        assert statuses[:10] == [404] * 10
        assert statuses[10] == 429
        response = _get(c, "firebirdgen", "task_x")
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 1
    assert response.json()["error"]["code"] == "RATE_LIMIT_EXCEEDED"


def test_rate_limit_override_and_off() -> None:
    limited = create_app("qingbo", rate_limit=(2, 60.0))
    unlimited = create_app("firebirdgen", rate_limit=False)
    with client(limited) as c:
        statuses = [c.get("/v1/tasks/t").status_code for _ in range(3)]
        assert statuses == [404, 404, 429]
        assert int(c.get("/v1/tasks/t").headers["Retry-After"]) > 50
    with client(unlimited) as c:
        assert all(c.get("/api/tasks/t").status_code == 404 for _ in range(15))


# --------------------------------------------------------------------------- faults
@all_providers
@pytest.mark.parametrize("fault", ["500", "503", "429=7"])
def test_status_faults_use_provider_envelope(provider: str, fault: str) -> None:
    app = create_app(provider)
    with client(app) as c:
        response = c.post(
            CASES[provider].create_path,
            json=CASES[provider].body("A cat", None),
            headers={"X-Mock-Fault": fault},
        )
    assert response.status_code == int(fault.partition("=")[0])
    if fault.startswith("429"):
        assert response.headers["Retry-After"] == "7"
    if fault == "503":
        assert response.headers["Retry-After"] == "1"
    assert not app.state.mock.tasks


@all_providers
def test_500_after_create_creates_the_task(provider: str) -> None:
    app = create_app(provider)
    with client(app) as c:
        response = c.post(
            CASES[provider].create_path,
            json=CASES[provider].body("A cat", None),
            headers={"X-Mock-Fault": "500-after-create"},
        )
        assert response.status_code == 500
        (task_id,) = app.state.mock.tasks
        assert _get(c, provider, task_id).status_code == 200


def test_slow_malformed_drop_faults_sync() -> None:
    app = create_app("evolink")
    with client(app) as c:
        started = time.monotonic()
        slow = c.get("/v1/tasks/task-unified-1-x", headers={"X-Mock-Fault": "slow=0.2"})
        assert time.monotonic() - started >= 0.2
        assert slow.status_code == 404
        with pytest.raises(httpx.ReadTimeout):
            c.get("/v1/tasks/task-unified-1-x", headers={"X-Mock-Fault": "slow=5"}, timeout=0.1)
        malformed = c.get("/v1/tasks/task-unified-1-x", headers={"X-Mock-Fault": "malformed"})
        assert malformed.status_code == 200
        with pytest.raises(json.JSONDecodeError):
            malformed.json()
        with pytest.raises(httpx.RemoteProtocolError):
            c.get("/v1/tasks/task-unified-1-x", headers={"X-Mock-Fault": "drop"})
        with pytest.raises(httpx.RemoteProtocolError):
            c.post(
                "/v1/videos/generations",
                json=_ev_body("A cat", None),
                headers={"X-Mock-Fault": "drop-after-create"},
            )
        assert len(app.state.mock.tasks) == 1
        bad = c.get("/v1/tasks/task-unified-1-x", headers={"X-Mock-Fault": "explode"})
        assert bad.status_code == 400


def test_faults_async_transport() -> None:
    async def main() -> None:
        app = create_app("qingbo")
        async with async_client(app) as c:
            with pytest.raises(httpx.RemoteProtocolError):
                await c.get("/v1/tasks/x", headers={"X-Mock-Fault": "drop"})
            with pytest.raises(httpx.ReadTimeout):
                await c.get("/v1/tasks/x", headers={"X-Mock-Fault": "slow=5"}, timeout=0.1)
            response = await c.get("/v1/tasks/x", headers={"X-Mock-Fault": "slow=0.01,503"})
            assert response.status_code == 503
            assert "code" not in response.json()["error"]  # qingbo documents none for a 503
        await app.state.mock.aclose()

    asyncio.run(main())


def test_programmatic_fault_injection() -> None:
    app = create_app("freesoragenerator")
    state = app.state.mock
    state.inject("get_task", "503", times=2)
    state.inject("create_task", "500-after-create")
    state.inject("download_video", "drop")
    with pytest.raises(ValueError, match="no operation"):
        state.inject("nope", "500")
    with pytest.raises(ValueError, match="unknown fault"):
        state.inject("get_task", "teapot")
    with client(app) as c:
        assert c.post("/api/v1/video/sora-pro", json=_fs_body("A cat", None)).status_code == 500
        (task_id,) = state.tasks
        statuses = [_get(c, "freesoragenerator", task_id).status_code for _ in range(3)]
        assert statuses == [503, 503, 200]
        state.tasks[task_id].created_at -= 1000
        with pytest.raises(httpx.RemoteProtocolError):
            c.get(f"/_mock/videos/{task_id}.mp4")
        assert c.get(f"/_mock/videos/{task_id}.mp4").status_code == 200
        state.inject("*", "429")
        state.clear_faults()
        assert c.post("/api/get-user-credits").status_code == 200


# --------------------------------------------------------------------------- qingbo
def test_qingbo_cancel_only_queued() -> None:
    clock = Clock()
    app = create_app("qingbo", clock=clock)
    with client(app) as c:
        queued = _create(c, "qingbo")["task_id"]
        response = c.post(f"/v1/tasks/{queued}/cancel")
        assert response.status_code == 200
        assert response.json()["status"] == "cancelled"
        assert response.json()["refunded"] is True
        got = c.get(f"/v1/tasks/{queued}").json()
        assert got["status"] == "cancelled"
        assert got["progress"] == 0
        assert "completed_at" in got
        running = _create(c, "qingbo")["task_id"]
        clock.advance(30)
        refused = c.post(f"/v1/tasks/{running}/cancel")
        assert refused.status_code == 400
        assert refused.json()["error"]["code"] == "task_not_cancellable"
        assert c.post("/v1/tasks/task-nope/cancel").status_code == 404
        assert c.post(f"/v1/tasks/{queued}/cancel").status_code == 400


def test_qingbo_sync_completes_within_timeout() -> None:
    app = create_app("qingbo", time_scale=2000.0, sync_timeout=600.0)
    with client(app) as c:
        response = c.post("/v1/tasks/sync", json=_qb_body("A cat", None))
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "completed"
    assert "poll_url" not in body
    assert body["result"]["videos"][0]["url"][0].endswith(".mp4")


def test_qingbo_sync_timeout_returns_poll_url() -> None:
    app = create_app("qingbo", time_scale=200.0, sync_timeout=20.0)
    with client(app) as c:
        response = c.post("/v1/tasks/sync", json=_qb_body("A cat", None))
        body = response.json()
        assert response.status_code == 200
        assert body["status"] == "processing"
        assert body["poll_url"] == f"/v1/tasks/{body['task_id']}"
        assert 0 < body["progress"] < 100
        assert c.get(body["poll_url"]).status_code == 200


# --------------------------------------------------------------------------- credits
def test_freesoragenerator_credits_and_refunds() -> None:
    clock = Clock()
    app = create_app("freesoragenerator", clock=clock, credits=100.0, is_vip=True)

    def balance(c: httpx.Client) -> Any:
        data = c.post("/api/get-user-credits").json()["data"]
        assert data["is_vip"] is True
        return data["left_credits"]

    with client(app) as c:
        assert balance(c) == 100
        _create(c, "freesoragenerator")
        assert balance(c) == 80
        failing = _create(c, "freesoragenerator", prompt="FAIL_CONTENT")["data"]["taskId"]
        assert balance(c) == 60
        pro = {"model": "sora-2-pro-text-to-video", "prompt": "x", "size": "high"}
        refused = c.post("/api/v1/video/sora-pro", json=pro)
        assert refused.status_code == 402
        assert refused.json()["code"] == 402
        clock.advance(60)
        data = _get(c, "freesoragenerator", failing).json()["data"]
        assert data["status"] == "failed"
        assert data["credits_refunded"] is True
        assert data["refund_trans_no"]
        assert balance(c) == 80


def test_freesoragenerator_errors_as_http_200() -> None:
    app = create_app("freesoragenerator", errors_as_http_200=True)
    with client(app) as c:
        response = c.post("/api/v1/video/sora-pro", json={"model": "sora-2-text-to-video"})
        assert response.status_code == 200
        assert response.json()["code"] == 400
        assert response.json()["data"] is None
        assert (
            c.post("/api/video-generations/check-result", json={"taskId": "x"}).json()["code"]
            == 404
        )
        assert c.post("/api/get-user-credits", headers={"X-Mock-Fault": "500"}).status_code == 500


# --------------------------------------------------------------------------- callbacks
class Receiver:
    """An in-process webhook receiver failing its first ``fail_first`` deliveries."""

    def __init__(self, fail_first: int = 0) -> None:
        self.bodies: list[Any] = []
        self.fail_first = fail_first
        self.app = Starlette(routes=[Route("/hook", self.hook, methods=["POST"])])

    async def hook(self, request: Request) -> JSONResponse:
        self.bodies.append(await request.json())
        status = 500 if len(self.bodies) <= self.fail_first else 200
        return JSONResponse({"ok": status == 200}, status_code=status)

    @property
    def transport(self) -> httpx.AsyncBaseTransport:
        return httpx.ASGITransport(app=self.app)


CALLBACK_PROVIDERS = ["firebirdgen", "qingbo", "apixo", "evolink"]


@pytest.mark.parametrize("provider", CALLBACK_PROVIDERS)
def test_callback_delivered_async(provider: str) -> None:
    async def main() -> None:
        clock = Clock()
        receiver = Receiver()
        app = create_app(provider, clock=clock, callback_transport=receiver.transport)
        case = CASES[provider]
        async with async_client(app) as c:
            response = await c.post(
                case.create_path, json=case.body("A cat", "http://127.0.0.1:9/hook")
            )
            assert response.status_code == 200, response.text
            (task_id,) = app.state.mock.tasks
            await app.state.mock.flush_callbacks()
            assert receiver.bodies == []  # not finished yet
            clock.advance(400)
            await app.state.mock.flush_callbacks()
        await app.state.mock.aclose()
        assert len(receiver.bodies) == 1
        payload = receiver.bodies[0]
        assert_valid(provider, "/components/schemas/CallbackPayload", payload)
        if provider == "firebirdgen":
            assert payload["taskId"] == task_id
            assert payload["statusCode"] == 200
            assert "data" not in payload
        else:
            assert case.status(payload) == case.done
        (attempt,) = app.state.mock.callback_log
        assert attempt.status_code == 200
        assert attempt.url == "http://127.0.0.1:9/hook"

    asyncio.run(main())


def test_evolink_callback_retries_with_sync_transport() -> None:
    clock = Clock()
    receiver = Receiver(fail_first=2)
    app = create_app(
        "evolink", clock=clock, time_scale=100.0, callback_transport=receiver.transport
    )
    with client(app) as c:
        body = _ev_body("A cat FAIL_CONTENT", "http://localhost:8/hook")
        assert c.post("/v1/videos/generations", json=body).status_code == 200
        clock.advance(10)
        c.get(f"/v1/tasks/{next(iter(app.state.mock.tasks))}")  # starts the ticker
        assert app.state.mock.wait_callbacks(timeout=10)
    log = app.state.mock.callback_log
    assert [a.status_code for a in log] == [500, 500, 200]
    assert [a.attempt for a in log] == [1, 2, 3]
    assert log[1].at - log[0].at >= 0.01  # 1 s / time_scale 100
    assert receiver.bodies[0]["status"] == "failed"
    assert receiver.bodies[0]["error"]["code"] == "content_policy_violation"


def test_apixo_callback_only_in_callback_mode_and_retries_stop() -> None:
    async def main() -> None:
        clock = Clock()
        receiver = Receiver(fail_first=10)
        app = create_app(
            "apixo", clock=clock, time_scale=1000.0, callback_transport=receiver.transport
        )
        async with async_client(app) as c:
            body = _ax_body("A cat", "http://127.0.0.1:9/hook")
            body["request_type"] = "async"  # url given, but no callback mode
            assert (await c.post("/api/v1/generateTask/sora-2", json=body)).status_code == 200
            body = _ax_body("A cat", "http://127.0.0.1:9/hook")
            assert (await c.post("/api/v1/generateTask/sora-2", json=body)).status_code == 200
            clock.advance(1)
            await app.state.mock.flush_callbacks()
        await app.state.mock.aclose()
        assert len(receiver.bodies) == 4  # 1 try + 3 retries, one task only
        assert {a.attempt for a in app.state.mock.callback_log} == {1, 2, 3, 4}

    asyncio.run(main())


def test_callbacks_can_be_switched_off() -> None:
    async def main() -> None:
        clock = Clock()
        receiver = Receiver()
        app = create_app(
            "evolink", clock=clock, callback_transport=receiver.transport, deliver_callbacks=False
        )
        async with async_client(app) as c:
            body = _ev_body("A cat", "http://127.0.0.1:9/hook")
            assert (await c.post("/v1/videos/generations", json=body)).status_code == 200
            clock.advance(1000)
            await app.state.mock.flush_callbacks()
        assert receiver.bodies == []
        assert app.state.mock.callback_log == []

    asyncio.run(main())


def test_loopback_callbacks_refused_without_mock_mode() -> None:
    app = create_app("evolink", allow_loopback_callbacks=False)
    with client(app) as c:
        plain = c.post("/v1/videos/generations", json=_ev_body("x", "http://127.0.0.1:9/hook"))
        https = c.post("/v1/videos/generations", json=_ev_body("x", "https://127.0.0.1/hook"))
        public = c.post("/v1/videos/generations", json=_ev_body("x", "https://example.com/h"))
    assert plain.status_code == 400
    assert plain.json()["error"]["param"] == "callback_url"
    assert https.status_code == 400
    assert https.json()["error"]["param"] == "callback_url"
    assert public.status_code == 200


# --------------------------------------------------------------------------- routing
@all_providers
def test_every_spec_operation_is_routed(provider: str) -> None:
    clock = Clock()
    app = create_app(provider, clock=clock, time_scale=1e6, sync_timeout=1.0)
    with client(app) as c:
        created = _create(c, provider)
        (task_id,) = app.state.mock.tasks
        for path, method, op in _spec.iter_operations(provider):
            url = path.replace("{taskId}", task_id).replace("{task_id}", task_id)
            kwargs: dict[str, Any] = {}
            if op["operationId"] in ("create_task", "create_task_sync"):
                kwargs["json"] = CASES[provider].body("A cat", None)
            elif op["operationId"] == "get_task":
                kwargs = CASES[provider].get(task_id)[2]
            response = c.request(method.upper(), url, **kwargs)
            assert str(response.status_code) in op["responses"], (op["operationId"], response.text)
    assert created


# --------------------------------------------------------------------------- real HTTP
def test_mock_server_over_http() -> None:
    app = create_app("evolink", time_scale=1000.0)
    with MockServer(app) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        headers = {"Authorization": f"Bearer {API_KEY}"}
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=5) as c:
            created = c.post("/v1/videos/generations", json=_ev_body("A cat", None)).json()
            time.sleep(0.35)
            done = c.get(f"/v1/tasks/{created['id']}").json()
            assert done["status"] == "completed"
            video = c.get(done["results"][0])
            assert video.headers["content-type"] == "video/mp4"
            assert video.content[4:8] == b"ftyp"
            with pytest.raises(httpx.RemoteProtocolError):
                c.get("/v1/tasks/x", headers={"X-Mock-Fault": "drop"})
            assert c.get("/v1/tasks/x").status_code == 400


def test_serve_reports_real_port() -> None:
    urls: list[str] = []
    ready = threading.Event()

    def on_ready(url: str) -> None:
        urls.append(url)
        ready.set()

    thread = threading.Thread(
        target=serve, args=("apixo",), kwargs={"port": 0, "ready": on_ready}, daemon=True
    )
    thread.start()
    assert ready.wait(10)
    assert not urls[0].endswith(":0")
    response = httpx.get(f"{urls[0]}/api/v1/statusTask/sora-2", params={"taskId": "t"})
    assert response.status_code == 401
    assert response.json() == {"code": 401, "message": "Invalid or missing API key"}


def test_create_app_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="unknown provider"):
        create_app("openai")
    with pytest.raises(ValueError, match="time_scale"):
        create_app("qingbo", time_scale=0)


def test_unclosed_sync_transport_does_not_keep_the_interpreter_alive() -> None:
    """A script that never closes its client must still exit (daemon event loop)."""
    import subprocess
    import sys

    script = (
        "from soravideo.mock import create_app, transport\n"
        "import httpx\n"
        "client = httpx.Client(transport=transport(create_app('apixo')), base_url='http://m')\n"
        "print(client.get('/api/v1/statusTask/sora-2?taskId=x').status_code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "401"
