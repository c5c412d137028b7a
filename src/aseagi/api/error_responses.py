"""One JSON error shape for every failure: ``{"error": {"code", "message", "detail"}}``, documented too."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from aseagi.api.valid_text import printable
from aseagi.kit.errors import AseagiError

log = logging.getLogger(__name__)


class ErrorInfo(BaseModel):
    code: str
    """Stable and machine-readable: ``not_found``, ``invalid_request``, ``forbidden``…"""
    message: str
    """One line saying what went wrong and what to do."""
    detail: Any = None
    """Where it went wrong, when there is more to say (for 422: ``[{"where", "problem"}]``)."""


class ErrorResponse(BaseModel):
    error: ErrorInfo


def documented(description: str) -> dict[str, Any]:
    """An error status in a route's ``responses=``, with the one error shape as its body."""
    return {"model": ErrorResponse, "description": description}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: documented("The request cannot be carried out as sent (the message says why)."),
    401: documented("No token, or a token that is invalid, revoked or expired."),
    403: documented("The token's scope does not allow this, or the source is outside the allowed roots."),
    404: documented("No such resource."),
    409: documented("It exists already, or the change conflicts with stored data."),
    413: documented("The request body is too large."),
    422: documented("A parameter or field is invalid; ``detail`` names each one."),
}
"""Every route may answer these, in the one error shape (``create_app`` documents them on all routes)."""

DATA_EXCEPTION = "22"
INTEGRITY_VIOLATION = "23"
"""SQLSTATE classes: a value the database cannot take (out of range, bad format), a broken constraint."""


def error_response(status: int, code: str, message: str, detail: Any = None) -> JSONResponse:
    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    if detail is not None:
        body["error"]["detail"] = detail
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(status_code=status, content=body, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(AseagiError)
    async def domain_error(_: Request, exc: AseagiError) -> JSONResponse:
        return error_response(exc.status_code, exc.code, exc.message, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {
                "where": printable(".".join(str(p) for p in err.get("loc", ()))),
                "problem": printable(str(err.get("msg", ""))),
            }
            for err in exc.errors()
        ]
        first = problems[0] if problems else {"where": "request", "problem": "invalid"}
        return error_response(422, "invalid_request", f"{first['where']}: {first['problem']}", problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail))

    @app.exception_handler(DBAPIError)
    async def database_refused(request: Request, exc: DBAPIError) -> JSONResponse:
        """A value the endpoints did not foresee reached the database and was refused: the caller's input,
        so a 4xx naming the constraint, never a 500. Anything else the database says stays a 500."""
        sqlstate = str(getattr(exc.orig, "sqlstate", "") or "")
        diagnostic = getattr(getattr(exc.orig, "diag", None), "message_primary", None) or "refused"
        if sqlstate.startswith((DATA_EXCEPTION, INTEGRITY_VIOLATION)):
            log.warning("database refused %s %s: %s", request.method, request.url.path, diagnostic)
            if sqlstate.startswith(DATA_EXCEPTION):
                return error_response(
                    422, "invalid_value", f"a value is out of range or malformed: {diagnostic}"
                )
            return error_response(409, "conflict", f"the change conflicts with stored data: {diagnostic}")
        return await unexpected(request, exc)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "internal error: the server log has the details")
