"""soravideo: one typed interface over five Sora 2 video-generation providers.

The generated, spec-faithful clients are importable on their own as
``firebirdgen_client``, ``qingbo_client``, ``apixo_client``,
``freesoragenerator_client`` and ``evolink_client``.
"""

from __future__ import annotations

__version__ = "0.1.0"

PROVIDERS: tuple[str, ...] = ("firebirdgen", "qingbo", "apixo", "freesoragenerator", "evolink")
"""The provider keys, in the order the project documents them."""

__all__ = ["PROVIDERS", "__version__"]
