"""API errors in ShopRenter's style: an HTTP status plus an inner code (their status codes page)."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    def __init__(self, status: int, inner_code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.inner_code = inner_code
        self.message = message

    def body(self) -> dict[str, Any]:
        return error_body(self.status, self.inner_code, self.message)


def error_body(status: int, inner_code: int, message: str) -> dict[str, Any]:
    """The error document every failing API call answers with."""
    return {"error": status, "innerCode": inner_code, "message": message}


def not_found(what: str = "Resource") -> ApiError:
    return ApiError(404, 40401, f"{what} not found!")


def bad_data(message: str = "The given data is wrong!") -> ApiError:
    return ApiError(400, 40005, message)
