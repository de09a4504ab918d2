from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_task_response import CreateTaskResponse
from ...models.error_response import ErrorResponse
from ...models.generate_task_request import GenerateTaskRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: GenerateTaskRequest,
    idempotency_key: str | Unset = UNSET,
    prefer: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    if not isinstance(prefer, Unset):
        headers["Prefer"] = prefer

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/tasks",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateTaskResponse | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = CreateTaskResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = ErrorResponse.from_dict(response.json())

        return response_402

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CreateTaskResponse | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: GenerateTaskRequest,
    idempotency_key: str | Unset = UNSET,
    prefer: str | Unset = UNSET,
) -> Response[CreateTaskResponse | ErrorResponse]:
    """Submit a Sora 2 video generation task

     Submits a text-to-video or image-to-video task (`action` `generate`, the only
    action the current Sora page lists) and answers at once with a task ID in status
    `queued` and the quota pre-deducted for it (`pre_consumed_cost`).

    `Prefer: wait=N` (N ≤ 60 seconds) makes the call wait: a task finished within
    the window is answered in full (with `result` and `cost`), otherwise the current
    state is. `Idempotency-Key` makes the submission safe to repeat: the same key
    within 24 hours returns the originally created task (same `task_id`, no second
    charge). Poll `GET /v1/tasks/{task_id}` (every 2-5 seconds) or set
    `callback_url` to have the finished task pushed to you.

    Args:
        idempotency_key (str | Unset):
        prefer (str | Unset):
        body (GenerateTaskRequest): Text-to-video, or image-to-video with one reference image
            (`action` =
            `generate`, the default). `resolution` `1024p` and `1080p` require `model`
            `sora-2-pro`. With `image_urls` the provider ignores `aspect_ratio` (the
            orientation follows the image).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateTaskResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
        prefer=prefer,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: GenerateTaskRequest,
    idempotency_key: str | Unset = UNSET,
    prefer: str | Unset = UNSET,
) -> CreateTaskResponse | ErrorResponse | None:
    """Submit a Sora 2 video generation task

     Submits a text-to-video or image-to-video task (`action` `generate`, the only
    action the current Sora page lists) and answers at once with a task ID in status
    `queued` and the quota pre-deducted for it (`pre_consumed_cost`).

    `Prefer: wait=N` (N ≤ 60 seconds) makes the call wait: a task finished within
    the window is answered in full (with `result` and `cost`), otherwise the current
    state is. `Idempotency-Key` makes the submission safe to repeat: the same key
    within 24 hours returns the originally created task (same `task_id`, no second
    charge). Poll `GET /v1/tasks/{task_id}` (every 2-5 seconds) or set
    `callback_url` to have the finished task pushed to you.

    Args:
        idempotency_key (str | Unset):
        prefer (str | Unset):
        body (GenerateTaskRequest): Text-to-video, or image-to-video with one reference image
            (`action` =
            `generate`, the default). `resolution` `1024p` and `1080p` require `model`
            `sora-2-pro`. With `image_urls` the provider ignores `aspect_ratio` (the
            orientation follows the image).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateTaskResponse | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
        prefer=prefer,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: GenerateTaskRequest,
    idempotency_key: str | Unset = UNSET,
    prefer: str | Unset = UNSET,
) -> Response[CreateTaskResponse | ErrorResponse]:
    """Submit a Sora 2 video generation task

     Submits a text-to-video or image-to-video task (`action` `generate`, the only
    action the current Sora page lists) and answers at once with a task ID in status
    `queued` and the quota pre-deducted for it (`pre_consumed_cost`).

    `Prefer: wait=N` (N ≤ 60 seconds) makes the call wait: a task finished within
    the window is answered in full (with `result` and `cost`), otherwise the current
    state is. `Idempotency-Key` makes the submission safe to repeat: the same key
    within 24 hours returns the originally created task (same `task_id`, no second
    charge). Poll `GET /v1/tasks/{task_id}` (every 2-5 seconds) or set
    `callback_url` to have the finished task pushed to you.

    Args:
        idempotency_key (str | Unset):
        prefer (str | Unset):
        body (GenerateTaskRequest): Text-to-video, or image-to-video with one reference image
            (`action` =
            `generate`, the default). `resolution` `1024p` and `1080p` require `model`
            `sora-2-pro`. With `image_urls` the provider ignores `aspect_ratio` (the
            orientation follows the image).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateTaskResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
        prefer=prefer,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: GenerateTaskRequest,
    idempotency_key: str | Unset = UNSET,
    prefer: str | Unset = UNSET,
) -> CreateTaskResponse | ErrorResponse | None:
    """Submit a Sora 2 video generation task

     Submits a text-to-video or image-to-video task (`action` `generate`, the only
    action the current Sora page lists) and answers at once with a task ID in status
    `queued` and the quota pre-deducted for it (`pre_consumed_cost`).

    `Prefer: wait=N` (N ≤ 60 seconds) makes the call wait: a task finished within
    the window is answered in full (with `result` and `cost`), otherwise the current
    state is. `Idempotency-Key` makes the submission safe to repeat: the same key
    within 24 hours returns the originally created task (same `task_id`, no second
    charge). Poll `GET /v1/tasks/{task_id}` (every 2-5 seconds) or set
    `callback_url` to have the finished task pushed to you.

    Args:
        idempotency_key (str | Unset):
        prefer (str | Unset):
        body (GenerateTaskRequest): Text-to-video, or image-to-video with one reference image
            (`action` =
            `generate`, the default). `resolution` `1024p` and `1080p` require `model`
            `sora-2-pro`. With `image_urls` the provider ignores `aspect_ratio` (the
            orientation follows the image).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateTaskResponse | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
            prefer=prefer,
        )
    ).parsed
