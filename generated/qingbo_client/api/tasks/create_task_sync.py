from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.generate_task_request import GenerateTaskRequest
from ...models.sync_timeout_response import SyncTimeoutResponse
from ...models.task_response import TaskResponse
from ...types import Response


def _get_kwargs(
    *,
    body: GenerateTaskRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/tasks/sync",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | SyncTimeoutResponse | TaskResponse | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> SyncTimeoutResponse | TaskResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_sync_task_response_type_0 = (
                    SyncTimeoutResponse.from_dict(data)
                )

                return componentsschemas_sync_task_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_sync_task_response_type_1 = TaskResponse.from_dict(data)

            return componentsschemas_sync_task_response_type_1

        response_200 = _parse_response_200(response.json())

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
) -> Response[ErrorResponse | SyncTimeoutResponse | TaskResponse]:
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
) -> Response[ErrorResponse | SyncTimeoutResponse | TaskResponse]:
    """Submit a task and wait for its result (removed from the docs; use `Prefer` on create_task)

     Deprecated. Documented on 2026-04-10; removed from the provider's docs on
    2026-06-11 ("v3.1 contract: remove tasks/sync"), replaced by the `Prefer: wait=N`
    header of `POST /v1/tasks` ("The task family is async-only").

    Synchronous wait mode as it was documented: the same body as `POST /v1/tasks`,
    then blocks until the task is done. If the task finishes within the server's
    timeout the full task is returned; otherwise
    `{task_id, status: "processing", progress, poll_url}` and the client continues
    polling `GET /v1/tasks/{task_id}`.

    Args:
        body (GenerateTaskRequest): Text-to-video, or image-to-video with one reference image
            (`action` =
            `generate`, the default). `resolution` `1024p` and `1080p` require `model`
            `sora-2-pro`. With `image_urls` the provider ignores `aspect_ratio` (the
            orientation follows the image).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SyncTimeoutResponse | TaskResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: GenerateTaskRequest,
) -> ErrorResponse | SyncTimeoutResponse | TaskResponse | None:
    """Submit a task and wait for its result (removed from the docs; use `Prefer` on create_task)

     Deprecated. Documented on 2026-04-10; removed from the provider's docs on
    2026-06-11 ("v3.1 contract: remove tasks/sync"), replaced by the `Prefer: wait=N`
    header of `POST /v1/tasks` ("The task family is async-only").

    Synchronous wait mode as it was documented: the same body as `POST /v1/tasks`,
    then blocks until the task is done. If the task finishes within the server's
    timeout the full task is returned; otherwise
    `{task_id, status: "processing", progress, poll_url}` and the client continues
    polling `GET /v1/tasks/{task_id}`.

    Args:
        body (GenerateTaskRequest): Text-to-video, or image-to-video with one reference image
            (`action` =
            `generate`, the default). `resolution` `1024p` and `1080p` require `model`
            `sora-2-pro`. With `image_urls` the provider ignores `aspect_ratio` (the
            orientation follows the image).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SyncTimeoutResponse | TaskResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: GenerateTaskRequest,
) -> Response[ErrorResponse | SyncTimeoutResponse | TaskResponse]:
    """Submit a task and wait for its result (removed from the docs; use `Prefer` on create_task)

     Deprecated. Documented on 2026-04-10; removed from the provider's docs on
    2026-06-11 ("v3.1 contract: remove tasks/sync"), replaced by the `Prefer: wait=N`
    header of `POST /v1/tasks` ("The task family is async-only").

    Synchronous wait mode as it was documented: the same body as `POST /v1/tasks`,
    then blocks until the task is done. If the task finishes within the server's
    timeout the full task is returned; otherwise
    `{task_id, status: "processing", progress, poll_url}` and the client continues
    polling `GET /v1/tasks/{task_id}`.

    Args:
        body (GenerateTaskRequest): Text-to-video, or image-to-video with one reference image
            (`action` =
            `generate`, the default). `resolution` `1024p` and `1080p` require `model`
            `sora-2-pro`. With `image_urls` the provider ignores `aspect_ratio` (the
            orientation follows the image).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SyncTimeoutResponse | TaskResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: GenerateTaskRequest,
) -> ErrorResponse | SyncTimeoutResponse | TaskResponse | None:
    """Submit a task and wait for its result (removed from the docs; use `Prefer` on create_task)

     Deprecated. Documented on 2026-04-10; removed from the provider's docs on
    2026-06-11 ("v3.1 contract: remove tasks/sync"), replaced by the `Prefer: wait=N`
    header of `POST /v1/tasks` ("The task family is async-only").

    Synchronous wait mode as it was documented: the same body as `POST /v1/tasks`,
    then blocks until the task is done. If the task finishes within the server's
    timeout the full task is returned; otherwise
    `{task_id, status: "processing", progress, poll_url}` and the client continues
    polling `GET /v1/tasks/{task_id}`.

    Args:
        body (GenerateTaskRequest): Text-to-video, or image-to-video with one reference image
            (`action` =
            `generate`, the default). `resolution` `1024p` and `1080p` require `model`
            `sora-2-pro`. With `image_urls` the provider ignores `aspect_ratio` (the
            orientation follows the image).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SyncTimeoutResponse | TaskResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
