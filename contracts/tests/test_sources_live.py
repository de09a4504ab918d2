"""``python -m contracts.sources --live`` against pages served on loopback (no other host)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from contracts.sources import main as sources_main
from contracts.sources import page_sha256

CREATE_HTML = """<!DOCTYPE html><html><body><h1>Create task</h1>
<table><tr><td>aspect_ratio</td><td>string</td><td>default:<code>"16:9"</code></td></tr></table>
<p>Video duration (seconds): 4, 8, 12</p></body></html>"""
STATUS_TEXT = "Task status: queued, processing, completed, failed\n"
ERRORS_TEXT = "401 Authentication failed\n402 Insufficient balance\n"


class Pages(BaseHTTPRequestHandler):
    """Serves ROUTES on loopback; anything else is a 404."""

    ROUTES: ClassVar[dict[str, tuple[str, str]]] = {
        "/create": ("text/html; charset=utf-8", CREATE_HTML),
        "/status": ("text/plain; charset=utf-8", STATUS_TEXT),
        "/errors": ("text/markdown; charset=utf-8", ERRORS_TEXT),
        "/moved": ("redirect", "/status"),
    }
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        kind, body = self.ROUTES.get(self.path, ("", ""))
        if kind == "redirect":
            self.send_response(301)
            self.send_header("Location", body)
            self.end_headers()
            return
        if not kind:
            self.send_error(404)
            return
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Pages.seen.clear()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def live_spec(tmp_path: Path, base: str, closed_port: int) -> Path:
    """A spec whose four sources are served by ``base`` (one unchanged, one changed,
    one 404) and one on a closed loopback port."""
    sources = [
        {"id": "create", "url": f"{base}/create", "language": "en", "read": "2026-11",
         "capture": "create.txt", "sha256": "1" * 64},
        {"id": "status", "url": f"{base}/moved", "language": "en", "read": "2026-10",
         "capture": "status.txt", "sha256": page_sha256(STATUS_TEXT)},
        {"id": "gone", "url": f"{base}/nothing-here", "language": "en", "read": "2026-11"},
        {"id": "down", "url": f"http://127.0.0.1:{closed_port}/x", "language": "en",
         "read": "2026-11"},
        {"id": "errors", "url": f"{base}/errors", "language": "en", "read": "2026-11"},
    ]  # fmt: skip
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "live fixture", "version": "1", "x-sources": sources},
        "paths": {},
        "components": {
            "schemas": {
                "AspectRatio": {
                    "type": "string",
                    "enum": ["16:9", "9:16"],
                    "x-doc": {"source": "create", "quote": 'aspect_ratio string default:"9:16"'},
                },
                "Duration": {
                    "type": "integer",
                    "enum": [4, 8, 12],
                    "x-doc": {"source": "create", "quote": "Video duration (seconds): 4, 8, 12"},
                },
                "TaskStatus": {
                    "type": "string",
                    "enum": ["queued", "processing", "completed", "failed"],
                    "x-doc": {"source": "status", "quote": "queued, processing, completed"},
                },
                "ErrorCode": {
                    "type": "integer",
                    "enum": [401, 402],
                    "x-doc": [
                        {"source": "errors", "quote": "402 Insufficient balance"},
                        {"source": "errors", "quote": "403 Forbidden"},
                    ],
                },
            }
        },
    }
    path = tmp_path / "live.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    probe = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    port = int(probe.server_address[1])
    probe.server_close()
    return port


def test_live_reports_unchanged_changed_and_unreachable_pages(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = live_spec(tmp_path, server, closed_port())
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "create.txt").write_text(
        'aspect_ratio\nstring\ndefault:"9:16"\nVideo duration (seconds): 4, 8, 12\n',
        encoding="utf-8",
    )
    code = sources_main(["--live", "--spec", str(spec), "--pages", str(pages), "--timeout", "5"])
    out = capsys.readouterr().out
    assert code == 1
    lines = out.splitlines()
    assert f"live status {server}/moved: unchanged since 2026-10" in lines
    assert any(
        line.startswith(f"live create {server}/create: changed since 2026-11") for line in lines
    )
    assert "      /components/schemas/AspectRatio: 'aspect_ratio string default:\"9:16\"'" in lines
    assert not any("/components/schemas/Duration:" in line for line in lines)
    assert any('default:"16:9"' in line and "line" in line for line in lines)  # uncited
    assert '    -default:"9:16"' in lines  # the diff against the capture
    assert any(
        line.startswith(f"live gone {server}/nothing-here: fetch failed: HTTPStatusError")
        for line in lines
    )
    assert any(
        line.startswith("live down http://127.0.0.1:") and "fetch failed: ConnectError" in line
        for line in lines
    )
    # a page without sha256 still has its quotes checked
    assert f"live errors {server}/errors: no sha256 in the registry" in lines
    assert "      /components/schemas/ErrorCode: '403 Forbidden'" in lines
    assert (
        lines[-1]
        == "live: 1 unchanged, 1 changed, 1 without sha256, 2 not fetched; 2 stale fact(s)"
    )
    assert sorted(Pages.seen) == ["/create", "/errors", "/moved", "/nothing-here", "/status"]


def test_live_exit_0_when_nothing_is_stale(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_path = live_spec(tmp_path, server, closed_port())
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    spec["info"]["x-sources"] = [s for s in spec["info"]["x-sources"] if s["id"] == "status"]
    spec["components"]["schemas"] = {"TaskStatus": spec["components"]["schemas"]["TaskStatus"]}
    spec_path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    code = sources_main(["--live", "--spec", str(spec_path), "--pages", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[-1] == (
        "live: 1 unchanged, 0 changed, 0 without sha256, 0 not fetched; 0 stale fact(s)"
    )
