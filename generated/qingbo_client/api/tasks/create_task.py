from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_task_response import CreateTaskResponse
from ...models.error_response import ErrorResponse
from ...models.extend_task_request import ExtendTaskRequest
from ...models.generate_task_request import GenerateTaskRequest
from ...models.remix_task_request import RemixTaskRequest
from ...types import Response


def _get_kwargs(
    *,
    body: ExtendTaskRequest | GenerateTaskRequest | RemixTaskRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/tasks",
    }

    if isinstance(body, GenerateTaskRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, RemixTaskRequest):
        _kwargs["json"] = body.to_dict()
    else:
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
    body: ExtendTaskRequest | GenerateTaskRequest | RemixTaskRequest,
) -> Response[CreateTaskResponse | ErrorResponse]:
    """Submit a Sora 2 video generation task

     Asynchronous mode: submits a text-to-video / image-to-video (`generate`),
    `remix` or `extend` task and answers at once with a task ID in status `queued`.
    Poll `GET /v1/tasks/{task_id}` (the docs advise every 2-5 seconds, giving up
    after about 5 minutes; videos may take longer) or set `callback_url` to have the
    finished task pushed to you.

    Decision: the docs show the success body without its HTTP status; it is
    declared as 200.

    Args:
        body (ExtendTaskRequest | GenerateTaskRequest | RemixTaskRequest): Body of `POST
            /v1/tasks` and `POST /v1/tasks/sync`, one variant per `action`.
            A body without `action` is a `generate` task (the documented default).

            Decision: the docs list `aspect_ratio`, `duration`, `resolution` and
            `image_urls` (with their defaults) under the text-to-video / image-to-video
            operation only, so the request is split by `action`: GenerateTaskRequest
            carries those fields with their defaults, RemixTaskRequest and
            ExtendTaskRequest accept the same size/length fields without defaults (so a
            client does not send generation defaults to a remix or extension).

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
    body: ExtendTaskRequest | GenerateTaskRequest | RemixTaskRequest,
) -> CreateTaskResponse | ErrorResponse | None:
    """Submit a Sora 2 video generation task

     Asynchronous mode: submits a text-to-video / image-to-video (`generate`),
    `remix` or `extend` task and answers at once with a task ID in status `queued`.
    Poll `GET /v1/tasks/{task_id}` (the docs advise every 2-5 seconds, giving up
    after about 5 minutes; videos may take longer) or set `callback_url` to have the
    finished task pushed to you.

    Decision: the docs show the success body without its HTTP status; it is
    declared as 200.

    Args:
        body (ExtendTaskRequest | GenerateTaskRequest | RemixTaskRequest): Body of `POST
            /v1/tasks` and `POST /v1/tasks/sync`, one variant per `action`.
            A body without `action` is a `generate` task (the documented default).

            Decision: the docs list `aspect_ratio`, `duration`, `resolution` and
            `image_urls` (with their defaults) under the text-to-video / image-to-video
            operation only, so the request is split by `action`: GenerateTaskRequest
            carries those fields with their defaults, RemixTaskRequest and
            ExtendTaskRequest accept the same size/length fields without defaults (so a
            client does not send generation defaults to a remix or extension).

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
    body: ExtendTaskRequest | GenerateTaskRequest | RemixTaskRequest,
) -> Response[CreateTaskResponse | ErrorResponse]:
    """Submit a Sora 2 video generation task

     Asynchronous mode: submits a text-to-video / image-to-video (`generate`),
    `remix` or `extend` task and answers at once with a task ID in status `queued`.
    Poll `GET /v1/tasks/{task_id}` (the docs advise every 2-5 seconds, giving up
    after about 5 minutes; videos may take longer) or set `callback_url` to have the
    finished task pushed to you.

    Decision: the docs show the success body without its HTTP status; it is
    declared as 200.

    Args:
        body (ExtendTaskRequest | GenerateTaskRequest | RemixTaskRequest): Body of `POST
            /v1/tasks` and `POST /v1/tasks/sync`, one variant per `action`.
            A body without `action` is a `generate` task (the documented default).

            Decision: the docs list `aspect_ratio`, `duration`, `resolution` and
            `image_urls` (with their defaults) under the text-to-video / image-to-video
            operation only, so the request is split by `action`: GenerateTaskRequest
            carries those fields with their defaults, RemixTaskRequest and
            ExtendTaskRequest accept the same size/length fields without defaults (so a
            client does not send generation defaults to a remix or extension).

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
    body: ExtendTaskRequest | GenerateTaskRequest | RemixTaskRequest,
) -> CreateTaskResponse | ErrorResponse | None:
    """Submit a Sora 2 video generation task

     Asynchronous mode: submits a text-to-video / image-to-video (`generate`),
    `remix` or `extend` task and answers at once with a task ID in status `queued`.
    Poll `GET /v1/tasks/{task_id}` (the docs advise every 2-5 seconds, giving up
    after about 5 minutes; videos may take longer) or set `callback_url` to have the
    finished task pushed to you.

    Decision: the docs show the success body without its HTTP status; it is
    declared as 200.

    Args:
        body (ExtendTaskRequest | GenerateTaskRequest | RemixTaskRequest): Body of `POST
            /v1/tasks` and `POST /v1/tasks/sync`, one variant per `action`.
            A body without `action` is a `generate` task (the documented default).

            Decision: the docs list `aspect_ratio`, `duration`, `resolution` and
            `image_urls` (with their defaults) under the text-to-video / image-to-video
            operation only, so the request is split by `action`: GenerateTaskRequest
            carries those fields with their defaults, RemixTaskRequest and
            ExtendTaskRequest accept the same size/length fields without defaults (so a
            client does not send generation defaults to a remix or extension).

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
