"""The README's fenced code blocks, and how to read its console commands.

``tests/test_readme.py`` runs the README's examples against the mock servers so
they stay true; this module only reads Markdown (with markdown-it-py, the parser
rich already depends on) and knows the conventions the README writes its
examples in. ``python -m contracts.readme run FILE --line N`` runs one python
block (saved as ``FILE``, starting at README line ``N``), checking the values
its comments show; tracebacks name README.md lines.

Conventions read from the README (documented here, relied on by the test):

* A block is identified by the heading it sits under and its first line
  (:attr:`Block.key`); its **scope** is the enclosing ``##`` section.
* A data block (``json``, ``jsonl``, ``yaml``) *is* the file named last, in
  backticks, in the prose between it and the previous block (e.g. "`jobs.jsonl`
  holds one JSON object per line" names ``jobs.jsonl``).
* In a ``console`` block a line is one command (``\\`` continues it); ``&&``
  chains commands; ``VAR=value`` before the program and ``export VAR=value`` set
  the environment; ``...`` as a value is a placeholder for a secret; ``ID`` or
  a capitalised name ending in ``_ID`` (``TASK_ID``) stands for a task id.
* Expected output is written as a comment: ``# prints TEXT`` (on its own line,
  after the command, or after the command on its line) means the command prints
  ``TEXT`` (its first word; quotes and a trailing ``;,.:`` are not part of it);
  ``... when ready`` means the command keeps running (a server) and ``TEXT``
  says it is ready; ``# exits N`` means the exit status is ``N`` (default 0).
* A console block with lines starting ``$ `` is a transcript: only those lines
  are commands; the lines after each are its output as shown, an illustration
  (timings, ids, injected faults) that is not compared; ``# prints`` is.
* In a ``python`` block, an expression statement followed by a comment that is
  a Python literal (``caps.durations  # (10, 15, 25)``) shows the value it
  evaluates to; ``...`` in the literal matches anything. A comment that is a
  relative path with placeholders (``# videos/<task id>.mp4``) names a file the
  block writes. A block defining ``test_*`` functions is a test module, to be
  run by pytest.
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import shlex
import sys
import tokenize
import types
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

README = Path(__file__).resolve().parent.parent / "README.md"

DATA_LANGUAGES = frozenset({"json", "jsonl", "yaml", "yml"})
"""Fence languages of data blocks (files an example reads)."""

_DATA_FILE = re.compile(r"`([\w./-]+\.(?:jsonl|json|ya?ml))`")
_ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_ID_PLACEHOLDER = re.compile(r"^(?:[A-Z]+_)*ID$")
_PRINTS = re.compile(r"^prints\s+(?P<text>\S+)(?P<ready>.*\bwhen ready\b)?")
_EXITS = re.compile(r"\bexits?\s+(?P<code>\d+)\b")


@attrs.frozen
class Block:
    """One fenced code block of the README.

    Attributes:
        heading: the nearest heading above it (its text).
        section: the enclosing ``##`` heading (the scope of data files).
        language: the fence's info string, first word, lower case ("" if none).
        text: the block's content.
        line: 1-based line of the README where the content starts.
        data_file: for a data block, the file name the prose gives it.
        ordinal: 2, 3... for a later block with the same heading and first line.
    """

    heading: str
    section: str
    language: str
    text: str
    line: int
    data_file: str | None = None
    ordinal: int = 1

    @property
    def first_line(self) -> str:
        """The first non-blank line, stripped."""
        return next((ln.strip() for ln in self.text.splitlines() if ln.strip()), "")

    @property
    def key(self) -> str:
        """``heading | first line``: how the test names this block."""
        suffix = f" #{self.ordinal}" if self.ordinal > 1 else ""
        return f"{self.heading} | {' '.join(self.first_line.split())}{suffix}"

    def where(self) -> str:
        """``README.md:LINE [heading] ```language first line``` for messages."""
        return f"README.md:{self.line} [{self.heading}] ```{self.language} {self.first_line}"


def blocks(path: Path = README) -> list[Block]:
    """Every fenced code block of the Markdown file ``path``, in order.

    A later block with the same heading and first line gets ``ordinal`` 2, 3...,
    so that keys stay unique.
    """
    from markdown_it import MarkdownIt  # here: ``run`` (a subprocess per block) needs none of it

    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tokens = MarkdownIt("commonmark").parse(source)
    found: list[Block] = []
    heading = section = ""
    prose_start = 0
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[index + 1].content.strip()
            if token.tag in ("h1", "h2"):
                section = heading
        if token.type != "fence" or token.map is None:
            continue
        start, end = token.map
        language = token.info.split()[0].lower() if token.info.strip() else ""
        data_file = None
        if language in DATA_LANGUAGES:
            names = _DATA_FILE.findall("\n".join(lines[prose_start:start]))
            data_file = names[-1] if names else None
        block = Block(heading, section, language, token.content, start + 2, data_file)
        seen[block.key] = seen.get(block.key, 0) + 1
        found.append(attrs.evolve(block, ordinal=seen[block.key]))
        prose_start = end
    return found


# --------------------------------------------------------------------------- console
@attrs.frozen
class Command:
    """One command of a console block.

    Attributes:
        argv: program and arguments (environment assignments removed).
        env: ``VAR=value`` assignments written before the program.
        export: True for ``export VAR=value`` lines (``argv`` is empty then).
        prints: the output the README shows for it (``# prints TEXT``), or None.
        server: the README says it keeps running and prints ``prints`` when ready.
        exit_code: the exit status the README shows (``# exits N``), default 0.
        text: the command as written (one line, continuations joined).
        shown: in a transcript, the output lines the README shows after it.
    """

    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...]
    export: bool
    prints: str | None
    server: bool
    exit_code: int
    text: str
    shown: tuple[str, ...] = ()

    @property
    def program(self) -> str:
        """The program's name ("" for an ``export``)."""
        return Path(self.argv[0]).name if self.argv else ""

    def option(self, name: str) -> str | None:
        """The value of ``--name VALUE`` or ``--name=VALUE``, if given."""
        for i, arg in enumerate(self.argv):
            if arg == name and i + 1 < len(self.argv):
                return self.argv[i + 1]
            if arg.startswith(name + "="):
                return arg.split("=", 1)[1]
        return None


def _logical_lines(text: str) -> Iterator[str]:
    pending = ""
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        yield (pending + line).strip()
        pending = ""
    if pending.strip():
        yield pending.strip()


def _comment(line: str) -> str | None:
    """The trailing ``# comment`` of a shell line (outside quotes), or None."""
    lexer = shlex.shlex(line, posix=False)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words = list(lexer)
    for i, word in enumerate(words):
        if word.startswith("#"):
            return " ".join(words[i:])[1:].strip()
    return None


def _expectations(comment: str | None) -> tuple[str | None, bool, int | None]:
    if comment is None:
        return None, False, None
    prints = _PRINTS.search(comment)
    exits = _EXITS.search(comment)
    return (
        prints.group("text").strip("\"'`").rstrip(";,.:") if prints else None,
        bool(prints and prints.group("ready")),
        int(exits.group("code")) if exits else None,
    )


def _split_chain(words: Sequence[str]) -> list[list[str]]:
    chain: list[list[str]] = [[]]
    for word in words:
        if word == "&&":
            chain.append([])
        else:
            chain[-1].append(word)
    return [part for part in chain if part]


def commands(text: str) -> list[Command]:
    """The commands of a console block, with what the README expects of each.

    A block with lines starting ``$ `` is a transcript: those lines are the
    commands, the lines after each one its output as shown (kept in
    :attr:`Command.shown`).

    Raises:
        ValueError: a line is not valid shell quoting.
    """
    found: list[Command] = []
    transcript = any(line.startswith("$ ") for line in text.splitlines())
    for line in _logical_lines(text):
        if not line:
            continue
        if transcript and not line.startswith("$ "):
            if found:
                found[-1] = attrs.evolve(found[-1], shown=(*found[-1].shown, line))
            continue
        line = line.removeprefix("$ ").strip()
        if line.startswith("#"):  # a comment line says what the previous command does
            prints, server, code = _expectations(line[1:].strip())
            if found and (prints or code is not None):
                found[-1] = attrs.evolve(
                    found[-1],
                    prints=prints or found[-1].prints,
                    server=server or found[-1].server,
                    exit_code=found[-1].exit_code if code is None else code,
                )
            continue
        prints, server, code = _expectations(_comment(line))
        words = shlex.split(line, comments=True)
        for part in _split_chain(words):
            export = part[0] == "export"
            if export:
                part = part[1:]
            env: list[tuple[str, str]] = []
            while part and _ENV.match(part[0]):
                name, value = part.pop(0).split("=", 1)
                env.append((name, value))
            found.append(Command(tuple(part), tuple(env), export, prints, server, code or 0, line))
    return found


def is_secret_placeholder(word: str) -> bool:
    """Whether ``word`` stands for a secret the reader supplies (``...``)."""
    return word == "..."


def is_id_placeholder(word: str) -> bool:
    """Whether ``word`` stands for a task id the reader has (``TASK_ID``, ``ID``)."""
    return bool(_ID_PLACEHOLDER.match(word))


# --------------------------------------------------------------------------- python
@attrs.frozen
class Expectation:
    """A value a python block shows in a comment: ``expr  # literal``.

    Attributes:
        line: 1-based line within the block.
        source: the literal as written.
    """

    line: int
    source: str


def _comments(source: str) -> dict[int, str]:
    found: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            found[token.start[0]] = token.string[1:].strip()
    return found


def expectations(source: str) -> dict[int, Expectation]:
    """Expression statements of ``source`` whose trailing comment is a Python literal.

    Returns:
        ``{line of the statement's end: Expectation}``.
    """
    comments = _comments(source)
    found: dict[int, Expectation] = {}
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Expr) or node.end_lineno is None:
            continue
        comment = comments.get(node.end_lineno)
        if comment is None:
            continue
        try:
            ast.literal_eval(comment)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue  # prose, not a value
        found[node.end_lineno] = Expectation(node.end_lineno, comment)
    return found


def matches(actual: Any, expected: Any) -> bool:
    """Whether ``actual`` is ``expected``, where ``...`` in ``expected`` matches anything.

    Tuples and lists must have the same type and length and match element-wise.
    """
    if expected is Ellipsis:
        return True
    if isinstance(expected, tuple | list):
        return (
            type(actual) is type(expected)
            and len(actual) == len(expected)
            and all(matches(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return bool(actual == expected)


_PATH_SHOWN = re.compile(r"^(?:[\w.-]+/)+(?:[\w.-]|<[^<>]+>)*<[^<>]+>(?:[\w.-]|<[^<>]+>)*$")


def shown_files(source: str) -> list[str]:
    """Glob patterns of the files a python block's comments say it writes.

    A comment that is a relative path with ``<placeholders>`` (``# videos/<task
    id>.mp4``) says the block leaves such a file; each placeholder becomes ``*``.
    """
    return [
        re.sub(r"<[^<>]+>", "*", comment)
        for comment in _comments(source).values()
        if _PATH_SHOWN.match(comment)
    ]


def defines_tests(source: str) -> bool:
    """Whether a python block is a pytest test module (it defines ``test_*`` functions)."""
    return any(
        isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
        for node in ast.parse(source).body
    )


def _check(actual: Any, expected_source: str, line: int) -> None:
    expected = ast.literal_eval(expected_source)
    if not matches(actual, expected):
        raise AssertionError(
            f"README.md:{line}: the value is {actual!r}; the README shows {expected_source}"
        )


class _Instrument(ast.NodeTransformer):
    """Wrap the expression statements that show a value in a check of that value."""

    def __init__(self, shown: dict[int, Expectation], offset: int) -> None:
        self.shown = shown
        self.offset = offset

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        shown = self.shown.get(node.end_lineno or 0)
        if shown is None:
            return node
        call = ast.Call(
            func=ast.Name("__readme_check__", ast.Load()),
            args=[node.value, ast.Constant(shown.source), ast.Constant(shown.line + self.offset)],
            keywords=[],
        )
        return ast.copy_location(ast.Expr(call), node)


def run_python(source: str, line: int = 1) -> None:
    """Run a python block as ``__main__``, checking every value its comments show.

    Args:
        source: the block's code.
        line: the README line where it starts (for tracebacks and messages).

    Raises:
        AssertionError: a shown value differs from the computed one.
        Exception: whatever the block raises.
    """
    tree = _Instrument(expectations(source), line - 1).visit(ast.parse(source))
    ast.fix_missing_locations(tree)
    ast.increment_lineno(tree, line - 1)
    module = types.ModuleType("__main__")
    module.__dict__["__readme_check__"] = _check
    sys.modules["__main__"] = module
    exec(compile(tree, str(README), "exec"), module.__dict__)


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m contracts.readme run FILE --line N``: see :func:`run_python`."""
    parser = argparse.ArgumentParser(prog="python -m contracts.readme")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run one python block of the README")
    run.add_argument("file", type=Path)
    run.add_argument("--line", type=int, default=1, help="README line the block starts at")
    args = parser.parse_args(argv)
    run_python(args.file.read_text(encoding="utf-8"), args.line)


if __name__ == "__main__":
    main()
