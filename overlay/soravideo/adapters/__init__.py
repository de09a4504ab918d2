"""One small adapter per provider: VideoRequest -> generated-client call, body -> Task.

``get_adapter(provider)`` returns the (stateless, shared) adapter for a key.
"""

from __future__ import annotations

import importlib
from functools import cache

from soravideo._types import check_provider
from soravideo.adapters._base import Adapter, Call

__all__ = ["Adapter", "Call", "get_adapter"]

_CLASSES = {
    "firebirdgen": "FirebirdGenAdapter",
    "qingbo": "QingboAdapter",
    "apixo": "ApixoAdapter",
    "freesoragenerator": "FreeSoraGeneratorAdapter",
    "evolink": "EvolinkAdapter",
}


@cache
def get_adapter(provider: str) -> Adapter:
    """The adapter for ``provider``.

    Raises:
        RequestValidationError: ``provider`` is not one of the five keys (also a
            ValueError; the message lists them).
    """
    check_provider(provider)
    module = importlib.import_module(f"soravideo.adapters.{provider}")
    adapter: Adapter = getattr(module, _CLASSES[provider])()
    return adapter
