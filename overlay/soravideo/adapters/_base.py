"""What every provider adapter shares: building and validating requests, checking
and normalizing responses. Provider modules only declare their mapping.

An adapter is sans-I/O: it turns a :class:`~soravideo.VideoRequest` into a
:class:`Call` of the generated client (the operation's module and its keyword
arguments, body models included) and turns response bodies into
:class:`~soravideo.Task` objects or typed errors. The sync and async clients do
the I/O.
"""

from __future__ import annotations

import base64
import contextlib
import decimal
import functools
import json
import math
import mimetypes
import types
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar, cast
from urllib.parse import urlsplit

import attrs
from jsonschema.exceptions import ValidationError

from soravideo import _spec
from soravideo._netguard import host_problem
from soravideo._types import (
    Cost,
    ImageInput,
    Mode,
    Model,
    Task,
    TaskError,
    TaskStatus,
    VideoRequest,
    as_path,
)
from soravideo.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    InsufficientCreditsError,
    NotFoundError,
    PermissionDeniedError,
    ProviderResponseError,
    RateLimitError,
    RequestValidationError,
    ServerError,
    SoraVideoError,
    shorten,
)


@attrs.frozen
class Offer:
    """One (model, mode) a provider offers, and its choices (durations in seconds)."""

    model: Model
    mode: Mode
    durations: tuple[int, ...]
    aspect_ratios: tuple[str, ...]
    qualities: tuple[str, ...]
    max_prompt_length: int | None
    schema: str
    """The spec component of the request variant these were read from."""


@attrs.frozen
class Capabilities:
    """What a provider offers, derived from its OpenAPI spec (not typed by hand)."""

    provider: str
    offers: tuple[Offer, ...]
    callbacks: bool
    """Whether the provider sends webhooks (``callback_url``)."""
    cancel: bool
    """Whether tasks can be cancelled."""
    idempotency_key_ttl: float | None = None
    """Seconds during which a create repeated with the same idempotency key returns
    the original task, or None when the provider documents no key (the create
    operation's header parameter with an ``x-idempotency-ttl`` in the spec)."""
    max_wait: float | None = None
    """Longest in-request wait (``create(..., wait=)``) in seconds, or None when the
    provider documents none (the create parameter with ``x-max-wait`` in the spec)."""

    @property
    def models(self) -> tuple[str, ...]:
        """Models offered, in declaration order."""
        return tuple(dict.fromkeys(o.model for o in self.offers))

    @property
    def modes(self) -> tuple[str, ...]:
        """Modes offered (text-to-video, image-to-video, remix, storyboard)."""
        return tuple(dict.fromkeys(o.mode for o in self.offers))

    @property
    def durations(self) -> tuple[int, ...]:
        """Every duration (seconds) some model/mode accepts, sorted."""
        return tuple(sorted({d for o in self.offers for d in o.durations}))

    @property
    def aspect_ratios(self) -> tuple[str, ...]:
        """Every aspect ratio some model/mode accepts."""
        return tuple(dict.fromkeys(a for o in self.offers for a in o.aspect_ratios))

    @property
    def qualities(self) -> tuple[str, ...]:
        """Every quality some model/mode accepts (empty: no choice)."""
        return tuple(dict.fromkeys(q for o in self.offers for q in o.qualities))

    def offer(self, model: str, mode: str) -> Offer | None:
        """The offer for a (model, mode), or None when not available."""
        return next((o for o in self.offers if o.model == model and o.mode == mode), None)


@attrs.frozen
class Call:
    """One call of a generated-client operation: ``<pkg>.api.<tag>.<operation_id>``.

    ``kwargs`` are the operation function's keyword arguments (path/query
    parameters and ``body``), without ``client``.
    """

    operation_id: str
    module: types.ModuleType
    kwargs: Mapping[str, Any]
    creates: bool = False
    """True when the call may create (and bill) a task: never retried blindly."""
    idempotent: bool = True
    """False when sending it twice can differ from sending it once (create, cancel):
    retried only when the first attempt certainly did not reach the provider."""
    idempotency_key: str | None = None
    """The key a create carries (providers that document one): re-sending the call
    with it returns the original task, so a create whose answer was lost is retried."""
    wait: float | None = None
    """Seconds the provider was asked to hold the answer (``Prefer: wait``), added to
    the read timeout."""


def unsupported(
    provider: str, field: str, value: Any, allowed: Any, why: str
) -> RequestValidationError:
    """A :class:`RequestValidationError` for a value this provider cannot take."""
    return RequestValidationError(
        f"{provider} does not accept {field}={value!r}: {why}; allowed: {allowed}",
        provider=provider,
        field=field,
        value=value,
        allowed=allowed,
    )


