from typing import Literal

RequestType = Literal["async", "callback"]

REQUEST_TYPE_VALUES: set[RequestType] = {
    "async",
    "callback",
}


def check_request_type(value: str) -> RequestType:
    if value in REQUEST_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {REQUEST_TYPE_VALUES!r}"
    )
