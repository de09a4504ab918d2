"""The network seam of the README tests: every httpx client reaches the mocks only.

The README's examples are written for users: ``VideoClient("evolink")`` without
a ``base_url``, generated clients built with ``base_url="https://api.evolink.ai"``,
``soravideo generate`` without ``--base-url``. ``tests/test_readme.py`` runs them
unchanged in subprocesses whose ``sitecustomize`` calls :func:`install`, which
patches httpx's network transports (``httpx.HTTPTransport`` and
``httpx.AsyncHTTPTransport``, the only way an httpx request reaches a socket),
so that every request they send is routed:

* a request to a provider's documented host (the ``servers`` URL of its spec,
  e.g. ``api.evolink.ai``) goes to that provider's mock server instead (the
  URL's scheme, host and port are replaced; path, query and the ``Host`` header
  are kept, so the mock's video links name the provider's host as well);
* a request to a loopback address goes out unchanged (a mock the example started
  itself, a callback receiver);
* any other request fails with ``httpx.ConnectError`` before anything is sent,
  so no README example can reach a real provider.

In-process transports (``soravideo.mock.transport(app)``, ``httpx.MockTransport``)
are not network transports and are left alone. Nothing in the production code
changes; only the subprocess's httpx does.

The routes come from the environment variable :data:`ROUTES_ENV`, a JSON object
``{"api.evolink.ai": "http://127.0.0.1:PORT", ...}``; without it :func:`install`
does nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

import httpx

ROUTES_ENV = "SORAVIDEO_README_ROUTES"
"""Environment variable holding ``{documented host: mock base URL}`` as JSON."""

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})

SITECUSTOMIZE = "from contracts.readme_sandbox import install\n\ninstall()\n"
"""Source of the ``sitecustomize.py`` the test puts first on the subprocess's path."""


def route(routes: Mapping[str, httpx.URL], request: httpx.Request) -> httpx.Request:
    """``request`` sent where the sandbox allows, or ``httpx.ConnectError``."""
    host = request.url.host
    target = routes.get(host)
    if target is None:
        if host in LOOPBACK:
            return request
        raise httpx.ConnectError(
            f"README sandbox: {host} is neither a provider's host nor loopback; not sent",
            request=request,
        )
    url = request.url.copy_with(scheme=target.scheme, host=target.host, port=target.port)
    # the Host header stays the provider's: the mock builds its video links from it, so
    # they name the provider's host too and come back through this route (as on the
    # real API, the video is on a public host, which the download rules allow)
    return httpx.Request(
        request.method,
        url,
        headers=request.headers,
        stream=request.stream,
        extensions=request.extensions,
    )


def install(environ: Mapping[str, str] = os.environ) -> bool:
    """Route httpx's network transports as the module docs say.

    Returns:
        Whether the routes variable was set (and the sandbox installed).
    """
    raw = environ.get(ROUTES_ENV)
    if not raw:
        return False
    routes = {host: httpx.URL(url) for host, url in json.loads(raw).items()}
    sync_send = httpx.HTTPTransport.handle_request
    async_send = httpx.AsyncHTTPTransport.handle_async_request

    def handle_request(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        return sync_send(self, route(routes, request))

    async def handle_async_request(
        self: httpx.AsyncHTTPTransport, request: httpx.Request
    ) -> httpx.Response:
        return await async_send(self, route(routes, request))

    httpx.HTTPTransport.handle_request = handle_request  # type: ignore[method-assign]
    httpx.AsyncHTTPTransport.handle_async_request = handle_async_request  # type: ignore[method-assign]
    return True
