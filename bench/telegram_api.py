"""The /telegram/* endpoints at data-lake size, against a real uvicorn, and the old approach beside them.

Seeds (once; ``--reseed`` to redo) a database of its own with ``generate_series``: 1,000,000 documents,
100,000 communications, 10,000 court events and 10,000 violations over three fictional cases. Then:
p50/p95 of every endpoint with one client, requests/s with 32 concurrent clients, and the old approach
(every row fetched, counted in Python) for the report and the action list.

Run:  .venv/bin/python bench/telegram_api.py [--server postgresql://postgres@127.0.0.1:5432/postgres]
      .venv/bin/python bench/telegram_api.py --smoke      (2,000 documents, a few requests: checks the script)
Targets (2 cores): p95 ≤ 50 ms (search ≤ 150 ms); report ≥ 2,000 req/s with 32 clients; ≥ 100× the old way.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import psycopg
import psycopg.rows
from psycopg import sql

from aseagi.kit import migrate
from aseagi.kit.db import libpq_url

VOCABULARY = (
    "hearing notice mother father child detention jurisdiction disposition review petition order court "
    "social worker report visit placement relative grandmother foster school doctor therapy counseling "
    "services reunification declaration perjury penalty telephone email letter mailed served service "
    "continuance department county counsel attorney judge minute finding sustained dismissed icwa tribe "
    "ancestry inquiry safety plan drug test negative positive missed attended appeal writ deadline "
    "removal warrant police officer statement interview observed bruise injury medical records "
    "transcript exhibit evidence contradiction timeline calendar schedule weekend holiday mediation "
    "custody support residence housing employment income transportation bus clinic pediatric dental"
).split()
OLD_DOCUMENT_COLUMNS = (
    "id, case_id, file_name, sha256, status, status_reason, text, document_date, relevancy_score, "
    "micro_score, "
    "macro_score, legal_score, smoking_gun, review_status, created_at, processed_at"
)
"""``select("*")`` as the old code did, minus the ``search`` column it never had."""
ENDPOINTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("search", {"query": "perjury telephone", "limit": 5}),
    ("search", {"query": '"notice mailed" OR icwa -dental', "limit": 5}),
    ("timeline", {"days": 30}),
    ("violations", {"limit": 10}),
    ("actions", {"limit": 10}),
    ("report", {}),
    ("deadline", {"limit": 10}),
)


@dataclass(frozen=True)
class Sizes:
    documents: int
    communications: int
    events: int
    violations: int


# --- database --------------------------------------------------------------------------------------


def database_url(server: str, name: str) -> str:
    info = psycopg.conninfo.conninfo_to_dict(server)
    info["dbname"] = name
    return "postgresql://?" + "&".join(f"{k}={v}" for k, v in info.items() if v is not None)


def ensure_database(server: str, name: str, reseed: bool) -> tuple[str, bool]:
    """The bench database, migrated; True when it must be (re)seeded."""
    with psycopg.connect(server, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and reseed:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = database_url(server, name)
    migrate.upgrade(url)
    with psycopg.connect(url) as connection:
        seeded = connection.execute(
            "SELECT count(*) FROM cases WHERE docket_number LIKE 'BENCH-%'"
        ).fetchone()
    return url, not (seeded and seeded[0])


def _words(count: str, seed: str) -> str:
    """SQL for ``count`` words from the vocabulary, skewed so a few words are common and most are rare."""
    n = len(VOCABULARY)
    return (
        "array_to_string(ARRAY(SELECT (%(vocab)s::text[])[1 + floor("
        + str(n)
        + " * power(random(), 2.5))::int] "
        f"FROM generate_series(1, {count}) AS w WHERE w > 0 * {seed}), ' ')"
    )


SEED_SQL = (
    """
INSERT INTO cases (docket_number, name) VALUES
  ('BENCH-J-0001', 'Bench case one'), ('BENCH-J-0002', 'Bench case two'),
  ('BENCH-FL-0003', 'Bench case three');
CREATE TEMP TABLE bench_cases AS SELECT row_number() OVER (ORDER BY docket_number) - 1 AS n, id
  FROM cases WHERE docket_number LIKE 'BENCH-%%';
""",
    """
INSERT INTO legal_documents (case_id, file_name, sha256, content_hash, status, status_reason, text,
    document_date, relevancy_score, micro_score, macro_score, legal_score, smoking_gun, review_status,
    created_at, updated_at, processed_at)