EARLIEST_TIMESTAMP = 0
"""1970-01-01T00:00:00Z, Unix seconds: no task predates it."""
LATEST_TIMESTAMP = 253_402_300_799
"""9999-12-31T23:59:59Z, Unix seconds: the last instant a ``datetime`` can hold."""
MAX_ESTIMATE_SECONDS = 7 * 24 * 3600.0
"""Longest remaining-time estimate believed (a week); longer ones are absurd and dropped."""


def to_datetime(value: Any) -> datetime | None:
    """A timezone-aware UTC datetime from seconds, milliseconds or ISO 8601, else None.

    Numbers above 10^11 are read as Unix milliseconds (10^11 s is the year 5138),
    smaller ones as seconds: qingbo documents milliseconds and shows seconds.
    A naive ISO string is taken as UTC. Unparseable values, and instants
    outside the years 1970-9999 (``10**400``, NaN, a negative number), give None.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 64:
            return None
        try:
            number = float(text)
        except ValueError:
            try:
                parsed = datetime.fromisoformat(text)
            except ValueError:
                return None
            parsed = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed
            try:
                parsed = parsed.astimezone(UTC)
            except (OverflowError, ValueError):
                return None
            return parsed if parsed.year >= 1970 else None
        value = number
    if not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    seconds = value / 1000 if abs(value) >= 1e11 and abs(value) < 1e18 else value
    if not EARLIEST_TIMESTAMP <= seconds <= LATEST_TIMESTAMP:
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def to_seconds(value: Any) -> float | None:
    """A remaining-time estimate in seconds, or None when absent or not believable.

    Accepts a finite number (or numeric string) from 0 to
    :data:`MAX_ESTIMATE_SECONDS`; negative, NaN, infinite, huge (``10**400``)
    and non-numeric values give None.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        if len(value) > 32:
            return None
        try:
            value = float(value)
        except ValueError:
            return None
    if not isinstance(value, int | float):
        return None
    if isinstance(value, int) and abs(value) > MAX_ESTIMATE_SECONDS:
        return None
    number = float(value)
    if not math.isfinite(number) or not 0 <= number <= MAX_ESTIMATE_SECONDS:
        return None
    return number


def to_decimal(value: Any) -> decimal.Decimal | None:
    """A finite number (int, float or numeric string) as a Decimal, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = decimal.Decimal(str(value).strip())
    except decimal.InvalidOperation:
        return None
    return number if number.is_finite() else None


def to_progress(value: Any) -> int | None:
    """Progress as an int clamped to 0-100, or None when absent or not a finite number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return max(0, min(100, round(value)))


