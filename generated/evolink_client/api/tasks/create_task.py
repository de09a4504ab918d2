from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_task_response import CreateTaskResponse
from ...models.error_response import ErrorResponse
from ...models.generation_request import GenerationRequest
from ...models.remix_request import RemixRequest
from ...types import Response


def _get_kwargs(
    *,
    body: GenerationRequest | RemixRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/videos/generations",
    }

    if isinstance(body, GenerationRequest):
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

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = ErrorResponse.from_dict(response.json())

        return response_413

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 502:
        response_502 = ErrorResponse.from_dict(response.json())

        return response_502

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
    body: GenerationRequest | RemixRequest,
) -> Response[CreateTaskResponse | ErrorResponse]:
    """Create a Sora 2 video generation or remix task

     Creates an asynchronous video task and returns the task object at once
    (status `pending`). Poll `GET /v1/tasks/{task_id}` with the returned
    `id`, or pass `callback_url` to be called back when the task ends.

    The body is selected by `model`:
    - `sora-2`: text-to-video, or image-to-video with one reference image
      in `image_urls`;
    - `sora-2-pro-remix`: remixes an earlier Sora 2 / Sora 2 Pro video task
      named by `base_video_task_id`.

    Pricing depends on `duration` and `remove_watermark` (removing the
    watermark, the default, costs more).

    Args:
        body (GenerationRequest | RemixRequest): Body of `POST /v1/videos/generations`, selected
            by `model`:
            `GenerationRequest` for `sora-2`, `RemixRequest` for `sora-2-pro-remix`.
            Each variant pins `model` with `const`.

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
    body: GenerationRequest | RemixRequest,
) -> CreateTaskResponse | ErrorResponse | None:
    """Create a Sora 2 video generation or remix task

     Creates an asynchronous video task and returns the task object at once
    (status `pending`). Poll `GET /v1/tasks/{task_id}` with the returned
    `id`, or pass `callback_url` to be called back when the task ends.

    The body is selected by `model`:
    - `sora-2`: text-to-video, or image-to-video with one reference image
      in `image_urls`;
    - `sora-2-pro-remix`: remixes an earlier Sora 2 / Sora 2 Pro video task
      named by `base_video_task_id`.

    Pricing depends on `duration` and `remove_watermark` (removing the
    watermark, the default, costs more).

    Args:
        body (GenerationRequest | RemixRequest): Body of `POST /v1/videos/generations`, selected
            by `model`:
            `GenerationRequest` for `sora-2`, `RemixRequest` for `sora-2-pro-remix`.
            Each variant pins `model` with `const`.

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
    body: GenerationRequest | RemixRequest,
) -> Response[CreateTaskResponse | ErrorResponse]:
    """Create a Sora 2 video generation or remix task

     Creates an asynchronous video task and returns the task object at once
    (status `pending`). Poll `GET /v1/tasks/{task_id}` with the returned
    `id`, or pass `callback_url` to be called back when the task ends.

    The body is selected by `model`:
    - `sora-2`: text-to-video, or image-to-video with one reference image
      in `image_urls`;
    - `sora-2-pro-remix`: remixes an earlier Sora 2 / Sora 2 Pro video task
      named by `base_video_task_id`.

    Pricing depends on `duration` and `remove_watermark` (removing the
    watermark, the default, costs more).

    Args:
        body (GenerationRequest | RemixRequest): Body of `POST /v1/videos/generations`, selected
            by `model`:
            `GenerationRequest` for `sora-2`, `RemixRequest` for `sora-2-pro-remix`.
            Each variant pins `model` with `const`.

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
    body: GenerationRequest | RemixRequest,
) -> CreateTaskResponse | ErrorResponse | None:
    """Create a Sora 2 video generation or remix task

     Creates an asynchronous video task and returns the task object at once
    (status `pending`). Poll `GET /v1/tasks/{task_id}` with the returned
    `id`, or pass `callback_url` to be called back when the task ends.

    The body is selected by `model`:
    - `sora-2`: text-to-video, or image-to-video with one reference image
      in `image_urls`;
    - `sora-2-pro-remix`: remixes an earlier Sora 2 / Sora 2 Pro video task
      named by `base_video_task_id`.

    Pricing depends on `duration` and `remove_watermark` (removing the
    watermark, the default, costs more).

    Args:
        body (GenerationRequest | RemixRequest): Body of `POST /v1/videos/generations`, selected
            by `model`:
            `GenerationRequest` for `sora-2`, `RemixRequest` for `sora-2-pro-remix`.
            Each variant pins `model` with `const`.

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