SELECT c.id, 'document-' || i || '.pdf', md5(i::text) || md5((-i)::text), md5(i::text),
    CASE WHEN i %% 100 = 7 THEN 'failed' WHEN i %% 200 = 3 THEN 'queued' ELSE 'done' END,
    CASE WHEN i %% 100 = 7 THEN 'encrypted PDF' END,
    """
    + _words("12 + i %% 25", "i")
    + " || chr(12) || "
    + _words("20", "i")
    + """,
    current_date - (i %% 3000), (i::bigint * 7919) %% 1000, (i::bigint * 31) %% 1000,
    (i::bigint * 17) %% 1000,
    (i::bigint * 13) %% 1000,
    i %% 500 = 0, CASE WHEN i %% 1000 = 0 THEN 'reviewed' ELSE 'unreviewed' END,
    now() - (i %% 2000) * interval '1 hour', now() - (i %% 2000) * interval '1 hour',
    now() - (i %% 2000) * interval '1 hour'
FROM generate_series(1, %(documents)s) AS i JOIN bench_cases c ON c.n = i %% 3;
""",
    """
INSERT INTO communications (case_id, channel, sender, sent_at, subject, content, position)
SELECT c.id, (ARRAY['email','sms','whatsapp','letter','call'])[1 + i %% 5],
    (ARRAY['Sam Worker','Pat Lawyer','Alex Parent','Dana Foster'])[1 + i %% 4],
    now() - (i %% 5000) * interval '3 hours', CASE WHEN i %% 5 = 0 THEN 'Re: visit ' || i END,
    """
    + _words("8 + i %% 20", "i")
    + """, i
FROM generate_series(1, %(communications)s) AS i JOIN bench_cases c ON c.n = i %% 3;
""",
    """
INSERT INTO court_events (case_id, event_date, event_type, title, source, rule_id, citation, description)
SELECT c.id, current_date + ((i %% 1460) - 730),
    (ARRAY['jurisdiction_hearing','filing','order','deadline','review_hearing'])[1 + i %% 5],
    'Event ' || i, CASE WHEN i %% 5 = 3 THEN 'rule' ELSE 'document' END,
    CASE WHEN i %% 5 = 3 THEN 'rule.' || (i %% 17) END, CASE WHEN i %% 5 = 3 THEN 'WIC 366.21(e)' END,
    'Fictional event number ' || i
FROM generate_series(1, %(events)s) AS i JOIN bench_cases c ON c.n = i %% 3;
""",
    """
INSERT INTO legal_violations (case_id, violation_type, severity, violation_date, person, description,
    legal_basis, review_status)
SELECT c.id, 'Violation ' || (i %% 40), (ARRAY['CRITICAL','HIGH','MEDIUM','LOW'])[1 + i %% 4],
    current_date - (i %% 1500), 'Sam Worker', 'Fictional finding ' || i, 'WIC 319(b)',
    (ARRAY['suspected','verified','dismissed'])[1 + i %% 3]
FROM generate_series(1, %(violations)s) AS i JOIN bench_cases c ON c.n = i %% 3;
""",
    """
INSERT INTO processing_batches (job_id, source, status, done, failed, started_at)
VALUES ('bench-running', '/bench/inbox', 'running', 12000, 30, now() - interval '20 minutes'),
       ('bench-old', '/bench/old', 'done', 500000, 900, now() - interval '10 days');
