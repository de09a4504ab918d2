"""The jobs file: reading ``JOBS.jsonl`` into :class:`Job` objects, and each job's fingerprint."""

from __future__ import annotations

import base64
import collections
import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from soravideo._types import VideoRequest, as_path

__all__ = ["BadLine", "Job", "check_jobs", "read_jobs"]

_FIELDS: Final = (
    "prompt",
    "model",
    "duration",
    "aspect_ratio",
    "quality",
    "image",
    "remix_of",
    "shots",
    "callback_url",
    "remove_watermark",
    "extra",
)
_STRING_FIELDS: Final = (
    "prompt",
    "model",
    "aspect_ratio",
    "quality",
    "image",
    "remix_of",
    "callback_url",
)
_ID_PATTERN: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_TEXT_LIMIT: Final = 80


@attrs.frozen
class Job:
    """One video request of a batch.

    Attributes:
        line: 1-based line number in the jobs file.
        key: the line's ``"id"`` if given, else a default id made from the
            line's content (see :func:`read_jobs`); unique in a batch, the
            job's identity in the journal and its video's file name
            (``<out>/<key>.mp4``).
        request: what to generate.
    """

    line: int
    key: str
    request: VideoRequest


@attrs.frozen
class BadLine:
    """A line of the jobs file that cannot be run.

    Attributes:
        line: 1-based line number.
        text: the raw line, truncated to 80 characters.
        error: what is wrong, naming the field.
    """

    line: int
    text: str
    error: str


