"""``/metrics``: the Prometheus text a scraper parses, its figures from the database, and its token."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


def samples(body: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample by (name, sorted labels): parsing with Prometheus's own parser proves the format."""
    found = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def seed(session: AsyncSession) -> None:
    """Documents in three statuses (two finished just now, one an hour ago) and jobs in two queues."""
    await session.execute(
        text(
            "INSERT INTO legal_documents (file_name, status, processed_at) VALUES "
            "('a.pdf', 'done', now()), ('b.pdf', 'done', now() - interval '1 hour'), "
            "('c.pdf', 'failed', now()), ('d.pdf', 'queued', NULL), ('e.pdf', 'queued', NULL), "
            "('f.pdf', 'queued', NULL)"
        )
    )
    await session.execute(
        text(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args, status) VALUES "
            "('ingest', 'aseagi.ingest_document', '{}', 'todo'), "
            "('ingest', 'aseagi.ingest_document', '{}', 'todo'), "
            "('ingest', 'aseagi.ingest_document', '{}', 'doing'), "
            "('analysis', 'aseagi.analyze_case', '{}', 'failed')"
        )
    )
    await session.flush()


async def test_metrics_report_documents_queue_and_rate(
    client: httpx.AsyncClient, session: AsyncSession, read_headers: dict[str, str]
) -> None:
    before = samples((await client.get("/metrics", headers=read_headers)).text)
    await seed(session)
    response = await client.get("/metrics", headers=read_headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    after = samples(response.text)

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after[key] - before.get(key, 0.0)

    assert grew("aseagi_documents", status="done") == 2
    assert grew("aseagi_documents", status="failed") == 1
    assert grew("aseagi_documents", status="queued") == 3
    assert ("aseagi_documents", (("status", "unsupported"),)) in after  # every status, zero or not
    assert grew("aseagi_queue_jobs", queue="ingest", status="todo") == 2
    assert grew("aseagi_queue_jobs", queue="ingest", status="doing") == 1
    assert grew("aseagi_queue_jobs", queue="analysis", status="failed") == 1
    assert after[("aseagi_queue_jobs", (("queue", "discovery"), ("status", "todo")))] >= 0
    # the hour-old document is outside the window; the two finished now are in it
    assert grew("aseagi_documents_processed_last_minute") == 2


async def test_request_latency_is_recorded_by_route_template(
    client: httpx.AsyncClient, read_headers: dict[str, str]
) -> None:
    missing = "00000000-0000-0000-0000-000000000001"
    for _ in range(3):
        await client.get(f"/documents/{missing}", headers=read_headers)
    await client.get("/no/such/path", headers=read_headers)
    body = (await client.get("/metrics", headers=read_headers)).text
    found = samples(body)
    counts = {
        labels: value
        for (name, labels), value in found.items()
        if name == "aseagi_http_request_duration_seconds_count"
    }
    by_route = {dict(labels)["route"]: value for labels, value in counts.items()}
    assert by_route.get("/documents/{document_id}") == 3, by_route
    assert missing not in body  # ids never become labels
    assert by_route.get("unmatched", 0) >= 1
    buckets = [
        labels
        for (name, labels), _ in found.items()
        if name == "aseagi_http_request_duration_seconds_bucket"
        and dict(labels)["route"] == "/documents/{document_id}"
    ]
    assert {dict(labels)["le"] for labels in buckets} >= {"0.1", "1.0", "+Inf"}


async def test_metrics_need_a_valid_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/metrics")).status_code == 401
    assert (
        await client.get("/metrics", headers={"Authorization": "Bearer asg_not-a-real-token-at-all"})
    ).status_code == 401
    assert (await client.get("/health")).status_code == 200  # the liveness probe stays open