""",
)


def seed(url: str, sizes: Sizes) -> None:
    """Fill the tables in one transaction; secondary indexes are dropped first and rebuilt after (faster)."""
    params = {
        "vocab": VOCABULARY,
        "documents": sizes.documents,
        "communications": sizes.communications,
        "events": sizes.events,
        "violations": sizes.violations,
    }
    tables = ("legal_documents", "communications", "court_events", "legal_violations")
    with psycopg.connect(url) as connection:
        indexes = connection.execute(
            "SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = ANY(%s) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)",
            (list(tables),),
        ).fetchall()
        for name, _ in indexes:
            connection.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
        for step in SEED_SQL:
            started = time.perf_counter()
            connection.execute(step, params)
            log(
                f"  seeded {step.split('INTO')[1].split()[0] if 'INTO' in step else 'cases'} "
                f"in {time.perf_counter() - started:.1f} s"
            )
        for name, definition in indexes:
            started = time.perf_counter()
            connection.execute(definition)
            log(f"  index {name} in {time.perf_counter() - started:.1f} s")
    with psycopg.connect(url, autocommit=True) as connection:
        for table in (*tables, "cases", "processing_batches"):
            connection.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(table)))


def create_token(url: str) -> str:
    from aseagi.security.tokens import hash_token

    secret = "asg_bench_" + os.urandom(12).hex()
    with psycopg.connect(url) as connection:
        connection.execute(
            "INSERT INTO api_tokens (id, name, token_hash, prefix, scope) "
            "VALUES (gen_random_uuid(), %s, %s, %s, 'read')",
            (f"bench-{secret[-6:]}", hash_token(secret), secret[:10]),
        )
    return secret


# --- the server ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Server:
    base: str
    pids: tuple[int, ...]
    """The uvicorn processes (the parent, and its workers when there are several)."""

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.pids)


def process_cpu_seconds(pids: Iterable[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _children(pid: int) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in open(f"/proc/{pid}/task/{pid}/children").read().split())
    except OSError:
        return ()


@contextmanager
def api_server(url: str, workers: int) -> Iterator[Server]:
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, ASEAGI_LOG_LEVEL="WARNING")
    argv = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "aseagi.app:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
        "--workers",
        str(workers),
    ]
    process = subprocess.Popen(argv, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise SystemExit("the API did not become healthy within 60 s")
        yield Server(base, (process.pid, *_children(process.pid)))
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


# --- measurements ----------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def latency(base: str, token: str, requests: int, case: str | None) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
        for path, params in ENDPOINTS:
            query = dict(params, **({"case": case} if case else {}))
            for _ in range(5):
                (await client.get(f"/telegram/{path}", params=query)).raise_for_status()
            timings: list[float] = []
            for _ in range(requests):
                started = time.perf_counter()
                response = await client.get(f"/telegram/{path}", params=query)
                timings.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
            label = f"{path} {params.get('query', '')}".strip()
            log(
                f"  {label:<44} p50 {statistics.median(timings):7.1f} ms"
                f"   p95 {percentile(timings, 0.95):7.1f} ms"
                f"   (count {response.json().get('count', response.json().get('total_documents'))})"
            )


@dataclass(frozen=True)
class Throughput:
    per_second: float
    server_ms: float
    """CPU of the uvicorn process(es) per request."""
    client_ms: float
    """CPU of this process (the httpx clients) per request: on the same two cores, it competes."""
    failed: int


async def throughput(server: Server, token: str, path: str, clients: int, seconds: float) -> Throughput:
    headers = {"Authorization": f"Bearer {token}"}
    done = failed = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=server.base, headers=headers, timeout=30, limits=limits) as client:
        warm = [client.get(path) for _ in range(clients)]
        await asyncio.gather(*warm, return_exceptions=True)

        async def worker() -> None:
            nonlocal done, failed
            while time.monotonic() < stop:
                try:
                    (await client.get(path)).raise_for_status()
                    done += 1
                except httpx.HTTPError as exc:
                    failed += 1
                    if failed <= 3:
                        log(f"    {path}: {type(exc).__name__}: {exc}")

        stop = time.monotonic() + seconds
        started, cpu, me = time.monotonic(), server.cpu_seconds(), time.process_time()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.monotonic() - started
        per = 1000 / max(done, 1)
        return Throughput(
            per_second=done / elapsed,
            server_ms=(server.cpu_seconds() - cpu) * per,
            client_ms=(time.process_time() - me) * per,
            failed=failed,
        )


def old_report(url: str, today: date) -> dict[str, Any]:
    """The old bot backend: ``select("*")`` of each table, then counting in Python."""
    by_status: Counter[str] = Counter()
    guns = 0
    with psycopg.connect(url) as connection:
        with connection.cursor(name="all_documents", row_factory=psycopg.rows.dict_row) as cursor:
            cursor.itersize = 5000
            cursor.execute(f"SELECT {OLD_DOCUMENT_COLUMNS} FROM legal_documents")
            for row in cursor:
                by_status[row["status"]] += 1
                guns += bool(row["smoking_gun"])
        rows = connection.cursor(row_factory=psycopg.rows.dict_row)
        violations = rows.execute("SELECT * FROM legal_violations").fetchall()
        events = rows.execute("SELECT * FROM court_events").fetchall()
    upcoming = [e for e in events if e["event_date"] >= today]
    hearing = min((e["event_date"] for e in upcoming if "hearing" in e["event_type"]), default=None)
    return {
        "total_documents": sum(by_status.values()),
        "smoking_guns": guns,
        "violations": len(violations),
        "critical": sum(v["severity"] == "CRITICAL" for v in violations),
        "next_hearing": str(hearing),
    }


def old_actions(url: str, today: date) -> int:
    horizon = today + timedelta(days=14)
    actions = 0
    with psycopg.connect(url) as connection:
        with connection.cursor(name="all_documents", row_factory=psycopg.rows.dict_row) as cursor:
            cursor.itersize = 5000
            cursor.execute(f"SELECT {OLD_DOCUMENT_COLUMNS} FROM legal_documents")
            for row in cursor:
                if (row["smoking_gun"] and row["review_status"] == "unreviewed") or row["status"] == "failed":
                    actions += 1
        rows = connection.cursor(row_factory=psycopg.rows.dict_row)
        for event in rows.execute("SELECT * FROM court_events"):
            actions += event["event_type"] == "deadline" and today <= event["event_date"] <= horizon
        for violation in rows.execute("SELECT * FROM legal_violations"):
            actions += violation["severity"] == "CRITICAL" and violation["review_status"] == "suspected"
    return actions


def median_seconds(function: Any, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def wrk(url: str, token: str, connections: int) -> str:
    """Requests per second and p99 latency from wrk (Debian's package), after a 2 s warm-up."""
    command = ["wrk", "-t1", f"-c{connections}", "-H", f"Authorization: Bearer {token}", "--latency"]
    subprocess.run([*command, "-d2s", url], capture_output=True, check=False)
    out = subprocess.run([*command, "-d8s", url], capture_output=True, text=True, check=False).stdout
    rate = next((line.split()[-1] for line in out.splitlines() if "Requests/sec" in line), "?")
    p99 = next((line.split()[-1] for line in out.splitlines() if line.strip().startswith("99%")), "?")
    return f"{float(rate):7.0f} req/s   p99 {p99}" if rate != "?" else "wrk failed"


def log(message: str) -> None:
    print(message, flush=True)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default_server = (
        os.environ.get("ASEAGI_TEST_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--server", default=default_server, help="PostgreSQL server (any database on it).")
    parser.add_argument("--database", default="aseagi_bench_telegram")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="A tiny run that checks the script works.")
    parser.add_argument("--requests", type=int, default=200, help="Requests per endpoint for p50/p95.")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes.")
    parser.add_argument("--skip-old", action="store_true")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    sizes = Sizes(1_000_000, 100_000, 10_000, 10_000)
    if args.smoke:
        sizes = Sizes(2_000, 200, 100, 100)
        args.database += "_smoke"
        args.requests, args.seconds = 5, 1.0
    url, needs_seed = ensure_database(libpq_url(args.server), args.database, args.reseed or args.smoke)
    if needs_seed:
        log(f"seeding {sizes} into {args.database}")
        seed(url, sizes)
    token = create_token(url)
    headers = {"Authorization": f"Bearer {token}"}
    runs = 3 if args.smoke else 7

    with api_server(url, args.workers) as server:
        for case in (None, "BENCH-J-0001"):
            log(f"\none client, {args.requests} requests per endpoint, case {case or 'all'}")
            asyncio.run(latency(server.base, token, args.requests, case))
        log(
            f"\n{args.clients} concurrent clients, {args.seconds:.0f} s each"
            f" (uvicorn workers: {args.workers})"
        )
        for path in ("/", "/health", "/telegram/report", "/telegram/actions?limit=10", "/telegram/deadline"):
            result = asyncio.run(throughput(server, token, path, args.clients, args.seconds))
            capacity = 1000 / result.server_ms if result.server_ms else 0
            log(
                f"  {path:<28} {result.per_second:6.0f} req/s   CPU per request:"
                f" server {result.server_ms:4.2f} ms,"
                f" httpx clients {result.client_ms:4.2f} ms   (one server core: ~{capacity:,.0f} req/s)"
                + (f"   {result.failed} FAILED" if result.failed else "")
            )
        if shutil.which("wrk"):
            log(
                f"\n{args.clients} connections from wrk (a C client: the httpx clients above cost more CPU"
                " than the server on the same two cores), 8 s each"
            )
            for path in ("/", "/telegram/report", "/telegram/actions?limit=10", "/telegram/deadline"):
                log(f"  {path:<28} {wrk(server.base + path, token, args.clients)}")
        with httpx.Client(base_url=server.base, headers=headers, timeout=60) as client:
            report = f"{server.base}/telegram/report"
            cached = median_seconds(lambda: client.get(report).raise_for_status(), runs * 5)
            fresh = median_seconds(
                lambda: client.get(report, params={"refresh": True}).raise_for_status(), runs
            )
            actions = median_seconds(
                lambda: client.get("/telegram/actions", params={"limit": 10}).raise_for_status(), runs * 5
            )
    log(
        f"\nreport: {cached * 1000:.1f} ms served (cached ≤ 10 s),"
        f" {fresh * 1000:.1f} ms recomputed (refresh=true)"
    )
    log(f"actions: {actions * 1000:.1f} ms")
    if args.skip_old:
        return
    log("\nthe old approach (fetch every row, filter in Python), median of 3")
    today = date.today()
    old = median_seconds(lambda: old_report(url, today), 3)
    log(f"  report   {old:7.2f} s   → {old / cached:,.0f}× the served report, {old / fresh:,.0f}× recomputed")
    old = median_seconds(lambda: old_actions(url, today), 3)
    log(f"  actions  {old:7.2f} s   → {old / actions:,.0f}× faster")


if __name__ == "__main__":
    main()
