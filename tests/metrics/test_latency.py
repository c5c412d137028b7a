"""Request latency by route (``metrics/latency.py``): one histogram sample per HTTP request, labelled by
the route's template (never the raw path), the method and the status; unmatched paths share one label,
and anything that is not HTTP passes through untimed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from prometheus_client import CollectorRegistry, Histogram
from starlette.types import Message, Receive, Scope, Send

from aseagi.metrics.latency import BUCKETS, RequestLatency, request_histogram, route_label

NAME = "aseagi_http_request_duration_seconds"


def count(registry: CollectorRegistry, route: str, method: str, status: str) -> float:
    value = registry.get_sample_value(f"{NAME}_count", {"route": route, "method": method, "status": status})
    return value or 0.0


def series(registry: CollectorRegistry) -> set[tuple[str, str, str]]:
    return {
        (sample.labels["route"], sample.labels["method"], sample.labels["status"])
        for family in registry.collect()
        for sample in family.samples
        if sample.name == f"{NAME}_count"
    }


def timed_app() -> tuple[FastAPI, CollectorRegistry]:
    app = FastAPI()

    @app.get("/documents/{document_id}")
    async def document(document_id: str) -> dict[str, str]:
        return {"id": document_id}

    @app.post("/cases", status_code=201)
    async def create_case() -> dict[str, str]:
        return {"docket_number": "JV-2099-000301"}

    @app.get("/refused")
    async def refused() -> JSONResponse:
        return JSONResponse({"error": "no"}, status_code=403)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("fictional failure")

    registry = CollectorRegistry()
    app.add_middleware(RequestLatency, histogram=request_histogram(registry))
    return app, registry


@pytest.fixture
async def http() -> AsyncIterator[tuple[httpx.AsyncClient, CollectorRegistry]]:
    app, registry = timed_app()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client, registry


async def test_requests_are_labelled_by_route_template_not_path(
    http: tuple[httpx.AsyncClient, CollectorRegistry],
) -> None:
    client, registry = http
    for document_id in ("doc-1", "doc-2", "doc-3"):
        assert (await client.get(f"/documents/{document_id}")).status_code == 200
    assert count(registry, "/documents/{document_id}", "GET", "200") == 3
    assert series(registry) == {("/documents/{document_id}", "GET", "200")}, "one series whatever the ids"
    total = registry.get_sample_value(
        f"{NAME}_sum", {"route": "/documents/{document_id}", "method": "GET", "status": "200"}
    )
    assert total is not None and total >= 0


async def test_method_and_status_are_labels(http: tuple[httpx.AsyncClient, CollectorRegistry]) -> None:
    client, registry = http
    assert (await client.post("/cases")).status_code == 201
    assert (await client.get("/refused")).status_code == 403
    assert count(registry, "/cases", "POST", "201") == 1
    assert count(registry, "/refused", "GET", "403") == 1


async def test_unmatched_paths_share_one_label(http: tuple[httpx.AsyncClient, CollectorRegistry]) -> None:
    client, registry = http
    for path in ("/no/such/path", "/another-one", "/documents"):
        assert (await client.get(path)).status_code == 404
    assert count(registry, "unmatched", "GET", "404") == 3
    assert series(registry) == {("unmatched", "GET", "404")}


async def test_a_failing_endpoint_is_timed_as_500(http: tuple[httpx.AsyncClient, CollectorRegistry]) -> None:
    client, registry = http
    assert (await client.get("/boom")).status_code == 500
    assert count(registry, "/boom", "GET", "500") == 1


def test_the_histogram_and_its_buckets() -> None:
    registry = CollectorRegistry()
    histogram = request_histogram(registry)
    assert isinstance(histogram, Histogram)
    assert list(BUCKETS) == sorted(BUCKETS)
    histogram.labels("/cases", "GET", "200").observe(0.03)
    assert (
        registry.get_sample_value(
            f"{NAME}_bucket", {"route": "/cases", "method": "GET", "status": "200", "le": "0.025"}
        )
        == 0
    )
    assert (
        registry.get_sample_value(
            f"{NAME}_bucket", {"route": "/cases", "method": "GET", "status": "200", "le": "0.05"}
        )
        == 1
    )
    assert (
        registry.get_sample_value(
            f"{NAME}_bucket", {"route": "/cases", "method": "GET", "status": "200", "le": "+Inf"}
        )
        == 1
    )


def test_one_histogram_per_registry() -> None:
    """Each app has its own registry, so two apps in one process never clash; one registry takes one."""
    first, second = CollectorRegistry(), CollectorRegistry()
    request_histogram(first)
    request_histogram(second)
    with pytest.raises(ValueError, match="Duplicated"):
        request_histogram(first)


@pytest.mark.parametrize(
    ("route", "label"),
    [
        (
            SimpleNamespace(path_format="/documents/{document_id}", path="/documents/{document_id:uuid}"),
            "/documents/{document_id}",
        ),
        (SimpleNamespace(path="/cases"), "/cases"),
        (SimpleNamespace(path_format="", path="/fallback"), "/fallback"),
        (SimpleNamespace(path=""), "unmatched"),
        (SimpleNamespace(), "unmatched"),
        (None, "unmatched"),
    ],
)
def test_route_label(route: object, label: str) -> None:
    assert route_label({"type": "http", "route": route}) == label


def test_route_label_without_a_route() -> None:
    assert route_label({"type": "http"}) == "unmatched"


async def _nothing() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def test_other_scopes_pass_through_untimed() -> None:
    registry = CollectorRegistry()
    seen: list[str] = []

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    async def send(message: Message) -> None:
        raise AssertionError("nothing is sent")

    middleware = RequestLatency(inner, request_histogram(registry))
    await middleware({"type": "websocket", "path": "/live"}, _nothing, send)
    await middleware({"type": "lifespan"}, _nothing, send)
    assert seen == ["websocket", "lifespan"]
    assert series(registry) == set()


async def test_the_status_sent_before_a_failure_is_kept_and_the_failure_raised() -> None:
    """A response that started (a stream) and then failed is labelled with the status it sent."""
    registry = CollectorRegistry()
    sent: list[Message] = []

    async def streams_then_fails(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"part", "more_body": True})
        raise RuntimeError("fictional failure mid-stream")

    async def send(message: Message) -> None:
        sent.append(message)

    middleware = RequestLatency(streams_then_fails, request_histogram(registry))
    with pytest.raises(RuntimeError, match="mid-stream"):
        await middleware({"type": "http", "method": "GET", "path": "/export"}, _nothing, send)
    assert [message["type"] for message in sent] == ["http.response.start", "http.response.body"]
    assert series(registry) == {("unmatched", "GET", "200")}


async def test_no_response_at_all_is_500_and_a_missing_method_is_get() -> None:
    registry = CollectorRegistry()

    async def fails(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("fictional failure before any response")

    async def send(message: Message) -> None:
        raise AssertionError("nothing is sent")

    middleware = RequestLatency(fails, request_histogram(registry))
    with pytest.raises(RuntimeError):
        await middleware({"type": "http", "path": "/x"}, _nothing, send)
    assert series(registry) == {("unmatched", "GET", "500")}