def image_data_url(image: ImageInput) -> str:
    """``image`` as a ``data:`` URL (bytes and local paths are read and base64-encoded).

    Raises:
        RequestValidationError: the path does not exist.
    """
    if isinstance(image, bytes):
        mime = _sniff(image)
        return f"data:{mime};base64,{base64.b64encode(image).decode()}"
    path = as_path(image)
    if path is None:
        return str(image)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RequestValidationError(
            f"image file {str(path)!r} cannot be read: {exc.strerror}",
            field="image",
            value=str(path),
        ) from exc
    mime = mimetypes.guess_type(path.name)[0] or _sniff(data)
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def _sniff(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


CHECKED_BEYOND_SPEC = frozenset({"callback_url", "image"})
"""VideoRequest fields the overlay checks beyond the spec (a public callback host;
an image URL, data: URL or local file): ``extra`` may never set their properties."""


def check_callback_url(provider: str, url: str | None, *, https_only: bool = False) -> None:
    """Refuse a ``callback_url`` that is not an absolute http(s) URL with a host.

    The specs' ``format: uri`` is not enforced by the JSON Schema validator
    unless an optional package (rfc3987) is installed, so the overlay checks
    the shape itself. Private addresses are not judged here (see
    :func:`is_public_http_url` for providers that document that rule).

    Raises:
        RequestValidationError: ``field="callback_url"``.
    """
    if url is None:
        return
    schemes = ("https",) if https_only else ("https", "http")
    why = _url_shape_problem(url, schemes)
    if why is not None:
        raise unsupported(
            provider,
            "callback_url",
            url,
            f"an absolute {' or '.join(s + '://' for s in schemes)} URL",
            f"the webhook target must be a URL the provider can POST to ({why})",
        )


def _url_shape_problem(url: str, schemes: tuple[str, ...]) -> str | None:
    """Why ``url`` is not an absolute URL of one of ``schemes`` with a host, or None."""
    if not isinstance(url, str):
        return "not a string"
    if any(c.isspace() or ord(c) < 0x20 or 0xD800 <= ord(c) <= 0xDFFF for c in url):
        return "it contains whitespace, control or surrogate characters"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return f"it cannot be parsed: {exc}"
    if parts.scheme.lower() not in schemes:
        return f"the scheme must be {' or '.join(schemes)}"
    if not host or not host.strip("."):
        return "the URL has no host"
    return None


def is_public_http_url(url: str, *, https_only: bool) -> str | None:
    """Why ``url`` is not a safe public callback URL, or None when it is.

    Judged on the normalized host (:mod:`soravideo._netguard`): numeric IPv4
    forms (``2130706433``, ``0x7f000001``, ``127.1``), a trailing dot
    (``localhost.``), every address that is not globally reachable unicast
    (private, loopback, link-local, shared 100.64.0.0/10, multicast,
    reserved), ``localhost`` and single-label names. Host names are not
    resolved (no DNS at validation time).
    """
    allowed = ("https",) if https_only else ("https", "http")
    why = _url_shape_problem(url, allowed)
    if why is not None:
        return why
    return host_problem(urlsplit(url).hostname or "")


class Adapter:
    """Base of the five provider adapters.

    Subclasses set the class attributes and implement :meth:`create_call` and
    :meth:`to_task`; the rest is shared.
    """

    provider: ClassVar[str]
    package: ClassVar[str]
    status_map: ClassVar[Mapping[str, TaskStatus]]
    """Provider status value -> normalized status; anything else is UNKNOWN."""
    field_names: ClassVar[Mapping[str, str]] = {}
    """Provider JSON property -> the VideoRequest field it comes from (for error messages)."""
    task_schema: ClassVar[str] = "/components/schemas/TaskResponse"
    callback_schema: ClassVar[str] = "/components/schemas/CallbackPayload"
    get_operation: ClassVar[str] = "get_task"
    cancel_operation: ClassVar[str | None] = None
    variants: ClassVar[Mapping[tuple[Model, Mode], str]] = {}
    """(model, mode) -> the spec component (request variant) used for it.

    Declares what the provider offers; :meth:`capabilities` reads durations,
    aspect ratios, qualities and limits from these components.
    """
    reserved_extra: ClassVar[frozenset[str]] = frozenset()
    """Request properties the adapter derives from VideoRequest fields (e.g. the
    model name): ``extra`` may not override them."""
    cancel_schema: ClassVar[str] = "/components/schemas/CancelTaskResponse"
    paths: ClassVar[Mapping[str, str]] = {}
    """Where a normalized field lives inside a variant, when not a top-level
    property named by ``field_names`` (e.g. ``{"prompt": "input.prompt"}``)."""
    error_details: ClassVar[Mapping[str, str]] = {}
    """:class:`~soravideo.APIError` attribute (``detail``, ``param``, ``suggestion``,
    ``error_type``) -> dotted path of that value in the provider's error body
    (e.g. ``{"detail": "data.error"}``)."""
    credit_codes: ClassVar[frozenset[str]] = frozenset()
    """The provider's error codes or error types meaning "balance too low", besides
    HTTP 402 and the common ones (:data:`CREDIT_CODES`): an InsufficientCreditsError."""
    failure_statuses: ClassVar[Mapping[str, TaskStatus]] = {}
    """Failure code -> normalized status, for a provider that reports e.g. a
    cancelled task as failed with a code (evolink ``request_cancelled``)."""
    cost_fields: ClassVar[tuple[str, ...]] = ()
    """Dotted paths in a task body where the provider reports what a task costs;
    the first one present wins (:attr:`Task.cost`). Empty: no cost reported."""
    cost_unit: ClassVar[str] = ""
    """The provider's own name for the unit of :attr:`cost_fields` (e.g. ``quota``)."""

    # --- requests -----------------------------------------------------------------

    def module(self, operation_id: str) -> types.ModuleType:
        """The generated module of ``operation_id``."""
        import importlib

        _, _, op = _spec.operation(self.provider, operation_id)
        tag = _spec.snake((op.get("tags") or ["default"])[0])
        return importlib.import_module(f"{self.package}.api.{tag}.{_spec.snake(operation_id)}")

    def create_call(self, request: VideoRequest) -> Call:
        """The validated create call for ``request``.

        Raises:
            RequestValidationError: the provider does not offer what was asked
                (message names the field, the value and what is allowed).
        """
        raise NotImplementedError

    def get_call(self, task_id: str) -> Call:
        """The status-query call for ``task_id``."""
        return self._id_call(self.get_operation, task_id)

    def cancel_call(self, task_id: str) -> Call:
        """The cancel call for ``task_id``.

        Raises:
            RequestValidationError: the provider documents no cancel operation.
        """
        if self.cancel_operation is None:
            raise RequestValidationError(
                f"{self.provider} documents no way to cancel a task",
                provider=self.provider,
                field="cancel",
            )
        return attrs.evolve(self._id_call(self.cancel_operation, task_id), idempotent=False)

    def _id_call(self, operation_id: str, task_id: str) -> Call:
        if not isinstance(task_id, str) or not task_id.strip():
            raise RequestValidationError(
                f"task id must be a non-empty string, got {task_id!r}",
                provider=self.provider,
                field="task_id",
                value=task_id,
            )
        _, _, op = _spec.operation(self.provider, operation_id)
        params = [_spec.resolve(self.provider, p) for p in op.get("parameters", [])]
        names = [p["name"] for p in params if p.get("in") in ("path", "query")]
        if len(names) != 1:
            raise NotImplementedError(f"{self.provider}.{operation_id}: override _id_call")
        return Call(operation_id, self.module(operation_id), {_spec.snake(names[0]): task_id})

    def create_header(self, extension: str) -> tuple[str, str, Mapping[str, Any]] | None:
        """The create operation's header parameter carrying ``extension`` (e.g.
        ``x-idempotency-ttl``): ``(name, JSON pointer of its schema, extension value)``,
        or None when the spec documents no such header."""
        return _create_header(self.provider, extension)

    def with_create_options(
        self, call: Call, *, idempotency_key: str | None = None, wait: float | None = None
    ) -> Call:
        """``call`` (a create) with its idempotency key and in-request wait headers.

        A provider whose spec documents an idempotency key header always gets one:
        ``idempotency_key`` or a fresh uuid4. ``wait`` (seconds) becomes the
        documented wait header (``Prefer: wait=N``, N rounded up to whole seconds)
        within the spec's ``x-max-wait``. Both go in as keyword arguments of the
        generated operation (its header parameters).

        Raises:
            RequestValidationError: ``idempotency_key`` or ``wait`` for a provider
                that documents neither, a wait outside 0..max, or a key the
                parameter schema refuses.
        """
        import uuid

        kwargs = dict(call.kwargs)
        key_header = self.create_header("x-idempotency-ttl")
        if key_header is None:
            if idempotency_key is not None:
                raise unsupported(
                    self.provider,
                    "idempotency_key",
                    idempotency_key,
                    None,
                    "the provider documents no idempotency key",
                )
        else:
            name, pointer, _ = key_header
            key = str(uuid.uuid4()) if idempotency_key is None else idempotency_key
            self._check_header(pointer, key, "idempotency_key", name)
            kwargs[_spec.snake(name)] = key
            call = attrs.evolve(call, idempotency_key=key)
        if wait is not None:
            wait_header = self.create_header("x-max-wait")
            if wait_header is None:
                raise unsupported(
                    self.provider, "wait", wait, None, "the provider documents no in-request wait"
                )
            name, pointer, rule = wait_header
            limit = float(rule["seconds"])
            if not (isinstance(wait, int | float) and 0 <= wait <= limit):
                raise unsupported(
                    self.provider,
                    "wait",
                    wait,
                    f"0 to {limit:g} seconds",
                    f"{name} waits at most {limit:g} seconds",
                )
            value = f"wait={math.ceil(wait)}"
            self._check_header(pointer, value, "wait", name)
            kwargs[_spec.snake(name)] = value
            call = attrs.evolve(call, wait=float(wait))
        return attrs.evolve(call, kwargs=kwargs)

    def _check_header(self, pointer: str, value: str, field: str, name: str) -> None:
        found = _spec.errors(self.provider, pointer, value)
        if found:
            raise unsupported(
                self.provider, field, value, found[0].message, f"not a valid {name} header"
            )

    def finish(self, model: Any, request: VideoRequest, *, context: str) -> Call:
        """Merge ``request.extra`` into ``model``, validate it against the spec, wrap it.

        ``context`` describes the variant for messages ("model sora-2, text-to-video").
        """
        self.check_extra(request)
        model = self.merge_extra(model, request.extra)
        self.validate(model, context=context)
        return Call("create_task", self.module("create_task"), {"body": model}, creates=True)

    def image_url(self, image: Any, why: str, allowed: str = "an http(s) URL") -> str:
        """``image`` as the URL string a provider that takes image URLs only needs.

        Raises:
            RequestValidationError: bytes, a local path or a ``data:`` URL (``why``
                says what the provider takes).
        """
        if isinstance(image, bytes) or not str(image).startswith(("http://", "https://")):
            raise unsupported(self.provider, "image", "<local image>", allowed, why)
        return str(image)

    def check_extra(self, request: VideoRequest) -> None:
        """Refuse ``extra`` keys that would override what the overlay checked.

        A provider property mapped from a VideoRequest field (``field_names``) may
        come from ``extra`` only while that field is unset (qingbo's 1024p
        ``resolution`` has no ``quality`` name); the merged body is validated
        against the spec either way. The fields the overlay checks beyond the spec
        (:data:`CHECKED_BEYOND_SPEC`: the callback URL's host, the image's source)
        never come from ``extra``.

        Raises:
            RequestValidationError: ``field="extra"``, naming the keys.
        """
        overridden = sorted(
            key
            for key in set(self.field_names) & set(request.extra)
            if self.field_names[key] != "extra"
            and (
                self.field_names[key] in CHECKED_BEYOND_SPEC
                or getattr(request, self.field_names[key], None) not in (None, (), "")
            )
        )
        if overridden:
            fields = sorted({self.field_names[k] for k in overridden})
            raise RequestValidationError(
                f"{self.provider}: extra may not set {overridden}: they come from the "
                f"VideoRequest field(s) {fields}, which the overlay checks",
                provider=self.provider,
                field="extra",
                value=overridden,
                allowed="provider fields no VideoRequest field sets, and fields of unset ones",
            )

    def merge_extra(self, model: Any, extra: Mapping[str, Any]) -> Any:
        """Copy ``extra`` (provider JSON names) into the body model or its params object.

        Raises:
            RequestValidationError: a key the provider's request does not have.
        """
        if not extra:
            return model
        reserved = sorted(self.reserved_extra & set(extra))
        if reserved:
            raise RequestValidationError(
                f"{self.provider}: extra may not set {reserved}; they follow from the "
                "request's model and mode (see the adapter's documentation)",
                provider=self.provider,
                field="extra",
                value=reserved,
                allowed=f"any request field except {sorted(self.reserved_extra)}",
            )
        target, rebuild = self.extra_target(model)
        body = target.to_dict()
        body.update(extra)
        try:
            merged = type(target).from_dict(body)
        except (KeyError, TypeError, ValueError) as exc:
            raise RequestValidationError(
                f"{self.provider}: extra={dict(extra)!r} does not fit the request: {exc}",
                provider=self.provider,
                field="extra",
                value=dict(extra),
            ) from exc
        lost = sorted(set(body) - set(merged.to_dict()))
        if lost:
            allowed = self.json_names(type(target))
            raise RequestValidationError(
                f"{self.provider} does not accept extra field(s) {lost}; "
                f"the request's fields are {allowed}",
                provider=self.provider,
                field="extra",
                value=lost,
                allowed=allowed,
            )
        return rebuild(merged)

    def extra_target(self, model: Any) -> tuple[Any, Callable[[Any], Any]]:
        """The object ``extra`` is merged into, and how to put it back. Default: the body."""
        return model, lambda merged: merged

    def json_names(self, cls: type) -> list[str]:
        """The JSON property names of the spec component a generated model is named after."""
        try:
            schema = _spec.component(self.provider, cls.__name__)
        except KeyError:
            return []
        return sorted(schema.get("properties", {}))

    def validate(self, model: Any, *, context: str) -> None:
        """Validate a body model (and every nested model) against its spec component.

        Each generated class is named after its component, so the deepest
        variant is checked on its own and errors point at the exact field.

        Raises:
            RequestValidationError: the first error, in the user's vocabulary.
        """
        for path, node in _models(model, "$"):
            pointer = f"/components/schemas/{type(node).__name__}"
            try:
                _spec.resolve(self.provider, {"$ref": "#" + pointer})
            except KeyError:
                continue
            found = _spec.errors(self.provider, pointer, node.to_dict())
            if found:
                raise self._explain(found[0], path, context)

    def _explain(self, error: ValidationError, prefix: str, context: str) -> RequestValidationError:
        where = [str(p) for p in error.absolute_path]
        prop = next((p for p in reversed(where) if not p.isdigit()), None)
        if error.validator == "required" and isinstance(error.message, str):
            prop = error.message.split("'")[1] if "'" in error.message else prop
        if error.validator == "additionalProperties":
            prop = prop or "extra"
        field = self.field_names.get(prop or "", prop or "request")
        value = error.instance
        rule: Any = error.validator_value
        allowed: Any
        if error.validator == "enum":
            allowed = self.display_values(prop or "", list(cast("list[Any]", rule)))
        elif error.validator == "const":
            allowed = self.display_values(prop or "", [rule])
        elif error.validator in ("maxLength", "minLength"):
            allowed = (
                f"{'at most' if error.validator == 'maxLength' else 'at least'} {rule} characters"
            )
            value = f"<{len(value)} characters>" if isinstance(value, str) else value
        elif error.validator in ("maxItems", "minItems"):
            allowed = f"{'at most' if error.validator == 'maxItems' else 'at least'} {rule} item(s)"
        elif error.validator in ("maximum", "minimum", "exclusiveMinimum", "exclusiveMaximum"):
            allowed = f"{error.validator} {rule}"
        elif error.validator == "required":
            allowed = "a value (required)"
            value = None
        else:
            allowed = error.message
        location = prefix + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in where)
        return RequestValidationError(
            f"{self.provider} does not accept {field}={value!r} ({context}): allowed {allowed} "
            f"[spec: {location}]",
            provider=self.provider,
            field=field,
            value=value,
            allowed=allowed,
        )

    def display_values(self, prop: str, values: list[Any]) -> list[Any]:
        """Provider values as the user writes them (e.g. landscape -> 16:9); default as is."""
        return values

    # --- capabilities -------------------------------------------------------------

    def capabilities(self) -> Capabilities:
        """What this provider offers, read from its spec's request variants."""
        offers = []
        for (model, mode), name in self.variants.items():
            offers.append(
                Offer(
                    model=model,
                    mode=mode,
                    durations=tuple(self._values(name, "duration") or ()),
                    aspect_ratios=tuple(self._values(name, "aspect_ratio") or ()),
                    qualities=tuple(self._values(name, "quality") or ()),
                    max_prompt_length=self._limit(name, "prompt", "maxLength"),
                    schema=name,
                )
            )
        key = self.create_header("x-idempotency-ttl")
        wait = self.create_header("x-max-wait")
        return Capabilities(
            provider=self.provider,
            offers=tuple(offers),
            callbacks=bool(self._create_operation().get("callbacks")),
            cancel=self.cancel_operation is not None,
            idempotency_key_ttl=float(key[2]["seconds"]) if key else None,
            max_wait=float(wait[2]["seconds"]) if wait else None,
        )

    def _create_operation(self) -> Mapping[str, Any]:
        return _spec.operation(self.provider, "create_task")[2]

    def _property(self, component: str, field: str) -> Any:
        prop_path = self.paths.get(field)
        if prop_path is None:
            names = [k for k, v in self.field_names.items() if v == field]
            prop_path = names[0] if names else None
        if prop_path is None:
            return None
        node: Any = _spec.resolve(self.provider, {"$ref": f"#/components/schemas/{component}"})
        for part in prop_path.split("."):
            node = _spec.resolve(self.provider, node)
            props = node.get("properties", {}) if isinstance(node, Mapping) else {}
            if part not in props:
                return None
            node = props[part]
        return _spec.resolve(self.provider, node)

    def _values(self, component: str, field: str) -> list[Any] | None:
        prop = self._property(component, field)
        if prop is None:
            return None
        values = _spec.enum_values(self.provider, prop)
        if values is None:
            return None
        prop_name = (self.paths.get(field) or "").split(".")[-1] or next(
            (k for k, v in self.field_names.items() if v == field), field
        )
        return [self.from_provider(field, v) for v in self.display_values(prop_name, values)]

    def from_provider(self, field: str, value: Any) -> Any:
        """A provider enum value in the normalized vocabulary (e.g. "10" -> 10 for durations)."""
        if field == "duration" and isinstance(value, str) and value.isdigit():
            return int(value)
        return value

    def _limit(self, component: str, field: str, keyword: str) -> int | None:
        prop = self._property(component, field)
        if not isinstance(prop, Mapping):
            return None
        value = prop.get(keyword)
        return value if isinstance(value, int) else None

    # --- responses ----------------------------------------------------------------

    def check(self, pointer: str, body: Any, raw: bytes, status_code: int | None = None) -> None:
        """Raise :class:`ProviderResponseError` when ``body`` violates the schema at ``pointer``.

        A body nested deeper than :data:`MAX_JSON_DEPTH` is refused before the
        (recursive) schema check, which would otherwise hit Python's recursion limit.
        """
        if deeper_than(body, MAX_JSON_DEPTH):
            raise ProviderResponseError(
                f"unexpected response body (nested deeper than {MAX_JSON_DEPTH} levels)",
                provider=self.provider,
                body=raw,
                status_code=status_code,
            )
        found = _spec.errors(self.provider, pointer, body)
        if found:
            error = found[0]
            raise ProviderResponseError(
                f"unexpected response body ({shorten(error.message, 200)})",
                provider=self.provider,
                body=raw,
                path=error.json_path,
                status_code=status_code,
            )

    def load_json(self, raw: bytes, status_code: int | None = None) -> Any:
        """``raw`` decoded as JSON, or :class:`ProviderResponseError` keeping the bytes."""
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise ProviderResponseError(
                f"response is not JSON ({exc})",
                provider=self.provider,
                body=raw,
                status_code=status_code,
            ) from exc

    def envelope_error(self, body: Any, raw: bytes, status_code: int) -> APIError | None:
        """An error a provider reports inside a 2xx envelope, or None. Default: none."""
        return None

    def parse_task(
        self, body: Any, raw: bytes | None = None, *, task_id: str | None = None
    ) -> Task:
        """Normalize a status-query body (envelope included).

        ``task_id`` is the id the query was made for: it fills :attr:`Task.id`
        when the provider's answer does not repeat the id (freesoragenerator).

        Raises:
            ProviderResponseError: the body is not what the spec allows.
            APIError: the envelope carries an error (providers that answer errors with 200).
        """
        raw = raw if raw is not None else json.dumps(body).encode()
        with unreadable(self.provider, raw, 200):
            error = self.envelope_error(body, raw, 200)
            if error is not None:
                raise error
            self.check(self.task_schema, body, raw)
            task = self.to_task(body)
            if task_id is not None and not task.id:
                task = attrs.evolve(task, id=task_id)
            return task

    def parse_cancel(self, body: Any, raw: bytes, status_code: int = 200) -> Task:
        """Normalize the 2xx answer of the cancel operation (schema ``cancel_schema``).

        Default: the answer has the status-query shape (read by :meth:`to_task`).

        Raises:
            ProviderResponseError: the body is not what the spec allows.
            APIError: the envelope carries an error.
        """
        if self.cancel_operation is None:
            raise RequestValidationError(
                f"{self.provider} documents no way to cancel a task",
                provider=self.provider,
                field="cancel",
            )
        with unreadable(self.provider, raw, status_code):
            error = self.envelope_error(body, raw, status_code)
            if error is not None:
                raise error
            self.check(self.cancel_schema, body, raw, status_code)
            return self.to_task(body)

    def parse_callback(self, body: Any, raw: bytes) -> Task:
        """Normalize a webhook body.

        Raises:
            ProviderResponseError: the body is not the documented payload.
        """
        with unreadable(self.provider, raw, None):
            self.check(self.callback_schema, body, raw)
            return self.callback_to_task(body)

    def callback_to_task(self, body: Any) -> Task:
        """Map a validated callback body; default: it has the status-query shape."""
        return self.to_task(body)

    def parse_created(self, body: Any, raw: bytes, status_code: int) -> Task:
        """Normalize the create answer into a (usually queued) Task with its id."""
        raise NotImplementedError

    def to_task(self, body: Any) -> Task:
        """Map a validated status body to a :class:`Task`."""
        raise NotImplementedError

    def status(self, value: Any, failure_code: Any = None) -> TaskStatus:
        """The normalized status for a provider value (UNKNOWN when new or odd).

        A FAILED task whose ``failure_code`` is in :attr:`failure_statuses` gets
        that status instead (evolink: ``request_cancelled`` is CANCELLED).
        """
        status = (
            self.status_map.get(value, TaskStatus.UNKNOWN)
            if isinstance(value, str)
            else (TaskStatus.UNKNOWN)
        )
        if status is TaskStatus.FAILED and isinstance(failure_code, str):
            return self.failure_statuses.get(failure_code, status)
        return status

    def task(self, body: Any, **fields: Any) -> Task:
        """Build a Task for this provider, keeping ``body`` as ``raw``.

        ``cost`` is read from :attr:`cost_fields` unless given.
        """
        fields.setdefault("cost", self.cost(body))
        return Task(provider=self.provider, raw=body, **fields)

    def cost(self, body: Any) -> Cost | None:
        """The first of :attr:`cost_fields` present in ``body`` as a :class:`Cost`, or None.

        A value that is not a finite number (or numeric string) is ignored.
        """
        for path in self.cost_fields:
            node: Any = body
            for part in path.split("."):
                node = node.get(part) if isinstance(node, Mapping) else None
            amount = to_decimal(node)
            if amount is not None:
                return Cost(amount=amount, unit=self.cost_unit)
        return None

    def error(self, code: Any, message: Any) -> TaskError | None:
        """A TaskError from loose values, or None if both are empty."""
        if code in (None, "") and message in (None, ""):
            return None
        return TaskError(
            code=None if code in (None, "") else str(code),
            message=str(message) if message not in (None, "") else str(code),
        )

    def api_error(
        self, status_code: int, raw: bytes, headers: Mapping[str, str], *, creating: bool
    ) -> APIError:
        """The typed error for a non-2xx answer, with the provider's code and message."""
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):
            body = None
        code, message = self.error_fields(body)
        return make_api_error(
            self.provider,
            status_code,
            code,
            shorten(message or raw[:65536].decode("utf-8", "replace") or "no body", 500),
            raw,
            headers,
            may_have_created=creating and status_code >= 500,
            details=self.error_detail(body),
            credit_codes=self.credit_codes,
        )

    def error_detail(self, body: Any) -> dict[str, str]:
        """The :attr:`error_details` values found in an error ``body`` (strings only)."""
        found: dict[str, str] = {}
        for attribute, path in self.error_details.items():
            node: Any = body
            for part in path.split("."):
                node = node.get(part) if isinstance(node, Mapping) else None
            if isinstance(node, str) and node:
                found[attribute] = node
        return found

    def error_fields(self, body: Any) -> tuple[str | None, str | None]:
        """``(code, message)`` from the provider's error body; default handles common shapes."""
        if not isinstance(body, Mapping):
            return None, None
        inner = body.get("error")
        if isinstance(inner, Mapping):
            code = inner.get("code")
            return (None if code is None else str(code)), _str(inner.get("message"))
        code = body.get("code")
        return (None if code is None else str(code)), _str(body.get("message") or body.get("msg"))


