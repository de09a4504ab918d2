from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_credits_response import GetCreditsResponse
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/get-user-credits",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | GetCreditsResponse | None:
    if response.status_code == 200:
        response_200 = GetCreditsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

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
) -> Response[ErrorResponse | GetCreditsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | GetCreditsResponse]:
    """Get the account's credit balance and VIP status

     Returns the authenticated account's remaining credits (`data.left_credits`) and
    whether it is a VIP account (`data.is_vip`). Takes no request body.

    Most errors arrive with HTTP 200 and a non-zero `code`: check `code`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetCreditsResponse]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> ErrorResponse | GetCreditsResponse | None:
    """Get the account's credit balance and VIP status

     Returns the authenticated account's remaining credits (`data.left_credits`) and
    whether it is a VIP account (`data.is_vip`). Takes no request body.

    Most errors arrive with HTTP 200 and a non-zero `code`: check `code`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetCreditsResponse
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | GetCreditsResponse]:
    """Get the account's credit balance and VIP status

     Returns the authenticated account's remaining credits (`data.left_credits`) and
    whether it is a VIP account (`data.is_vip`). Takes no request body.

    Most errors arrive with HTTP 200 and a non-zero `code`: check `code`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetCreditsResponse]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> ErrorResponse | GetCreditsResponse | None:
    """Get the account's credit balance and VIP status

     Returns the authenticated account's remaining credits (`data.left_credits`) and
    whether it is a VIP account (`data.is_vip`). Takes no request body.

    Most errors arrive with HTTP 200 and a non-zero `code`: check `code`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetCreditsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
