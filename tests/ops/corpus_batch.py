"""Ingest a folder as ONE batch through the real system: `aseagi api`, `aseagi worker`, PostgreSQL.

Used by ``test_corpus_pipeline.py`` (every file accounted for exactly once) and by ``bench/corpus.py``
(files and pages per minute, outcomes, time from the last file parsed to the batch's end). Nothing is
called in-process: the batch is started with ``POST /bulk/process`` and followed with
``GET /process/status``, as a user's script would.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = Path(os.environ.get("CORPUS_DIR") or ROOT.parent / "shared" / "corpus")
TERMINAL = {"done", "cancelled", "failed", "stalled"}


@dataclass
class BatchRun:
    """What one batch did, read back from the API and the database."""

    job_id: str
    status: dict[str, object]
    files: int
    seconds: float
    """From ``POST /bulk/process`` to the status turning terminal."""
    tail_seconds: float | None
    """From the last document's ``processed_at`` to the batch's ``finished_at``."""
    occurrences_per_path: dict[str, int] = field(default_factory=dict)
    """Top-level occurrences of this batch (archive and mail members excluded), per source path."""
    outcomes: dict[str, int] = field(default_factory=dict)
    """Top-level files by the status of the document they became."""
    reasonless: int = 0
    """Failed or unsupported documents without a reason."""
    reasons: dict[str, int] = field(default_factory=dict)
    """Top-level files that failed or are unsupported, by reason (its first 80 characters)."""

    @property
    def counts(self) -> dict[str, int]:
        return self.status["counts"]  # type: ignore[return-value]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def aseagi(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aseagi", *args], capture_output=True, text=True, timeout=300, env=env
    )


def copy_corpus(target: Path) -> int:
    """A private copy of the corpus (it is read-only and shared); returns the number of files."""
    shutil.copytree(CORPUS_DIR, target, symlinks=False)
    return sum(1 for path in target.rglob("*") if path.is_file())


def run_batch(
    database_url: str, data_dir: Path, source: Path, *, case: str, timeout: float, logs: Path
) -> BatchRun:
    """Start the API and one worker, ingest ``source`` (under ``data_dir/inbox``) and wait for the end."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ASEAGI_DATA_DIR": str(data_dir),
        "ASEAGI_API_PORT": str(port),
        "ASEAGI_LOG_LEVEL": "WARNING",
    }
    env.pop("ASEAGI_INGEST_ROOTS", None)
    upgraded = aseagi("db", "upgrade", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    created = aseagi("token", "create", "--name", "corpus-run", "--scope", "admin", env=env)
    assert created.returncode == 0, created.stderr
    headers = {"Authorization": f"Bearer {created.stdout.strip().splitlines()[-1]}"}
    logs.mkdir(parents=True, exist_ok=True)
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "aseagi", *argv],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(logs / f"{name}.log", "w"),
        )
        for name, argv in (("api", ["api"]), ("worker", ["worker"]))
    ]
    api = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=api, headers=headers, timeout=30) as client:
            wait_healthy(client, logs)
            started = time.monotonic()
            reply = client.post("/bulk/process", json={"source": str(source), "case": case})
            assert reply.status_code in (200, 201, 202), reply.text
            job_id = reply.json()["job_id"]
            deadline = started + timeout
            while True:
                status = client.get(f"/process/status/{job_id}").json()
                if status["status"] in TERMINAL:
                    break
                if time.monotonic() > deadline:
                    raise AssertionError(f"the batch never ended: {status}")
                time.sleep(1)
            seconds = time.monotonic() - started
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                child.kill()
    run = BatchRun(job_id=job_id, status=status, files=0, seconds=seconds, tail_seconds=None)
    read_back(database_url, run)
    return run


def wait_healthy(client: httpx.Client, logs: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if client.get("/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("the API never became healthy:\n" + (logs / "api.log").read_text()[-3000:])


def read_back(database_url: str, run: BatchRun) -> None:
    """Occurrences per path, outcomes and the tail, straight from the tables."""
    with psycopg.connect(database_url) as conn:
        batch_id, finished_at = conn.execute(
            "SELECT id, finished_at FROM processing_batches WHERE job_id = %s", (run.job_id,)
        ).fetchone()  # type: ignore[misc]
        # Members are recorded as "<parent sha256>/<member name>"; top-level files by their path.
        rows = conn.execute(
            """
            SELECT o.source, d.status, d.status_reason, count(*) OVER (PARTITION BY o.source)
            FROM document_occurrences o JOIN legal_documents d ON d.id = o.document_id
            WHERE o.batch_id = %s AND o.source LIKE '/%%'
            """,
            (batch_id,),
        ).fetchall()
        for source, status, reason, count in rows:
            run.occurrences_per_path[source] = count
            run.outcomes[status] = run.outcomes.get(status, 0) + 1
            if status in ("failed", "unsupported"):
                key = f"{status}: {(reason or '')[:80]}"
                run.reasons[key] = run.reasons.get(key, 0) + 1
        run.reasonless = conn.execute(
            """
            SELECT count(*) FROM legal_documents d
            WHERE d.status IN ('failed', 'unsupported') AND d.status_reason IS NULL
              AND EXISTS (SELECT 1 FROM document_occurrences o WHERE o.document_id = d.id
                          AND o.batch_id = %s)
            """,
            (batch_id,),
        ).fetchone()[0]  # type: ignore[index]
        last_parsed = conn.execute(
            """
            SELECT max(d.processed_at) FROM legal_documents d
            WHERE EXISTS (SELECT 1 FROM document_occurrences o WHERE o.document_id = d.id
                          AND o.batch_id = %s)
            """,
            (batch_id,),
        ).fetchone()[0]  # type: ignore[index]
    if finished_at is not None and last_parsed is not None:
        run.tail_seconds = (finished_at - last_parsed).total_seconds()
