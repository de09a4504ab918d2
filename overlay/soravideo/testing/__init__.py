"""soravideo's pytest plugin: the ``soravideo_mock`` fixture (loaded by pytest automatically).

Installed with the package (entry point ``pytest11``: ``soravideo = soravideo.testing``),
so any test may ask for the fixture without a conftest::

    from soravideo import VideoRequest

    def test_generate(soravideo_mock, tmp_path):
        mock = soravideo_mock("evolink")
        task = mock.client.generate(VideoRequest(prompt="A cat playing piano"))
        assert mock.client.download(task, tmp_path).stat().st_size > 0
        assert mock.requests[0].json["prompt"] == "A cat playing piano"

``soravideo_mock(provider, **options)`` returns a :class:`MockHandle` of that
provider's stateful mock (:mod:`soravideo.mock`), torn down after the test.
Options: ``time_scale`` (1.0: documented durations; the fixture's clients skip the
waits anyway), ``api_key`` (``"soravideo-test-key"``), ``credits`` (1,000,000),
``serve`` (False; True: listen on a loopback port, :attr:`MockHandle.base_url`),
``rate_limit`` (False; True: the spec's ``x-rate-limit``, in real time),
``strict`` (True: a request the spec forbids fails the test at teardown unless
the test took it with :meth:`MockHandle.expect_violation` /
:meth:`MockHandle.take_violations`), ``start`` (the clock's start, Unix
seconds), and any other keyword of :func:`soravideo.mock.create_app`.

The handle: ``.client`` (a :class:`soravideo.VideoClient` whose waits advance the
mock's clock instead of sleeping), ``.make_client(**kw)`` / ``.async_client(**kw)``,
``.api_key``, ``.transport`` / ``.async_transport`` (httpx transports, e.g. for
``evolink_client.AuthenticatedClient(..., httpx_args={"transport": mock.transport})``),
``.requests`` (``.method``, ``.path``, ``.query``, ``.json``, ``.headers`` without
the key, ``.operation``, ``.status``, ``.violations``), ``.inject(operation_id,
fault, times=1)`` (``"*"`` for any operation), ``.clock`` / ``.advance(seconds)``,
``.base_url``, ``.state`` (tasks, credits) and ``.violations``.

A request the spec forbids gets the provider's own error from the mock (its
message names the field), and is listed in ``.violations``.

Importing this module costs nothing but pytest (and the ``soravideo`` package
it lives in): the mock and the clients are imported when a test first asks for
the fixture. ``pytest -p no:soravideo`` does not load the plugin at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from soravideo._exchange import Violation
    from soravideo.testing._handle import (
        MockClock,
        MockFactory,
        MockHandle,
        RecordedRequest,
    )

__all__ = ["MockClock", "MockFactory", "MockHandle", "RecordedRequest", "Violation"]


def __getattr__(name: str) -> Any:
    """The handle's classes, imported on first use (keeps the plugin's import light)."""
    if name == "Violation":
        from soravideo._exchange import Violation

        return Violation
    if name in ("MockClock", "MockFactory", "MockHandle", "RecordedRequest"):
        from soravideo.testing import _handle

        return getattr(_handle, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@pytest.fixture
def soravideo_mock() -> Iterator[MockFactory]:
    """A factory of provider mocks: ``soravideo_mock("evolink", **options)`` -> MockHandle.

    Every mock it made is closed after the test (clients, transports, server).
    A strict mock (the default) that received a request its spec forbids, not
    taken by the test, fails the test at teardown, naming the fields.
    """
    from soravideo.testing._handle import MockFactory

    factory = MockFactory()
    yield factory
    problems = factory.close()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
