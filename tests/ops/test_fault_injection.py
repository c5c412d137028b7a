"""Issue 7's fault-injection run: 4 workers on one batch of 5,000 mixed files; one worker is killed with
SIGKILL, the database restarts, and one worker's temporary folder fills up. At the end every file has
exactly one outcome (done, duplicate, failed with a reason, or unsupported) and the batch's counts equal
the rows.

ASEAGI_FAULT_FILES sets the number of files (default 5,000)."""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select

from aseagi.config import Settings
from aseagi.ingestion import batches
from aseagi.kit import migrate
from aseagi.kit.db import create_engine, libpq_url, session_factory, transaction
from aseagi.kit.embedded import embedded_database_url
from aseagi.models import DocumentOccurrence, LegalDocument, ProcessingBatch
from tests.fixtures.corpus_files import email_with_attachment, minute_order, sms_backup, text_pdf

pytestmark = pytest.mark.slow
FILES = int(os.environ.get("ASEAGI_FAULT_FILES", "5000"))


def build_inbox(folder: Path, count: int) -> None:
    rng = random.Random(11)
    pdf_bytes: list[bytes] = []
    for i in range(count):
        kind = rng.random()
        path = folder / f"{i % 50:02}" / f"file-{i:05}"
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind < 0.30:
            text_pdf(path.with_suffix(".pdf"), minute_order(i)[:1])
            if len(pdf_bytes) < 50:
                pdf_bytes.append(path.with_suffix(".pdf").read_bytes())
        elif kind < 0.60:
            path.with_suffix(".txt").write_text(
                f"Case No. JV-2025-{i:06}\nVisit requested on March {i % 28 + 1}, 2025."
            )
        elif kind < 0.75 and pdf_bytes:
            email_with_attachment(path.with_suffix(".eml"), rng.choice(pdf_bytes))  # attachments: duplicates
        elif kind < 0.80:
            sms_backup(path.with_suffix(".xml"))  # the same bytes every time: duplicates after the first
        elif kind < 0.90 and pdf_bytes:
            path.with_suffix(".pdf").write_bytes(rng.choice(pdf_bytes))  # a copy of an earlier PDF
        elif kind < 0.95:
            path.with_suffix(".pdf").write_bytes(rng.randbytes(2000))
        else:
            path.with_suffix(".doc").write_bytes(b"")


@dataclass
class Supervisor:
    """Restarts workers that exit, as systemd or compose would."""

    url: str
    data_dir: Path
    logs: Path
    processes: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)
    environments: dict[int, dict[str, str]] = field(default_factory=dict)
    restarts: int = 0

    def start(self, slot: int, **env: str) -> None:
        self.environments.setdefault(slot, env)
        log = open(self.logs / f"worker-{slot}-{self.restarts}.log", "wb")
        self.processes[slot] = subprocess.Popen(
            [sys.executable, "-m", "aseagi", "worker", "--concurrency", "1", "--stalled-after", "4"],
            env={
                **os.environ,
                "DATABASE_URL": self.url,
                "ASEAGI_DATA_DIR": str(self.data_dir),
                "ASEAGI_LOG_LEVEL": "WARNING",
                **self.environments[slot],
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def keep_alive(self) -> None:
        for slot, process in list(self.processes.items()):
            if process.poll() is not None:
                self.restarts += 1
                self.start(slot)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.processes.values():
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def small_tmp(tmp_path: Path) -> Iterator[Path | None]:
    """A 1 MiB tmpfs for one worker's TMPDIR (root only); None where mounting is not allowed."""
    folder = tmp_path / "small-tmp"
    folder.mkdir()
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True
        ).returncode
        == 0
    )
    yield folder if mounted else None
    if mounted:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def restart_database(pgdata: Path) -> None:
    """Stop the embedded server (fast: open connections are cut) and start it again the way pgserver does."""
    from pgserver._commands import pg_ctl

    socket_dir = _socket_dir(pgdata)
    user = "pgserver" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=60)
    pg_ctl(
        ["-w", "-o", '-h ""', "-o", f"-k {socket_dir}", "-l", str(pgdata / "log"), "start"],
        pgdata=pgdata,
        user=user,
        timeout=60,
    )