@contextlib.contextmanager
def unreadable(provider: str, raw: bytes, status_code: int | None) -> Iterator[None]:
    """Turn any non-soravideo exception raised while reading ``raw`` into a
    :class:`ProviderResponseError` keeping the body (and the cause, chained).

    A schema-valid body can still hold values no Python type takes (an id with a
    lone surrogate, a number of 400 digits): the promise is that only
    :class:`~soravideo.SoraVideoError` escapes a public call.
    """
    try:
        yield
    except SoraVideoError:
        raise
    except Exception as exc:
        raise ProviderResponseError(
            f"unreadable response body ({type(exc).__name__}: {exc})",
            provider=provider,
            body=raw,
            status_code=status_code,
        ) from exc


@functools.cache
def _create_header(provider: str, extension: str) -> tuple[str, str, Mapping[str, Any]] | None:
    """See :meth:`Adapter.create_header` (cached: the spec does not change at run time)."""
    path, method, op = _spec.operation(provider, "create_task")
    escaped = path.replace("~", "~0").replace("/", "~1")
    for i, param in enumerate(op.get("parameters", [])):
        pointer = f"/paths/{escaped}/{method}/parameters/{i}"
        if isinstance(param, Mapping) and isinstance(param.get("$ref"), str):
            pointer = param["$ref"][1:]
        resolved = _spec.resolve(provider, param)
        value = resolved.get("x-" + extension.removeprefix("x-"))
        if resolved.get("in") == "header" and isinstance(value, Mapping):
            return str(resolved["name"]), pointer + "/schema", value
    return None


