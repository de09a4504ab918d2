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
        "url": "/api/v1/generateTask/sora-2",
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

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

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
    """Create a Sora 2 video generation task

     Submits a text-to-video or image-to-video task to Sora 2 and returns its
    `taskId` for later status queries. Generation takes about 2-4 minutes
    for a 4-second video, 3-5 minutes for 8 seconds and 4-6 minutes for 12
    seconds; because of these long times the docs strongly recommend
    `request_type: callback` (the final result is POSTed to `callback_url`,
    see the `TaskFinished` callback). With `request_type: async`, poll
    `get_task`: wait 180 seconds after submitting, then poll every 10 seconds.

    Prompts must comply with content safety guidelines; a violating task
    ends `failed` with `failCode` `CONTENT_VIOLATION`.

    Args:
        body (CreateTaskRequest): Body of `create_task`. `callback_url` is required when
            `request_type` is
            `callback` (enforced by the `if`/`then` below; the generated client does
            not check it).

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
    """Create a Sora 2 video generation task

     Submits a text-to-video or image-to-video task to Sora 2 and returns its
    `taskId` for later status queries. Generation takes about 2-4 minutes
    for a 4-second video, 3-5 minutes for 8 seconds and 4-6 minutes for 12
    seconds; because of these long times the docs strongly recommend
    `request_type: callback` (the final result is POSTed to `callback_url`,
    see the `TaskFinished` callback). With `request_type: async`, poll
    `get_task`: wait 180 seconds after submitting, then poll every 10 seconds.

    Prompts must comply with content safety guidelines; a violating task
    ends `failed` with `failCode` `CONTENT_VIOLATION`.

    Args:
        body (CreateTaskRequest): Body of `create_task`. `callback_url` is required when
            `request_type` is
            `callback` (enforced by the `if`/`then` below; the generated client does
            not check it).

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
    """Create a Sora 2 video generation task

     Submits a text-to-video or image-to-video task to Sora 2 and returns its
    `taskId` for later status queries. Generation takes about 2-4 minutes
    for a 4-second video, 3-5 minutes for 8 seconds and 4-6 minutes for 12
    seconds; because of these long times the docs strongly recommend
    `request_type: callback` (the final result is POSTed to `callback_url`,
    see the `TaskFinished` callback). With `request_type: async`, poll
    `get_task`: wait 180 seconds after submitting, then poll every 10 seconds.

    Prompts must comply with content safety guidelines; a violating task
    ends `failed` with `failCode` `CONTENT_VIOLATION`.

    Args:
        body (CreateTaskRequest): Body of `create_task`. `callback_url` is required when
            `request_type` is
            `callback` (enforced by the `if`/`then` below; the generated client does
            not check it).

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
    """Create a Sora 2 video generation task

     Submits a text-to-video or image-to-video task to Sora 2 and returns its
    `taskId` for later status queries. Generation takes about 2-4 minutes
    for a 4-second video, 3-5 minutes for 8 seconds and 4-6 minutes for 12
    seconds; because of these long times the docs strongly recommend
    `request_type: callback` (the final result is POSTed to `callback_url`,
    see the `TaskFinished` callback). With `request_type: async`, poll
    `get_task`: wait 180 seconds after submitting, then poll every 10 seconds.

    Prompts must comply with content safety guidelines; a violating task
    ends `failed` with `failCode` `CONTENT_VIOLATION`.

    Args:
        body (CreateTaskRequest): Body of `create_task`. `callback_url` is required when
            `request_type` is
            `callback` (enforced by the `if`/`then` below; the generated client does
            not check it).

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
