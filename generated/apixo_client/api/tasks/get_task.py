from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.task_response import TaskResponse
from ...types import UNSET, Response


def _get_kwargs(
    *,
    task_id: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["taskId"] = task_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/statusTask/sora-2",
        "params": params,
    }

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
    task_id: str,
) -> Response[ErrorResponse | TaskResponse]:
    """Query the status and result of a Sora 2 task

     Returns the task's `state` (`pending`, `processing`, `success`,
    `failed`) and, when finished, its result or failure. While the task is
    `pending` or `processing` only `taskId`, `state` and `createTime` are
    present in `data`; on completion `completeTime` and `costTime` are added;
    on success `resultJson` (a JSON-encoded string holding
    `{"resultUrls": [...]}`); on failure `failCode` and `failMsg`.

    Polling guidance (Sora 2 page): generation takes about 2-6 minutes
    depending on duration; submit the task, wait 180 seconds, then poll
    every 10 seconds (also in `x-polling`). Prefer the callback for
    production use.

    Result URLs are temporary: download the video promptly. Decision: the
    sources disagree on how long they live. The webhooks / response-format
    reference (https://apixo.ai/docs/api-reference/webhooks) says they
    expire after 24 hours; the Sora 2 model page
    (https://apixo.ai/docs/pl/models/video/sora-2, "Video expiration") says
    they are valid for 15 days. This document states the shorter, safer
    bound: treat result URLs as valid for 24 hours only.

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
    *,
    client: AuthenticatedClient,
    task_id: str,
) -> ErrorResponse | TaskResponse | None:
    """Query the status and result of a Sora 2 task

     Returns the task's `state` (`pending`, `processing`, `success`,
    `failed`) and, when finished, its result or failure. While the task is
    `pending` or `processing` only `taskId`, `state` and `createTime` are
    present in `data`; on completion `completeTime` and `costTime` are added;
    on success `resultJson` (a JSON-encoded string holding
    `{"resultUrls": [...]}`); on failure `failCode` and `failMsg`.

    Polling guidance (Sora 2 page): generation takes about 2-6 minutes
    depending on duration; submit the task, wait 180 seconds, then poll
    every 10 seconds (also in `x-polling`). Prefer the callback for
    production use.

    Result URLs are temporary: download the video promptly. Decision: the
    sources disagree on how long they live. The webhooks / response-format
    reference (https://apixo.ai/docs/api-reference/webhooks) says they
    expire after 24 hours; the Sora 2 model page
    (https://apixo.ai/docs/pl/models/video/sora-2, "Video expiration") says
    they are valid for 15 days. This document states the shorter, safer
    bound: treat result URLs as valid for 24 hours only.

    Args:
        task_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | TaskResponse
    """

    return sync_detailed(
        client=client,
        task_id=task_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    task_id: str,
) -> Response[ErrorResponse | TaskResponse]:
    """Query the status and result of a Sora 2 task

     Returns the task's `state` (`pending`, `processing`, `success`,
    `failed`) and, when finished, its result or failure. While the task is
    `pending` or `processing` only `taskId`, `state` and `createTime` are
    present in `data`; on completion `completeTime` and `costTime` are added;
    on success `resultJson` (a JSON-encoded string holding
    `{"resultUrls": [...]}`); on failure `failCode` and `failMsg`.

    Polling guidance (Sora 2 page): generation takes about 2-6 minutes
    depending on duration; submit the task, wait 180 seconds, then poll
    every 10 seconds (also in `x-polling`). Prefer the callback for
    production use.

    Result URLs are temporary: download the video promptly. Decision: the
    sources disagree on how long they live. The webhooks / response-format
    reference (https://apixo.ai/docs/api-reference/webhooks) says they
    expire after 24 hours; the Sora 2 model page
    (https://apixo.ai/docs/pl/models/video/sora-2, "Video expiration") says
    they are valid for 15 days. This document states the shorter, safer
    bound: treat result URLs as valid for 24 hours only.

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
    *,
    client: AuthenticatedClient,
    task_id: str,
) -> ErrorResponse | TaskResponse | None:
    """Query the status and result of a Sora 2 task

     Returns the task's `state` (`pending`, `processing`, `success`,
    `failed`) and, when finished, its result or failure. While the task is
    `pending` or `processing` only `taskId`, `state` and `createTime` are
    present in `data`; on completion `completeTime` and `costTime` are added;
    on success `resultJson` (a JSON-encoded string holding
    `{"resultUrls": [...]}`); on failure `failCode` and `failMsg`.

    Polling guidance (Sora 2 page): generation takes about 2-6 minutes
    depending on duration; submit the task, wait 180 seconds, then poll
    every 10 seconds (also in `x-polling`). Prefer the callback for
    production use.

    Result URLs are temporary: download the video promptly. Decision: the
    sources disagree on how long they live. The webhooks / response-format
    reference (https://apixo.ai/docs/api-reference/webhooks) says they
    expire after 24 hours; the Sora 2 model page
    (https://apixo.ai/docs/pl/models/video/sora-2, "Video expiration") says
    they are valid for 15 days. This document states the shorter, safer
    bound: treat result URLs as valid for 24 hours only.

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
            client=client,
            task_id=task_id,
        )
    ).parsed
