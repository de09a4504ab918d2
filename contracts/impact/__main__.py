"""``python -m contracts.impact [--base REF] [--json] [--write-changelog] [--check]``.

Run by ``nox -s impact``. Exit codes: 0 report printed / gate passed, 1 gate
failed, 2 usage or git/griffe error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from contracts.codegen import ROOT
from contracts.impact.api import ImpactError
from contracts.impact.release import bumped
from contracts.impact.report import Report, build_report, check, default_base, write_changelog


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nox -s impact --",
        description="What the change from REF to the working tree does to the clients' users.",
    )
    parser.add_argument(
        "--base", metavar="REF", help="git ref to compare with (default: last release)"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--write-changelog",
        action="store_true",
        help="prepend the entry to CHANGELOG.md and set pyproject.toml's version",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="fail when the version and CHANGELOG.md do not reflect the change since the release",
    )
    parser.add_argument("--verbose", action="store_true", help="list every docs change too")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    return parser


def render(report: Report, how: str, verbose: bool) -> str:
    """The human-readable report."""
    lines = [f"impact since {report.base} ({how})", ""]
    for key, changes in report.providers.items():
        counts = Counter(c.kind for c in changes)
        summary = ", ".join(
            f"{counts[k]} {k}" for k in ("breaking", "additive", "docs") if counts[k]
        )
        lines.append(f"{key}: {summary or 'no change'}")
        for change in changes:
            if change.kind != "docs" or verbose:
                lines.append(f"  {change.kind:<9} {change.pointer}")
                lines.append(f"            {change.what}")
        docs = [c for c in changes if c.kind == "docs"]
        if docs and not verbose:
            by_key = Counter(c.pointer.rsplit("/", 1)[-1] for c in docs)
            detail = ", ".join(f"{k} {n}" for k, n in by_key.most_common())
            plural = "s" if len(docs) != 1 else ""
            lines.append(f"  docs      {len(docs)} change{plural} ({detail}); --verbose lists them")
    lines += ["", f"Python API (griffe): {len(report.api) or 'no'} breaking"]
    lines += [f"  breaking  {b.path}: {b.what}" for b in report.api]
    new = bumped(report.base_version, report.bump)
    lines += ["", f"bump: {report.bump} ({report.base_version} -> {new})"]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the impact report, the changelog writer or the CI gate."""
    args = _parser().parse_args(argv)
    root: Path = args.root.resolve()
    try:
        if args.check:
            ok, lines = check(root)
            print("\n".join(lines), file=sys.stdout if ok else sys.stderr)
            return 0 if ok else 1
        base, how = (args.base, "--base") if args.base else default_base(root)
        report = build_report(root, base)
    except ImpactError as exc:
        print(f"impact: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    else:
        print(render(report, how, args.verbose))
    if args.write_changelog:
        version = write_changelog(root, report, dt.date.today().isoformat())
        message = f"CHANGELOG.md: entry {version}; pyproject.toml version {version}"
        print(message if version else "no change: CHANGELOG.md left alone", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