def _truncate(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _TEXT_LIMIT else text[: _TEXT_LIMIT - 1] + "…"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _content_id(data: Mapping[str, Any]) -> str:
    """``job-<12 hex>``: a digest of a line's request fields, as written.

    Canonical JSON (sorted keys, no spaces, ``null`` fields dropped, ``"id"``
    left out) of the decoded line, so neither whitespace, key order, comments,
    blank lines nor other lines change it; independent of soravideo's own
    types, so an upgrade does not change it either.
    """
    fields = {k: v for k, v in data.items() if k != "id" and v is not None}
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "job-" + hashlib.sha256(text.encode("ascii")).hexdigest()[:12]


def _parse_line(data: Mapping[str, Any]) -> tuple[str | None, VideoRequest]:
    """The key (None for a default id) and request of one decoded line.

    Raises:
        ValueError: naming the field at fault (``TypeError`` is folded in).
    """
    unknown = sorted(set(data) - {*_FIELDS, "id"})
    if unknown:
        raise ValueError(
            f"unknown field {unknown[0]!r}"
            + (f" (and {', '.join(map(repr, unknown[1:]))})" if len(unknown) > 1 else "")
            + f"; allowed: id, {', '.join(_FIELDS)}"
        )
    key = None
    if "id" in data:
        value = data["id"]
        if not isinstance(value, str) or not _ID_PATTERN.fullmatch(value):
            raise ValueError(
                f"id must be a string of 1-128 letters, digits, '.', '_' or '-' "
                f"starting with a letter or digit, got {value!r}"
            )
        key = value
    fields = {name: data[name] for name in _FIELDS if name in data and data[name] is not None}
    for name in _STRING_FIELDS:
        if name in fields and not isinstance(fields[name], str):
            raise ValueError(f"{name} must be a string, got {fields[name]!r}")
    if "duration" in fields and (
        isinstance(fields["duration"], bool) or not isinstance(fields["duration"], int)
    ):
        raise ValueError(f"duration must be whole seconds (an integer), got {fields['duration']!r}")
    if "remove_watermark" in fields and not isinstance(fields["remove_watermark"], bool):
        raise ValueError(
            f"remove_watermark must be true or false, got {fields['remove_watermark']!r}"
        )
    if "extra" in fields and not isinstance(fields["extra"], dict):
        raise ValueError(f"extra must be an object, got {fields['extra']!r}")
    if "shots" in fields:
        shots = fields["shots"]
        if not isinstance(shots, list) or not all(
            isinstance(s, dict) and set(s) == {"prompt", "duration"} for s in shots
        ):
            raise ValueError('shots must be a list of {"prompt": ..., "duration": ...} objects')
    try:
        request = VideoRequest(**fields)
    except (ValueError, TypeError) as exc:
        field = getattr(exc, "field", None)
        message = str(exc)
        if field and field not in message:
            message = f"{field}: {message}"
        raise ValueError(message) from exc
    return key, request


def read_jobs(path: str | os.PathLike[str]) -> tuple[list[Job], list[BadLine]]:
    """Read a JSON Lines jobs file.

    Each line is one JSON object with :class:`~soravideo.VideoRequest` fields
    (``prompt``, ``model``, ``duration``, ``aspect_ratio``, ``quality``,
    ``image`` (a URL, ``data:`` URL or path), ``remix_of``, ``shots``
    (``[{"prompt", "duration"}]``), ``callback_url``, ``remove_watermark``,
    ``extra``) and an optional ``"id"``. Blank lines and lines starting with
    ``#`` are ignored.

    A line without ``"id"`` gets a default id from its content:
    ``job-<12 hex digits>``, a digest of its fields as written (canonical
    JSON: key order, spacing and ``null`` fields do not matter), and for the
    n-th line (n >= 2) with the same content, ``job-<hex>-<n>``. So adding or
    removing comments, blank lines or other jobs never changes a job's id
    (a resumed batch neither re-creates nor confuses a job because lines
    moved), while editing a job's request gives it a new id: it is a new
    job. Give ``"id"`` for readable file names.

    Never raises on content: every bad line (not UTF-8, invalid JSON, not an
    object, an unknown field, a value of the wrong type or one no provider
    accepts, a duplicate id) becomes a :class:`BadLine` with its 1-based line
    number and a message naming the field.

    Returns:
        ``(jobs, bad_lines)``, both in file order.

    Raises:
        OSError: the file cannot be read.
    """
    jobs: list[Job] = []
    bad: list[BadLine] = []
    first_line: dict[str, int] = {}
    seen_content: collections.Counter[str] = collections.Counter()
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                shown = raw.decode("utf-8", "replace")
                bad.append(BadLine(number, _truncate(shown), f"not UTF-8 ({exc.reason})"))
                continue
            if number == 1:
                text = text.removeprefix("\ufeff")
            stripped = text.strip()
            if not stripped or stripped.startswith("#"):
                continue
            try:
                data = json.loads(stripped, parse_constant=_reject_constant)
            except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep
                bad.append(BadLine(number, _truncate(text), f"invalid JSON: {exc}"))
                continue
            if not isinstance(data, dict):
                bad.append(
                    BadLine(number, _truncate(text), f"not a JSON object ({type(data).__name__})")
                )
                continue
            try:
                key, request = _parse_line(data)
            except ValueError as exc:
                bad.append(BadLine(number, _truncate(text), str(exc)))
                continue
            if key is None:
                content = _content_id(data)
                seen_content[content] += 1
                occurrence = seen_content[content]
                key = content if occurrence == 1 else f"{content}-{occurrence}"
            if key in first_line:
                bad.append(
                    BadLine(
                        number,
                        _truncate(text),
                        f"duplicate id {key!r} (first on line {first_line[key]})",
                    )
                )
                continue
            first_line[key] = number
            jobs.append(Job(number, key, request))
    return jobs, bad


def check_jobs(jobs: Sequence[Job], provider: str) -> tuple[list[Job], list[BadLine]]:
    """Split ``jobs`` into those ``provider`` accepts and those it does not.

    Runs the provider's own validation (allowed durations, models, modes,
    prompt length ...) exactly as ``create`` would, without sending anything.

    Returns:
        ``(accepted, bad_lines)``; each bad line's ``text`` is the job's key.

    Raises:
        ValueError: unknown provider.
    """
    from soravideo.adapters import get_adapter

    adapter = get_adapter(provider)
    accepted: list[Job] = []
    bad: list[BadLine] = []
    for job in jobs:
        try:
            adapter.create_call(job.request)
        except (ValueError, TypeError, OSError) as exc:
            bad.append(BadLine(job.line, job.key, str(exc)))
        else:
            accepted.append(job)
    return accepted, bad


def _fingerprint(request: VideoRequest) -> str:
    """A stable digest of what a request asks for (to notice an edited job).

    Made of the request's fields that differ from their defaults (a field
    added to :class:`~soravideo.VideoRequest` later does not change it) and,
    for an ``image`` given as a local path, the SHA-256 of the file's content
    (a changed image under the same name is an edited job; an unreadable file
    is fingerprinted as such).
    """

    def plain(value: Any) -> Any:
        if isinstance(value, bytes):
            return "base64:" + base64.b64encode(value).decode()
        if isinstance(value, os.PathLike):
            return os.fspath(value)
        if isinstance(value, Mapping):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        if attrs.has(type(value)):
            return {
                f.name: plain(getattr(value, f.name))
                for f in attrs.fields(type(value))
                if getattr(value, f.name) != f.default
            }
        return value

    fields = plain(request)
    image = request.image
    path = as_path(image) if isinstance(image, str | os.PathLike) else None
    if path is not None:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            digest = f"unreadable: {exc.strerror}"
        fields["image"] = {"path": os.fspath(path), "sha256": digest}
    text = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()
