from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.task_query import TaskQuery
from ...models.task_response import TaskResponse
from ...types import Response


def _get_kwargs(
    *,
    body: TaskQuery,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/video-generations/check-result",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | TaskResponse | None:
    if response.status_code == 200:
        response_200 = TaskResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

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
) -> Response[ErrorResponse | TaskResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: TaskQuery,
) -> Response[ErrorResponse | TaskResponse]:
    """Check a generation task's status and result

     Fetches the task by `taskId` in real time (the provider refreshes its own record
    from the upstream service on each call) and returns its status, progress and, once
    `succeeded`, the video URL(s). Read `data.result_url`, falling back to
    `data.result_urls[0]`. When a task fails, its credits are refunded automatically
    (`credits_refunded`, `refund_trans_no`).

    The task id goes in the JSON body, not the path. Most errors arrive with HTTP 200
    and a non-zero `code`: check `code`.

    Args:
        body (TaskQuery): Body of the status query.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TaskResponse]
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
    body: TaskQuery,
) -> ErrorResponse | TaskResponse | None:
    """Check a generation task's status and result

     Fetches the task by `taskId` in real time (the provider refreshes its own record
    from the upstream service on each call) and returns its status, progress and, once
    `succeeded`, the video URL(s). Read `data.result_url`, falling back to
    `data.result_urls[0]`. When a task fails, its credits are refunded automatically
    (`credits_refunded`, `refund_trans_no`).

    The task id goes in the JSON body, not the path. Most errors arrive with HTTP 200
    and a non-zero `code`: check `code`.

    Args:
        body (TaskQuery): Body of the status query.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TaskResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: TaskQuery,
) -> Response[ErrorResponse | TaskResponse]:
    """Check a generation task's status and result

     Fetches the task by `taskId` in real time (the provider refreshes its own record
    from the upstream service on each call) and returns its status, progress and, once
    `succeeded`, the video URL(s). Read `data.result_url`, falling back to
    `data.result_urls[0]`. When a task fails, its credits are refunded automatically
    (`credits_refunded`, `refund_trans_no`).

    The task id goes in the JSON body, not the path. Most errors arrive with HTTP 200
    and a non-zero `code`: check `code`.

    Args:
        body (TaskQuery): Body of the status query.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TaskResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: TaskQuery,
) -> ErrorResponse | TaskResponse | None:
    """Check a generation task's status and result

     Fetches the task by `taskId` in real time (the provider refreshes its own record
    from the upstream service on each call) and returns its status, progress and, once
    `succeeded`, the video URL(s). Read `data.result_url`, falling back to
    `data.result_urls[0]`. When a task fails, its credits are refunded automatically
    (`credits_refunded`, `refund_trans_no`).

    The task id goes in the JSON body, not the path. Most errors arrive with HTTP 200
    and a non-zero `code`: check `code`.

    Args:
        body (TaskQuery): Body of the status query.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TaskResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
