"""The freshness check catches every kind of drift in ``generated/``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from contracts import codegen
from contracts.codegen import PROVIDERS, compare_trees, package_name


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real generation of every client, shared by the tests below."""
    root = tmp_path_factory.mktemp("fresh")
    codegen.generate_all(PROVIDERS, root)
    return root


def test_committed_tree_is_what_the_specs_produce(fresh: Path) -> None:
    for provider in PROVIDERS:
        name = package_name(provider)
        diff = compare_trees(codegen.GENERATED / name, fresh / name, prefix=name)
        assert not diff, "\n".join(diff.lines())


def test_generation_is_deterministic(fresh: Path, tmp_path: Path) -> None:
    again = codegen.generate("evolink", tmp_path)
    assert not compare_trees(fresh / "evolink_client", again)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_one_line_edit_of_any_generated_file_is_named(
    provider: str, fresh: Path, tmp_path: Path
) -> None:
    tree = tmp_path / package_name(provider)
    shutil.copytree(fresh / package_name(provider), tree)
    files = sorted(p for p in tree.rglob("*") if p.is_file())
    assert any(f.name == "py.typed" for f in files)
    for path in files:
        original = path.read_bytes()
        lines = original.decode().splitlines(keepends=True) or ["\n"]
        lines[len(lines) // 2] = lines[len(lines) // 2].rstrip("\n") + "  # hand edit\n"
        path.write_text("".join(lines))
        try:
            diff = compare_trees(tree, fresh / package_name(provider))
            assert diff.modified == [str(path.relative_to(tree))], diff.lines()
            assert not diff.missing
            assert not diff.extra
        finally:
            path.write_bytes(original)
    assert not compare_trees(tree, fresh / package_name(provider))


def test_missing_and_extra_files_are_named(fresh: Path, tmp_path: Path) -> None:
    tree = tmp_path / "evolink_client"
    shutil.copytree(fresh / "evolink_client", tree)
    (tree / "client.py").unlink()
    (tree / "models" / "handwritten.py").write_text("x = 1\n")
    diff = compare_trees(tree, fresh / "evolink_client", prefix="evolink_client")
    assert diff.missing == ["evolink_client/client.py"]
    assert diff.extra == ["evolink_client/models/handwritten.py"]
    assert diff.lines() == [
        "missing:  evolink_client/client.py",
        "extra:    evolink_client/models/handwritten.py",
    ]


def test_check_all_reports_a_stray_package(fresh: Path, tmp_path: Path) -> None:
    committed = tmp_path / "generated"
    shutil.copytree(fresh, committed)
    (committed / "sixth_client").mkdir()
    (committed / "sixth_client" / "__init__.py").write_text("")
    diff = codegen.check_all(PROVIDERS, committed)
    assert diff.extra == ["sixth_client/__init__.py"]
    assert not diff.modified
    assert not diff.missing


def test_generation_error_carries_the_generator_output(tmp_path: Path) -> None:
    bad = tmp_path / "specs"
    bad.mkdir()
    (bad / "broken.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n"
        "      operationId: x\n      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n"
        "              schema: {$ref: '#/components/schemas/Nope'}\n"
    )
    original = codegen.SPECS
    codegen.SPECS = bad
    try:
        with pytest.raises(codegen.GenerationError, match="broken"):
            codegen.generate("broken", tmp_path / "out")
    finally:
        codegen.SPECS = original
