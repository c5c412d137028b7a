"""Domain errors (``kit/errors.py``): each carries its HTTP status and a stable code, with its message and
detail; the one handler renders them as ``{"error": {"code", "message", "detail"}}``."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from aseagi.api import error_responses
from aseagi.kit.errors import (
    AseagiError,
    BadRequest,
    Conflict,
    Forbidden,
    InvalidRequest,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    Unauthorized,
)

EXPECTED = [
    (AseagiError, 500, "internal_error"),
    (BadRequest, 400, "bad_request"),
    (Unauthorized, 401, "unauthorized"),
    (Forbidden, 403, "forbidden"),
    (NotFound, 404, "not_found"),
    (Conflict, 409, "conflict"),
    (PayloadTooLarge, 413, "payload_too_large"),
    (InvalidRequest, 422, "invalid_request"),
    (ServiceUnavailable, 503, "service_unavailable"),
]


@pytest.mark.parametrize(("error", "status", "code"), EXPECTED)
def test_each_error_has_its_status_and_code(error: type[AseagiError], status: int, code: str) -> None:
    raised = error("no case JV-2099-000101")
    assert raised.status_code == status
    assert raised.code == code
    assert isinstance(raised, AseagiError)
    assert isinstance(raised, Exception)


def test_codes_and_statuses_are_unique() -> None:
    assert len({code for _, _, code in EXPECTED}) == len(EXPECTED)
    assert len({status for _, status, _ in EXPECTED}) == len(EXPECTED)


def test_message_and_detail_are_kept() -> None:
    detail = [{"where": "body.docket_number", "problem": "already used"}]
    error = Conflict("case JV-2099-000101 exists", detail=detail)
    assert error.message == "case JV-2099-000101 exists"
    assert str(error) == "case JV-2099-000101 exists"
    assert error.args == ("case JV-2099-000101 exists",)
    assert error.detail is detail


def test_detail_defaults_to_none() -> None:
    error = NotFound("no such document")
    assert error.detail is None
    assert NotFound("").message == ""


def test_detail_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        BadRequest("bad", {"x": 1})  # type: ignore[misc]


def test_an_error_is_caught_as_an_aseagi_error() -> None:
    with pytest.raises(AseagiError) as caught:
        raise Forbidden("the token's scope does not allow this")
    assert caught.value.status_code == 403


@pytest.mark.parametrize(("error", "status", "code"), EXPECTED)
async def test_the_handler_renders_status_code_message_and_detail(
    error: type[AseagiError], status: int, code: str
) -> None:
    app = FastAPI()
    error_responses.install(app)

    @app.get("/with-detail")
    async def with_detail() -> None:
        raise error("something about JV-2099-000101", detail={"where": "query.case_id"})

    @app.get("/without-detail")
    async def without_detail() -> None:
        raise error("nothing more to say")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        response = await http.get("/with-detail")
        assert response.status_code == status
        assert response.json() == {
            "error": {
                "code": code,
                "message": "something about JV-2099-000101",
                "detail": {"where": "query.case_id"},
            }
        }
        bare = await http.get("/without-detail")
        assert bare.status_code == status
        assert bare.json() == {"error": {"code": code, "message": "nothing more to say"}}
        assert ("www-authenticate" in bare.headers) == (status == 401)
