from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.task_response import TaskResponse
from ...types import Response


def _get_kwargs(
    task_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/tasks/{task_id}".format(
            task_id=quote(str(task_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | TaskResponse | None:
    if response.status_code == 200:
        response_200 = TaskResponse.from_dict(response.json())

        return response_200

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
    task_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | TaskResponse]:
    """Query a task's status, progress, result and cost

     Returns the task's current state. `progress` runs 0-100 (0 for queued, failed
    and cancelled, 100 for completed); `result` is present only when completed,
    `error` only when failed, `completed_at` and `cost` only in terminal states
    (`cost` is the settled charge; 0 after the automatic refund of a failed or
    cancelled task). Result links expire (`expires_at`): download them promptly.
    Polling advice from the docs: every 2-5 seconds, with a maximum wait of about
    5 minutes (videos may take longer); prefer `callback_url` webhooks.

    Args:
        task_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TaskResponse]
    """

    kwargs = _get_kwargs(
        task_id=task_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    task_id: str,
    *,
    client: AuthenticatedClient,
) -> ErrorResponse | TaskResponse | None:
    """Query a task's status, progress, result and cost

     Returns the task's current state. `progress` runs 0-100 (0 for queued, failed
    and cancelled, 100 for completed); `result` is present only when completed,
    `error` only when failed, `completed_at` and `cost` only in terminal states
    (`cost` is the settled charge; 0 after the automatic refund of a failed or
    cancelled task). Result links expire (`expires_at`): download them promptly.
    Polling advice from the docs: every 2-5 seconds, with a maximum wait of about
    5 minutes (videos may take longer); prefer `callback_url` webhooks.

    Args:
        task_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TaskResponse
    """

    return sync_detailed(
        task_id=task_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    task_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | TaskResponse]:
    """Query a task's status, progress, result and cost

     Returns the task's current state. `progress` runs 0-100 (0 for queued, failed
    and cancelled, 100 for completed); `result` is present only when completed,
    `error` only when failed, `completed_at` and `cost` only in terminal states
    (`cost` is the settled charge; 0 after the automatic refund of a failed or
    cancelled task). Result links expire (`expires_at`): download them promptly.
    Polling advice from the docs: every 2-5 seconds, with a maximum wait of about
    5 minutes (videos may take longer); prefer `callback_url` webhooks.

    Args:
        task_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | TaskResponse]
    """

    kwargs = _get_kwargs(
        task_id=task_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    task_id: str,
    *,
    client: AuthenticatedClient,
) -> ErrorResponse | TaskResponse | None:
    """Query a task's status, progress, result and cost

     Returns the task's current state. `progress` runs 0-100 (0 for queued, failed
    and cancelled, 100 for completed); `result` is present only when completed,
    `error` only when failed, `completed_at` and `cost` only in terminal states
    (`cost` is the settled charge; 0 after the automatic refund of a failed or
    cancelled task). Result links expire (`expires_at`): download them promptly.
    Polling advice from the docs: every 2-5 seconds, with a maximum wait of about
    5 minutes (videos may take longer); prefer `callback_url` webhooks.

    Args:
        task_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TaskResponse
    """

    return (
        await asyncio_detailed(
            task_id=task_id,
            client=client,
        )
    ).parsed
