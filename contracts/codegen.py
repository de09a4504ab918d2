"""Generate the five clients from ``specs/`` and check ``generated/`` is fresh.

``nox -s generate`` calls :func:`generate_all`; ``nox -s check_generated`` calls
:func:`check_all`, which regenerates into a temporary directory and compares
with the committed tree byte for byte.

Generation is deterministic: openapi-python-client is pinned, its ruff
post-hooks run with ``--no-cache`` (``specs/generator.yaml``), and
``--fail-on-warning`` turns a dropped operation (a dangling ``$ref``, an
unsupported content type) into an error instead of a silent omission.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
CONFIG = SPECS / "generator.yaml"
PROVIDERS: tuple[str, ...] = ("firebirdgen", "qingbo", "apixo", "freesoragenerator", "evolink")
SPEC_FILE = "openapi.yaml"
IGNORED = {"__pycache__", ".ruff_cache", ".mypy_cache"}


class GenerationError(RuntimeError):
    """openapi-python-client failed (or warned) for a spec; the message has its output."""


def package_name(provider: str) -> str:
    """``"evolink"`` -> ``"evolink_client"``, the import name of its generated client."""
    return f"{provider}_client"


def _tool(name: str) -> str:
    """Path of a console script installed beside this interpreter, else the bare name."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def generate(provider: str, out_root: Path = GENERATED) -> Path:
    """Generate ``<out_root>/<provider>_client`` from ``specs/<provider>.yaml``.

    The output directory is replaced whole. A ``py.typed`` marker is added
    (``--meta none`` writes none), and the spec itself is copied to
    ``openapi.yaml`` inside the package, so the installed overlay and mock
    servers read exactly the spec the client was generated from. Returns the
    package directory.

    Raises:
        GenerationError: the generator exited non-zero (including on a warning).
    """
    out = out_root / package_name(provider)
    env = dict(os.environ)
    # The post-hooks call `ruff`; make sure the pinned one beside us is found first.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    cmd = [
        _tool("openapi-python-client"),
        "generate",
        "--path",
        str(SPECS / f"{provider}.yaml"),
        "--output-path",
        str(out),
        "--overwrite",
        "--meta",
        "none",
        "--config",
        str(CONFIG),
        "--fail-on-warning",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise GenerationError(
            f"openapi-python-client failed for {provider} (exit {proc.returncode}):\n"
            f"{proc.stdout}{proc.stderr}"
        )
    (out / "py.typed").write_text("", encoding="utf-8")
    shutil.copyfile(SPECS / f"{provider}.yaml", out / SPEC_FILE)
    _clean(out)
    return out


def _clean(tree: Path) -> None:
    """Remove caches a tool may have dropped into a generated tree."""
    for cache in [p for p in tree.rglob("*") if p.is_dir() and p.name in IGNORED]:
        shutil.rmtree(cache, ignore_errors=True)


def generate_all(providers: Iterable[str] = PROVIDERS, out_root: Path = GENERATED) -> list[Path]:
    """Generate every provider's client; returns the package directories."""
    out_root.mkdir(parents=True, exist_ok=True)
    return [generate(p, out_root) for p in providers]


@dataclass
class TreeDiff:
    """How a committed tree differs from a freshly generated one (relative paths)."""

    modified: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    """In the fresh generation but not committed."""
    extra: list[str] = field(default_factory=list)
    """Committed but not produced by the generator."""

    def __bool__(self) -> bool:
        return bool(self.modified or self.missing or self.extra)

    def lines(self) -> list[str]:
        """One ``<kind>: <path>`` line per differing file, sorted."""
        return [
            *(f"modified: {p}" for p in sorted(self.modified)),
            *(f"missing:  {p}" for p in sorted(self.missing)),
            *(f"extra:    {p}" for p in sorted(self.extra)),
        ]


def compare_trees(committed: Path, fresh: Path, prefix: str = "") -> TreeDiff:
    """Compare two directory trees by content (not by stat), ignoring caches."""
    diff = TreeDiff()
    if not committed.is_dir():
        diff.missing.extend(_all_files(fresh, prefix))
        return diff
    cmp = filecmp.dircmp(committed, fresh, ignore=sorted(IGNORED))
    _walk(cmp, Path(prefix), diff)
    return diff


def _all_files(tree: Path, prefix: str) -> list[str]:
    return [
        str(Path(prefix) / p.relative_to(tree))
        for p in sorted(tree.rglob("*"))
        if p.is_file() and not IGNORED.intersection(p.relative_to(tree).parts)
    ]


def _walk(cmp: filecmp.dircmp[str], rel: Path, diff: TreeDiff) -> None:
    # dircmp compares by os.stat signature; re-check common files by content.
    _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
    diff.modified.extend(str(rel / name) for name in [*mismatch, *errors])
    for name in cmp.left_only:
        path = Path(cmp.left) / name
        diff.extra.extend(_all_files(path, str(rel / name)) if path.is_dir() else [str(rel / name)])
    for name in cmp.right_only:
        path = Path(cmp.right) / name
        diff.missing.extend(
            _all_files(path, str(rel / name)) if path.is_dir() else [str(rel / name)]
        )
    for name in cmp.common_funny:
        diff.modified.append(str(rel / name))
    for name, sub in cmp.subdirs.items():
        _walk(sub, rel / name, diff)


def check_all(providers: Sequence[str] = PROVIDERS, committed_root: Path = GENERATED) -> TreeDiff:
    """Regenerate every client into a temporary directory and diff with ``committed_root``.

    When every provider is checked, other top-level entries in
    ``committed_root`` (a sixth package, a stray file) count as ``extra``.
    Returns an empty (falsy) :class:`TreeDiff` when the committed tree is
    exactly what the specs produce.
    """
    total = TreeDiff()
    with tempfile.TemporaryDirectory(prefix="soravideo-gen-") as tmp:
        fresh_root = Path(tmp)
        for provider in providers:
            fresh = generate(provider, fresh_root)
            name = package_name(provider)
            part = compare_trees(committed_root / name, fresh, prefix=name)
            total.modified += part.modified
            total.missing += part.missing
            total.extra += part.extra
    expected = {package_name(p) for p in providers}
    if committed_root.is_dir() and set(providers) == set(PROVIDERS):
        for entry in sorted(committed_root.iterdir()):
            if entry.name not in expected and entry.name not in IGNORED:
                total.extra.extend(
                    _all_files(entry, entry.name) if entry.is_dir() else [entry.name]
                )
    return total


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m contracts.codegen generate|check [PROVIDER ...]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in {"generate", "check"}:
        print("usage: python -m contracts.codegen generate|check [PROVIDER ...]", file=sys.stderr)
        return 2
    providers = tuple(args[1:]) or PROVIDERS
    unknown = sorted(set(providers) - set(PROVIDERS))
    if unknown:
        print(f"unknown provider(s) {unknown}; expected some of {list(PROVIDERS)}", file=sys.stderr)
        return 2
    try:
        if args[0] == "generate":
            for path in generate_all(providers):
                print(f"generated {path.relative_to(ROOT)}")
            return 0
        diff = check_all(providers)
    except GenerationError as exc:
        print(exc, file=sys.stderr)
        return 1
    if diff:
        print("generated/ is not what the specs produce (run `nox -s generate` and commit):")
        for line in diff.lines():
            print(f"  {line}")
        return 1
    print(f"generated/ is up to date for {', '.join(providers)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
