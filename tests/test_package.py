"""The installed distribution exposes the overlay and the five generated clients."""

from __future__ import annotations

import importlib
from importlib import resources

import pytest

import soravideo
from contracts.codegen import PROVIDERS as PIPELINE_PROVIDERS
from contracts.codegen import ROOT


def test_providers_are_the_five_public_keys() -> None:
    assert soravideo.PROVIDERS == ("firebirdgen", "qingbo", "apixo", "freesoragenerator", "evolink")
    assert soravideo.PROVIDERS == PIPELINE_PROVIDERS


@pytest.mark.parametrize("provider", soravideo.PROVIDERS)
def test_generated_client_is_typed_and_complete(provider: str) -> None:
    package = importlib.import_module(f"{provider}_client")
    assert resources.files(package).joinpath("py.typed").is_file()
    shipped = resources.files(package).joinpath("openapi.yaml").read_text(encoding="utf-8")
    assert shipped == (ROOT / "specs" / f"{provider}.yaml").read_text(encoding="utf-8")
    for name in ("AuthenticatedClient", "Client"):
        assert hasattr(package, name), f"{provider}_client.{name}"
    for operation in ("create_task", "get_task"):
        module = importlib.import_module(f"{provider}_client.api.tasks.{operation}")
        for function in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
            assert callable(getattr(module, function))


def test_the_version_is_the_projects() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert soravideo.__version__ == project["version"]
