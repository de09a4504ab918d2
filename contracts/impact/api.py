"""The Python API check: ``griffe check`` of the generated clients and the overlay.

:func:`api_check` compares the public API of each ``generated/<key>_client``
package and of ``soravideo`` (``overlay/``) at a git ref with the working tree.
griffe's git mode makes a worktree of the ref in the repository it runs in, so
it never runs in the user's checkout: a temporary ``git clone --shared`` of the
repository is checked out at the ref, the working tree's ``generated/`` and
``overlay/`` are copied over it, and griffe compares those with the ref inside
that clone (whose index is clean). The clone is deleted afterwards.

griffe sees Python objects only (a removed model attribute, a renamed
parameter, a removed function); a ``Literal`` losing a value or a stricter
request is the spec classifier's job (:mod:`contracts.impact.classify`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from contracts.codegen import PROVIDERS, package_name

__all__ = ["PACKAGES", "APIBreakage", "ImpactError", "api_check", "parse_griffe"]

PACKAGES: tuple[tuple[str, str], ...] = (
    *((package_name(p), "generated") for p in PROVIDERS),
    ("soravideo", "overlay"),
)
"""``(import name, search directory)`` of every package whose API users import."""

COPY_IGNORE = shutil.ignore_patterns("__pycache__", "*.egg-info", ".mypy_cache", ".ruff_cache")
LINE = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+): (?P<title>.+?): (?P<what>.+)$")
"""One line of ``griffe check --format oneline``: ``file:line: object: explanation``."""


class ImpactError(RuntimeError):
    """git or griffe failed in a way the impact report cannot interpret."""


@dataclass(frozen=True)
class APIBreakage:
    """One breakage griffe found: the package, the object's dotted path, what happened."""

    package: str
    path: str
    what: str
    kind: str = "breaking"

    def as_dict(self) -> dict[str, str]:
        """``{"package", "path", "kind": "breaking", "what"}`` (the ``--json`` shape)."""
        return {"package": self.package, "path": self.path, "kind": self.kind, "what": self.what}


def _module(file: str, search: str) -> str:
    rel = Path(file)
    if rel.parts and rel.parts[0] == search:
        rel = Path(*rel.parts[1:])
    parts = list(rel.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def parse_griffe(package: str, search: str, output: str) -> list[APIBreakage]:
    """Parse ``griffe check -f oneline --no-color`` output into breakages.

    ``generated/evolink_client/models/task_info.py:0: TaskInfo.can_cancel:
    Public object was removed`` becomes path
    ``evolink_client.models.task_info.TaskInfo.can_cancel``. Lines that are not
    breakages (log lines) are ignored.
    """
    found: list[APIBreakage] = []
    for line in output.splitlines():
        match = LINE.match(line.strip())
        if not match or not match["file"].endswith(".py"):
            continue
        module = _module(match["file"], search)
        title = match["title"]
        path = module if title == "<module>" else f"{module}.{title}"
        found.append(APIBreakage(package, path, match["what"]))
    return found


def _git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise ImpactError(f"git {' '.join(args)} failed in {cwd}: {proc.stderr.strip()}")
    return proc.stdout


def _exists_at(repo: Path, commit: str, path: str) -> bool:
    proc = subprocess.run(
        ["git", "cat-file", "-e", f"{commit}:{path}"], cwd=repo, capture_output=True, check=False
    )
    return proc.returncode == 0


def _griffe() -> str:
    candidate = Path(sys.executable).parent / "griffe"
    return str(candidate) if candidate.exists() else "griffe"


def _check_one(clone: Path, commit: str, package: str, search: str) -> list[APIBreakage]:
    base_init = f"{search}/{package}/__init__.py"
    if not _exists_at(clone, commit, base_init):
        return []  # a new package: nothing of it can break
    if not (clone / search / package / "__init__.py").exists():
        return [APIBreakage(package, package, "Package was removed")]
    tag = f"impact-base-{package}"  # griffe names its worktree branch after the ref
    _git(clone, "tag", "--force", tag, commit)
    cmd = [_griffe(), "check", package, "-s", search, "-a", tag, "-f", "oneline", "--no-color"]
    proc = subprocess.run(cmd, cwd=clone, capture_output=True, text=True, check=False)
    output = proc.stdout + proc.stderr
    found = parse_griffe(package, search, output)
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not found):
        raise ImpactError(f"griffe check {package} failed (exit {proc.returncode}):\n{output}")
    return found


def api_check(
    root: Path, base: str, packages: Sequence[tuple[str, str]] = PACKAGES
) -> list[APIBreakage]:
    """Breakages of each package's public API from git ref ``base`` to ``root``'s working tree.

    ``root`` is a git repository; it is only read (the work happens in a
    temporary shared clone). Packages whose tracked files equal ``base``'s are
    skipped; a package absent at ``base`` is new (no breakages); one absent
    from the working tree is reported as removed.

    Raises:
        ImpactError: ``base`` is not a commit of ``root``, or griffe failed.
    """
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").strip()
    dirs = sorted({f"{search}/{package}" for package, search in packages})
    changed = _git(root, "--no-optional-locks", "diff", "--name-only", commit, "--", *dirs)
    touched = {"/".join(Path(name).parts[:2]) for name in changed.split()}
    packages = [(p, s) for p, s in packages if f"{s}/{p}" in touched]  # others: same API
    if not packages:
        return []
    with tempfile.TemporaryDirectory(prefix="soravideo-impact-") as tmp:
        clone = Path(tmp) / "repo"
        _git(root, "clone", "--quiet", "--shared", "--no-checkout", str(root), str(clone))
        _git(clone, "checkout", "--quiet", "--detach", commit)
        for search in sorted({s for _, s in packages}):
            shutil.rmtree(clone / search, ignore_errors=True)
            if (root / search).is_dir():
                shutil.copytree(root / search, clone / search, ignore=COPY_IGNORE)
        with ThreadPoolExecutor(max_workers=3) as pool:
            results = pool.map(lambda pkg: _check_one(clone, commit, *pkg), packages)
            return [b for found in results for b in found]
