"""Domain errors carry their HTTP status; one handler (``api.error_responses``) renders them as JSON."""

from __future__ import annotations

from typing import Any


class AseagiError(Exception):
    status_code = 500
    code = "internal_error"

    def __init__(self, message: str, *, detail: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class BadRequest(AseagiError):
    status_code = 400
    code = "bad_request"


class Unauthorized(AseagiError):
    status_code = 401
    code = "unauthorized"


class Forbidden(AseagiError):
    status_code = 403
    code = "forbidden"


class NotFound(AseagiError):
    status_code = 404
    code = "not_found"


class Conflict(AseagiError):
    status_code = 409
    code = "conflict"


class InvalidRequest(AseagiError):
    """A field is well-formed but cannot be accepted (it names a row that does not exist, say)."""

    status_code = 422
    code = "invalid_request"


class PayloadTooLarge(AseagiError):
    status_code = 413
    code = "payload_too_large"


class ServiceUnavailable(AseagiError):
    status_code = 503
    code = "service_unavailable"
