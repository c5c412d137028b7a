"""``GET /metrics``: Prometheus text format, behind a read token like every endpoint but / and /health.

Prometheus sends the token with ``authorization: {type: Bearer, credentials_file: …}`` in its scrape
config (docs/deployment.md). The database figures are read at scrape time, so every API replica reports
the same deployment-wide values; the latency histogram is this process's own.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from aseagi.api.deps import ReadToken, SessionDep
from aseagi.metrics import repository
from aseagi.metrics.latency import RequestLatency, request_histogram
from aseagi.metrics.schemas import DatabaseSnapshot

router = APIRouter(tags=["service"])


class SnapshotCollector(Collector):
    """Turns one database snapshot into gauge families (collected once, then discarded)."""

    def __init__(self, snapshot: DatabaseSnapshot) -> None:
        self.snapshot = snapshot

    def collect(self) -> Iterator[GaugeMetricFamily]:
        documents = GaugeMetricFamily(
            "aseagi_documents", "Documents (unique originals) by processing status.", labels=["status"]
        )
        for status, count in sorted(self.snapshot.documents_by_status.items()):
            documents.add_metric([status], count)
        yield documents
        queue = GaugeMetricFamily(
            "aseagi_queue_jobs", "Jobs in the shared queue by queue and status.", labels=["queue", "status"]
        )
        for row in self.snapshot.queue:
            queue.add_metric([row.queue, row.status], row.jobs)
        yield queue
        yield GaugeMetricFamily(
            "aseagi_documents_processed_last_minute",
            "Documents whose processing finished in the last 60 seconds (all workers).",
            value=self.snapshot.processed_last_minute,
        )


def install(app: FastAPI) -> None:
    """Give ``app`` its own registry (so several apps in one process never clash) and time its requests."""
    registry = CollectorRegistry(auto_describe=True)
    app.state.metrics_registry = registry
    app.add_middleware(RequestLatency, histogram=request_histogram(registry))


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
async def metrics(request: Request, session: SessionDep, _: ReadToken) -> Response:
    """Documents by status, queue depth, processing rate and request latency, for Prometheus."""
    scrape = CollectorRegistry(auto_describe=True)
    scrape.register(SnapshotCollector(await repository.snapshot(session)))
    body = generate_latest(scrape)
    registry: CollectorRegistry | None = getattr(request.app.state, "metrics_registry", None)
    if registry is not None:
        body += generate_latest(registry)
    return Response(content=body, media_type=CONTENT_TYPE_LATEST)
