"""A client library for accessing QWave (qingbo.dev) Sora 2 API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
