"""Request latency by route: a plain ASGI middleware feeding one Prometheus histogram per app.

The label is the route's template (``/documents/{document_id}``), never the raw path, so the number of
series stays fixed whatever ids are requested; unmatched paths share one ``unmatched`` label.
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CollectorRegistry, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def request_histogram(registry: CollectorRegistry) -> Histogram:
    return Histogram(
        "aseagi_http_request_duration_seconds",
        "Time from request to the end of the response, by route template, method and status.",
        ("route", "method", "status"),
        buckets=BUCKETS,
        registry=registry,
    )


def route_label(scope: Scope) -> str:
    route: Any = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return str(template) if template else "unmatched"


class RequestLatency:
    """Times each HTTP request (WebSockets are long-lived and not timed)."""

    def __init__(self, app: ASGIApp, histogram: Histogram) -> None:
        self.app = app
        self.histogram = histogram

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_recording_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_recording_status)
        finally:
            self.histogram.labels(route_label(scope), scope.get("method", "GET"), str(status)).observe(
                time.perf_counter() - started
            )