def _socket_dir(pgdata: Path) -> str:
    """postmaster.pid's fifth line is the socket directory."""
    return (pgdata / "postmaster.pid").read_text().splitlines()[4]


async def test_faults_lose_nothing_and_double_nothing(tmp_path: Path, small_tmp: Path | None) -> None:
    # Outside pytest's own temporary root, whose permissions pytest may reset to 0700 under the server user.
    pgdata_root = Path(tempfile.mkdtemp(prefix="aseagi-fault-pg-"))
    url = libpq_url(embedded_database_url(pgdata_root))
    migrate.upgrade(url)
    settings = Settings(ASEAGI_DATA_DIR=tmp_path / "data")  # type: ignore[call-arg]
    inbox = settings.allowed_ingest_roots[0] / "lake"
    inbox.mkdir(parents=True)
    build_inbox(inbox, FILES)
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), pool_size=2)
    sessions = session_factory(engine)
    supervisor = Supervisor(url, settings.data_dir, tmp_path)
    for slot in range(4):
        supervisor.start(slot, **({"TMPDIR": str(small_tmp)} if slot == 3 and small_tmp else {}))
    async with transaction(sessions) as session:
        job_id = (await batches.start(session, settings, source=str(inbox), case="FAULTS")).job_id

    faults: list[str] = []
    deadline = time.monotonic() + 1500
    while True:
        supervisor.keep_alive()
        try:
            async with sessions() as session:
                status = await batches.status(session, job_id)
        except Exception:  # the database is restarting
            await asyncio.sleep(0.5)
            continue
        done = status.counts.done + status.counts.duplicate + status.counts.failed + status.counts.unsupported
        if "kill" not in faults and done >= FILES * 0.1:
            supervisor.processes[0].send_signal(signal.SIGKILL)
            faults.append("kill")
        elif "restart" not in faults and done >= FILES * 0.3:
            restart_database(pgdata_root / "pgdata")
            faults.append("restart")
        elif "fill" not in faults and done >= FILES * 0.5 and small_tmp is not None:
            with open(small_tmp / "filler", "wb") as filler:
                try:
                    filler.write(b"\0" * (2 * 1024 * 1024))
                except OSError:
                    pass  # full, as intended
            faults.append("fill")
        if status.status != "running":
            break
        assert time.monotonic() < deadline, status.model_dump_json()
        await asyncio.sleep(0.5)
    supervisor.stop()

    assert status.status == "done", status.model_dump_json()
    assert {"kill", "restart"} <= set(faults)
    c = status.counts
    async with sessions() as session:
        batch_id = await session.scalar(select(ProcessingBatch.id).where(ProcessingBatch.job_id == job_id))
        per_source = dict(
            (
                await session.execute(
                    select(DocumentOccurrence.source, func.count())
                    .where(DocumentOccurrence.batch_id == batch_id)
                    .group_by(DocumentOccurrence.source)
                )
            ).all()
        )
        documents = await session.scalar(select(func.count()).select_from(LegalDocument))
        reasonless = await session.scalar(
            select(func.count())
            .select_from(LegalDocument)
            .where(LegalDocument.status.in_(("failed", "unsupported")), LegalDocument.status_reason.is_(None))
        )
    await engine.dispose()
    top_level = {str(p) for p in inbox.rglob("*") if p.is_file()}
    assert top_level <= set(per_source), "every file in the lake has an outcome"
    assert set(per_source.values()) == {1}, "and only one"
    assert c.discovered == len(per_source) == c.done + c.duplicate + c.failed + c.unsupported
    assert documents == c.done + c.failed + c.unsupported
    assert reasonless == 0
    print(
        f"fault injection: {FILES} files, {c.discovered} with members; done {c.done}, "
        f"duplicate {c.duplicate}, failed {c.failed}, unsupported {c.unsupported}; faults {faults}; "
        f"worker restarts {supervisor.restarts}"
    )
    shutil.rmtree(inbox, ignore_errors=True)
    shutil.rmtree(pgdata_root, ignore_errors=True)
