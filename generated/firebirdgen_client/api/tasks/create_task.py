from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_task_request import CreateTaskRequest
from ...models.create_task_response import CreateTaskResponse
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    *,
    body: CreateTaskRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/tasks",
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

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ErrorResponse.from_dict(response.json())

        return response_422

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
    body: CreateTaskRequest,
) -> Response[CreateTaskResponse | ErrorResponse]:
    """Create a Sora 2 / Sora 2 Pro video generation task

     Creates an asynchronous video generation task with one of four models,
    chosen by `requestParams.modelName`:
    - `sora2_text_to_video`, `sora2_image_to_video` (standard, 10 or 15 s,
      SD, default 10 s; remix via `remixTargetId` available);
    - `sora2_pro_text_to_video`, `sora2_pro_image_to_video` (Pro, 15 s HD
      or 25 s SD, default 25 s; no remix).
    Image-to-video models require `imageUrl` (an image URL or base64 data).
    All videos are watermark-free. Only Pro at 15 s is HD; all other
    combinations are SD.

    The response carries the `taskId` and an `estimatedTime`; poll
    `get_task` or pass `callbackUrl` to be notified (see the callback).
    Generation typically takes 3-5 minutes.

    Remix: `remixTargetId` is the id of a previous, completed task of your
    own account; the remix inherits the original's aspect ratio and
    duration unless specified otherwise.

    Rate limit: 10 requests per second per user.

    Args:
        body (CreateTaskRequest): Body of `POST /api/tasks`; all task configuration sits in
            `requestParams`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateTaskResponse | ErrorResponse]
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
    body: CreateTaskRequest,
) -> CreateTaskResponse | ErrorResponse | None:
    """Create a Sora 2 / Sora 2 Pro video generation task

     Creates an asynchronous video generation task with one of four models,
    chosen by `requestParams.modelName`:
    - `sora2_text_to_video`, `sora2_image_to_video` (standard, 10 or 15 s,
      SD, default 10 s; remix via `remixTargetId` available);
    - `sora2_pro_text_to_video`, `sora2_pro_image_to_video` (Pro, 15 s HD
      or 25 s SD, default 25 s; no remix).
    Image-to-video models require `imageUrl` (an image URL or base64 data).
    All videos are watermark-free. Only Pro at 15 s is HD; all other
    combinations are SD.

    The response carries the `taskId` and an `estimatedTime`; poll
    `get_task` or pass `callbackUrl` to be notified (see the callback).
    Generation typically takes 3-5 minutes.

    Remix: `remixTargetId` is the id of a previous, completed task of your
    own account; the remix inherits the original's aspect ratio and
    duration unless specified otherwise.

    Rate limit: 10 requests per second per user.

    Args:
        body (CreateTaskRequest): Body of `POST /api/tasks`; all task configuration sits in
            `requestParams`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateTaskResponse | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateTaskRequest,
) -> Response[CreateTaskResponse | ErrorResponse]:
    """Create a Sora 2 / Sora 2 Pro video generation task

     Creates an asynchronous video generation task with one of four models,
    chosen by `requestParams.modelName`:
    - `sora2_text_to_video`, `sora2_image_to_video` (standard, 10 or 15 s,
      SD, default 10 s; remix via `remixTargetId` available);
    - `sora2_pro_text_to_video`, `sora2_pro_image_to_video` (Pro, 15 s HD
      or 25 s SD, default 25 s; no remix).
    Image-to-video models require `imageUrl` (an image URL or base64 data).
    All videos are watermark-free. Only Pro at 15 s is HD; all other
    combinations are SD.

    The response carries the `taskId` and an `estimatedTime`; poll
    `get_task` or pass `callbackUrl` to be notified (see the callback).
    Generation typically takes 3-5 minutes.

    Remix: `remixTargetId` is the id of a previous, completed task of your
    own account; the remix inherits the original's aspect ratio and
    duration unless specified otherwise.

    Rate limit: 10 requests per second per user.

    Args:
        body (CreateTaskRequest): Body of `POST /api/tasks`; all task configuration sits in
            `requestParams`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateTaskResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CreateTaskRequest,
) -> CreateTaskResponse | ErrorResponse | None:
    """Create a Sora 2 / Sora 2 Pro video generation task

     Creates an asynchronous video generation task with one of four models,
    chosen by `requestParams.modelName`:
    - `sora2_text_to_video`, `sora2_image_to_video` (standard, 10 or 15 s,
      SD, default 10 s; remix via `remixTargetId` available);
    - `sora2_pro_text_to_video`, `sora2_pro_image_to_video` (Pro, 15 s HD
      or 25 s SD, default 25 s; no remix).
    Image-to-video models require `imageUrl` (an image URL or base64 data).
    All videos are watermark-free. Only Pro at 15 s is HD; all other
    combinations are SD.

    The response carries the `taskId` and an `estimatedTime`; poll
    `get_task` or pass `callbackUrl` to be notified (see the callback).
    Generation typically takes 3-5 minutes.

    Remix: `remixTargetId` is the id of a previous, completed task of your
    own account; the remix inherits the original's aspect ratio and
    duration unless specified otherwise.

    Rate limit: 10 requests per second per user.

    Args:
        body (CreateTaskRequest): Body of `POST /api/tasks`; all task configuration sits in
            `requestParams`.

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
        )
    ).parsed
