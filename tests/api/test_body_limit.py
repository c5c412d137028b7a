"""A ceiling on request bodies (``api/body_limit.py``): a body past the limit, declared or counted, is a
413 in the one error shape before the app sees it; a body within it reaches the app whole; multipart
uploads and anything that is not HTTP pass through."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI, Request
from starlette.types import Message, Receive, Scope, Send

from aseagi.api.body_limit import MAX_JSON_BODY, BodyLimit

LIMIT = 100


def echo_app() -> FastAPI:
    app = FastAPI()

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int | str]:
        body = await request.body()
        return {"size": len(body), "start": body[:10].decode(errors="replace")}

    app.add_middleware(BodyLimit, limit=LIMIT)
    return app


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=echo_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


class Recorder:
    """A raw ASGI exchange: what the app below received, and what was sent back."""

    def __init__(self, *chunks: bytes, tail: list[Message] | None = None) -> None:
        self.incoming: list[Message] = [
            {"type": "http.request", "body": chunk, "more_body": index < len(chunks) - 1}
            for index, chunk in enumerate(chunks)
        ] + (tail or [])
        self.pulled = 0
        self.sent: list[Message] = []
        self.seen_by_app: list[Message] | None = None

    async def receive(self) -> Message:
        self.pulled += 1
        if self.incoming:
            return self.incoming.pop(0)
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        self.sent.append(message)

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.seen_by_app = []
        while True:
            message = await receive()
            self.seen_by_app.append(message)
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    @property
    def status(self) -> int:
        return int(self.sent[0]["status"])

    def error(self) -> dict[str, str]:
        body = b"".join(message.get("body", b"") for message in self.sent[1:])
        return json.loads(body)["error"]


def http_scope(content_type: bytes = b"application/json", length: bytes | None = None) -> Scope:
    headers = [(b"content-type", content_type)]
    if length is not None:
        headers.append((b"content-length", length))
    return {"type": "http", "method": "POST", "path": "/echo", "headers": headers}


def test_the_default_limit_is_two_mebibytes() -> None:
    assert BodyLimit(echo_app()).limit == MAX_JSON_BODY == 2 * 1024 * 1024


async def test_a_body_within_the_limit_reaches_the_app_whole(http: httpx.AsyncClient) -> None:
    body = b'{"docket_number": "JV-2099-000501"}'
    response = await http.post("/echo", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200
    assert response.json() == {"size": len(body), "start": body[:10].decode()}


async def test_exactly_the_limit_passes_one_byte_more_is_413(http: httpx.AsyncClient) -> None:
    headers = {"content-type": "application/json"}
    assert (await http.post("/echo", content=b"x" * LIMIT, headers=headers)).json()["size"] == LIMIT
    response = await http.post("/echo", content=b"x" * (LIMIT + 1), headers=headers)
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "payload_too_large"
    assert f"larger than {LIMIT} bytes" in error["message"]
    assert "POST /process/document" in error["message"]


async def test_an_empty_body_passes(http: httpx.AsyncClient) -> None:
    assert (await http.post("/echo")).json() == {"size": 0, "start": ""}


async def test_a_streamed_body_without_a_length_is_counted(http: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(5):
            yield b"y" * 30

    response = await http.post("/echo", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


async def test_multipart_uploads_are_not_limited_here(http: httpx.AsyncClient) -> None:
    files = {"file": ("exhibit.pdf", b"%PDF-1.4 " + b"z" * (LIMIT * 5), "application/pdf")}
    response = await http.post("/echo", files=files)
    assert response.status_code == 200
    assert response.json()["size"] > LIMIT * 5


async def test_a_declared_length_past_the_limit_is_refused_unread() -> None:
    exchange = Recorder(b"x" * (LIMIT + 1))
    await BodyLimit(exchange.app, limit=LIMIT)(
        http_scope(length=str(LIMIT + 1).encode()), exchange.receive, exchange.send
    )
    assert exchange.status == 413
    assert exchange.error()["code"] == "payload_too_large"
    assert exchange.pulled == 0, "nothing of the body was read"
    assert exchange.seen_by_app is None


async def test_a_length_that_lies_is_caught_by_counting() -> None:
    exchange = Recorder(b"x" * 60, b"x" * 60)
    await BodyLimit(exchange.app, limit=LIMIT)(http_scope(length=b"10"), exchange.receive, exchange.send)
    assert exchange.status == 413
    assert exchange.seen_by_app is None


@pytest.mark.parametrize("length", [b"", b"abc", b"-5", b"1e9"])
async def test_a_length_that_is_not_a_number_is_ignored_and_the_body_counted(length: bytes) -> None:
    small = Recorder(b"x" * 10)
    await BodyLimit(small.app, limit=LIMIT)(http_scope(length=length), small.receive, small.send)
    assert small.status == 204
    large = Recorder(b"x" * (LIMIT + 1))
    await BodyLimit(large.app, limit=LIMIT)(http_scope(length=length), large.receive, large.send)
    assert large.status == 413


async def test_chunks_are_replayed_to_the_app_in_order_then_receive_goes_on() -> None:
    exchange = Recorder(b"ab", b"cd", b"ef")
    await BodyLimit(exchange.app, limit=LIMIT)(http_scope(), exchange.receive, exchange.send)
    assert exchange.status == 204
    assert exchange.seen_by_app is not None
    assert [message["body"] for message in exchange.seen_by_app] == [b"ab", b"cd", b"ef"]
    assert [message["more_body"] for message in exchange.seen_by_app] == [True, True, False]


async def test_a_disconnect_ends_the_reading_and_is_handed_on() -> None:
    exchange = Recorder(b"ab", b"cd")
    exchange.incoming[-1]["more_body"] = True  # the client goes away before the end
    exchange.incoming.append({"type": "http.disconnect"})
    await BodyLimit(exchange.app, limit=LIMIT)(http_scope(), exchange.receive, exchange.send)
    assert exchange.seen_by_app is not None
    assert [message["type"] for message in exchange.seen_by_app] == [
        "http.request",
        "http.request",
        "http.disconnect",
    ]


@pytest.mark.parametrize(
    "content_type", [b"multipart/form-data; boundary=x", b"Multipart/Form-Data; boundary=x"]
)
async def test_multipart_passes_straight_through_whatever_its_size(content_type: bytes) -> None:
    exchange = Recorder(b"x" * (LIMIT * 3))
    scope = http_scope(content_type, length=str(LIMIT * 3).encode())
    await BodyLimit(exchange.app, limit=LIMIT)(scope, exchange.receive, exchange.send)
    assert exchange.status == 204
    assert exchange.seen_by_app is not None
    assert len(exchange.seen_by_app[0]["body"]) == LIMIT * 3


async def test_other_types_are_limited_too() -> None:
    for content_type in (b"application/x-www-form-urlencoded", b"text/plain", b""):
        exchange = Recorder(b"x" * (LIMIT + 1))
        await BodyLimit(exchange.app, limit=LIMIT)(http_scope(content_type), exchange.receive, exchange.send)
        assert exchange.status == 413, content_type


async def test_scopes_that_are_not_http_pass_through() -> None:
    seen: list[str] = []

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    async def receive() -> Message:
        raise AssertionError("not read by the middleware")

    async def send(message: Message) -> None:
        raise AssertionError("nothing sent by the middleware")

    limit = BodyLimit(inner, limit=0)
    await limit({"type": "websocket", "path": "/live", "headers": []}, receive, send)
    await limit({"type": "lifespan"}, receive, send)
    assert seen == ["websocket", "lifespan"]
