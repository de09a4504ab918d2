from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_task_response import CreateTaskResponse
from ...models.error_response import ErrorResponse
from ...models.image_to_video_request import ImageToVideoRequest
from ...models.pro_image_to_video_request import ProImageToVideoRequest
from ...models.pro_text_to_video_request import ProTextToVideoRequest
from ...models.storyboard_request import StoryboardRequest
from ...models.text_to_video_request import TextToVideoRequest
from ...types import Response


def _get_kwargs(
    *,
    body: ImageToVideoRequest
    | ProImageToVideoRequest
    | ProTextToVideoRequest
    | StoryboardRequest
    | TextToVideoRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/video/sora-pro",
    }

    if isinstance(body, TextToVideoRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, ImageToVideoRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, ProTextToVideoRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, ProImageToVideoRequest):
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
    body: ImageToVideoRequest
    | ProImageToVideoRequest
    | ProTextToVideoRequest
    | StoryboardRequest
    | TextToVideoRequest,
) -> Response[CreateTaskResponse | ErrorResponse]:
    """Create a video generation task

     Validates the input, deducts credits, creates a generation task and returns its
    `taskId`. The body is keyed on `model`: text-to-video (`sora-2-text-to-video`,
    `sora-2-text-to-video-stable`), image-to-video (`sora-2-image-to-video`,
    `sora-2-image-to-video-stable`), Pro text-to-video (`sora-2-pro-text-to-video`),
    Pro image-to-video (`sora-2-pro-image-to-video`) and Pro storyboard
    (`sora-2-pro-storyboard`). Poll `get_task` with the returned `data.taskId`.

    No webhook/callback is documented for this endpoint, so there are no `callbacks`:
    the only way to learn the outcome is polling `POST /api/video-generations/check-result`.

    Errors: the provider answers most errors with HTTP 200 and a non-zero `code` in
    the body (then `data` is absent or null), so check `code` even on HTTP 200. The
    non-2xx statuses below are the ones the provider may also use; see each one's
    `Decision:` note.

    Args:
        body (ImageToVideoRequest | ProImageToVideoRequest | ProTextToVideoRequest |
            StoryboardRequest | TextToVideoRequest): Body of `POST /api/v1/video/sora-pro`, one
            variant per model family, keyed on
            `model` (each variant's `model` values are disjoint, so exactly one matches).
            - `TextToVideoRequest`: `sora-2-text-to-video`, `sora-2-text-to-video-stable`.
            - `ImageToVideoRequest`: `sora-2-image-to-video`, `sora-2-image-to-video-stable`.
            - `ProTextToVideoRequest`: `sora-2-pro-text-to-video` (adds `size`).
            - `ProImageToVideoRequest`: `sora-2-pro-image-to-video` (adds `size`).
            - `StoryboardRequest`: `sora-2-pro-storyboard` (`shots` instead of `prompt`).
            Decision: the two standard models and their `-stable` twins share one variant
            each (tag `enum` of two values) because the docs give them identical parameters.

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
    body: ImageToVideoRequest
    | ProImageToVideoRequest
    | ProTextToVideoRequest
    | StoryboardRequest
    | TextToVideoRequest,
) -> CreateTaskResponse | ErrorResponse | None:
    """Create a video generation task

     Validates the input, deducts credits, creates a generation task and returns its
    `taskId`. The body is keyed on `model`: text-to-video (`sora-2-text-to-video`,
    `sora-2-text-to-video-stable`), image-to-video (`sora-2-image-to-video`,
    `sora-2-image-to-video-stable`), Pro text-to-video (`sora-2-pro-text-to-video`),
    Pro image-to-video (`sora-2-pro-image-to-video`) and Pro storyboard
    (`sora-2-pro-storyboard`). Poll `get_task` with the returned `data.taskId`.

    No webhook/callback is documented for this endpoint, so there are no `callbacks`:
    the only way to learn the outcome is polling `POST /api/video-generations/check-result`.

    Errors: the provider answers most errors with HTTP 200 and a non-zero `code` in
    the body (then `data` is absent or null), so check `code` even on HTTP 200. The
    non-2xx statuses below are the ones the provider may also use; see each one's
    `Decision:` note.

    Args:
        body (ImageToVideoRequest | ProImageToVideoRequest | ProTextToVideoRequest |
            StoryboardRequest | TextToVideoRequest): Body of `POST /api/v1/video/sora-pro`, one
            variant per model family, keyed on
            `model` (each variant's `model` values are disjoint, so exactly one matches).
            - `TextToVideoRequest`: `sora-2-text-to-video`, `sora-2-text-to-video-stable`.
            - `ImageToVideoRequest`: `sora-2-image-to-video`, `sora-2-image-to-video-stable`.
            - `ProTextToVideoRequest`: `sora-2-pro-text-to-video` (adds `size`).
            - `ProImageToVideoRequest`: `sora-2-pro-image-to-video` (adds `size`).
            - `StoryboardRequest`: `sora-2-pro-storyboard` (`shots` instead of `prompt`).
            Decision: the two standard models and their `-stable` twins share one variant
            each (tag `enum` of two values) because the docs give them identical parameters.

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
    body: ImageToVideoRequest
    | ProImageToVideoRequest
    | ProTextToVideoRequest
    | StoryboardRequest
    | TextToVideoRequest,
) -> Response[CreateTaskResponse | ErrorResponse]:
    """Create a video generation task

     Validates the input, deducts credits, creates a generation task and returns its
    `taskId`. The body is keyed on `model`: text-to-video (`sora-2-text-to-video`,
    `sora-2-text-to-video-stable`), image-to-video (`sora-2-image-to-video`,
    `sora-2-image-to-video-stable`), Pro text-to-video (`sora-2-pro-text-to-video`),
    Pro image-to-video (`sora-2-pro-image-to-video`) and Pro storyboard
    (`sora-2-pro-storyboard`). Poll `get_task` with the returned `data.taskId`.

    No webhook/callback is documented for this endpoint, so there are no `callbacks`:
    the only way to learn the outcome is polling `POST /api/video-generations/check-result`.

    Errors: the provider answers most errors with HTTP 200 and a non-zero `code` in
    the body (then `data` is absent or null), so check `code` even on HTTP 200. The
    non-2xx statuses below are the ones the provider may also use; see each one's
    `Decision:` note.

    Args:
        body (ImageToVideoRequest | ProImageToVideoRequest | ProTextToVideoRequest |
            StoryboardRequest | TextToVideoRequest): Body of `POST /api/v1/video/sora-pro`, one
            variant per model family, keyed on
            `model` (each variant's `model` values are disjoint, so exactly one matches).
            - `TextToVideoRequest`: `sora-2-text-to-video`, `sora-2-text-to-video-stable`.
            - `ImageToVideoRequest`: `sora-2-image-to-video`, `sora-2-image-to-video-stable`.
            - `ProTextToVideoRequest`: `sora-2-pro-text-to-video` (adds `size`).
            - `ProImageToVideoRequest`: `sora-2-pro-image-to-video` (adds `size`).
            - `StoryboardRequest`: `sora-2-pro-storyboard` (`shots` instead of `prompt`).
            Decision: the two standard models and their `-stable` twins share one variant
            each (tag `enum` of two values) because the docs give them identical parameters.

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
    body: ImageToVideoRequest
    | ProImageToVideoRequest
    | ProTextToVideoRequest
    | StoryboardRequest
    | TextToVideoRequest,
) -> CreateTaskResponse | ErrorResponse | None:
    """Create a video generation task

     Validates the input, deducts credits, creates a generation task and returns its
    `taskId`. The body is keyed on `model`: text-to-video (`sora-2-text-to-video`,
    `sora-2-text-to-video-stable`), image-to-video (`sora-2-image-to-video`,
    `sora-2-image-to-video-stable`), Pro text-to-video (`sora-2-pro-text-to-video`),
    Pro image-to-video (`sora-2-pro-image-to-video`) and Pro storyboard
    (`sora-2-pro-storyboard`). Poll `get_task` with the returned `data.taskId`.

    No webhook/callback is documented for this endpoint, so there are no `callbacks`:
    the only way to learn the outcome is polling `POST /api/video-generations/check-result`.

    Errors: the provider answers most errors with HTTP 200 and a non-zero `code` in
    the body (then `data` is absent or null), so check `code` even on HTTP 200. The
    non-2xx statuses below are the ones the provider may also use; see each one's
    `Decision:` note.

    Args:
        body (ImageToVideoRequest | ProImageToVideoRequest | ProTextToVideoRequest |
            StoryboardRequest | TextToVideoRequest): Body of `POST /api/v1/video/sora-pro`, one
            variant per model family, keyed on
            `model` (each variant's `model` values are disjoint, so exactly one matches).
            - `TextToVideoRequest`: `sora-2-text-to-video`, `sora-2-text-to-video-stable`.
            - `ImageToVideoRequest`: `sora-2-image-to-video`, `sora-2-image-to-video-stable`.
            - `ProTextToVideoRequest`: `sora-2-pro-text-to-video` (adds `size`).
            - `ProImageToVideoRequest`: `sora-2-pro-image-to-video` (adds `size`).
            - `StoryboardRequest`: `sora-2-pro-storyboard` (`shots` instead of `prompt`).
            Decision: the two standard models and their `-stable` twins share one variant
            each (tag `enum` of two values) because the docs give them identical parameters.

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