MAX_JSON_DEPTH = 64
"""Deepest nesting accepted in a response body (documented bodies are under 6 deep)."""


def deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` (decoded JSON) nests lists/objects deeper than ``limit`` (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Mapping):
            children: Any = node.values()
        elif isinstance(node, list | tuple):
            children = node
        else:
            continue
        if depth >= limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: InsufficientCreditsError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: BadRequestError,
    422: BadRequestError,
    429: RateLimitError,
}
CREDIT_CODES = frozenset({"INSUFFICIENT_CREDITS", "insufficient_quota", "insufficient_balance"})
"""Error codes that mean "balance too low" at any provider (see ``Adapter.credit_codes``)."""


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """The ``Retry-After`` header in seconds (delta or HTTP date), or None."""
    value = headers.get("retry-after") or headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, (when - datetime.now(UTC)).total_seconds())


def make_api_error(
    provider: str,
    status_code: int,
    code: str | None,
    message: str,
    raw: bytes,
    headers: Mapping[str, str],
    *,
    may_have_created: bool = False,
    classify_as: int | None = None,
    details: Mapping[str, str] | None = None,
    credit_codes: frozenset[str] = frozenset(),
) -> APIError:
    """The :class:`APIError` subclass for an HTTP status (and credit codes).

    ``classify_as`` picks the subclass by another HTTP-like status than
    ``status_code``: for errors a provider sends inside a 200 envelope whose
    own ``code`` mirrors an HTTP status (apixo's ``{"code": 401}``).
    ``details`` are the error's ``detail``/``param``/``suggestion``/``error_type``
    (``Adapter.error_details``); a ``code`` or ``error_type`` in
    :data:`CREDIT_CODES` or ``credit_codes`` gives an InsufficientCreditsError.
    """
    kind = status_code if classify_as is None else classify_as
    details = dict(details or {})
    kwargs: dict[str, Any] = {
        "status_code": status_code,
        "provider": provider,
        "code": code,
        "body": raw,
        "may_have_created": may_have_created,
        **details,
    }
    credit = CREDIT_CODES | credit_codes
    if code in credit or details.get("error_type") in credit:
        return InsufficientCreditsError(message, **kwargs)
    if kind == 429:
        return RateLimitError(message, retry_after=retry_after_seconds(headers), **kwargs)
    if kind >= 500:
        return ServerError(message, **kwargs)
    return _BY_STATUS.get(kind, APIError)(message, **kwargs)


def _models(model: Any, path: str) -> list[tuple[str, Any]]:
    """Every generated model inside ``model``, deepest first, with its JSON-ish path."""
    found: list[tuple[str, Any]] = []
    if attrs.has(type(model)) and hasattr(model, "to_dict"):
        for field in attrs.fields(type(model)):
            value = getattr(model, field.name)
            values = value if isinstance(value, list) else [value]
            for i, item in enumerate(values):
                suffix = f".{field.name}" + (f"[{i}]" if isinstance(value, list) else "")
                found.extend(_models(item, path + suffix))
        found.append((path, model))
    return found
