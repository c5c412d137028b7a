"""The API under a property-based fuzzer: schemathesis, driven by the app's own ``/openapi.json``.

The real app runs under uvicorn on a loopback port, against a database of its own (committed seed rows: a
case, documents with stored originals, an event, a violation, a communication), called with an admin
token. Every operation gets about 25 generated requests, valid and invalid; none may answer 5xx, with a
status its documentation does not list, or with a body its documented schema does not describe.

Not fuzzed: the WebSockets ``/ws/updates`` and ``/ws/scanning``. OpenAPI cannot describe them (they are
not in ``/openapi.json``), and their refusals are tested in ``tests/live``.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.app import create_app
from aseagi.config import Settings
from aseagi.ingestion.storage import BlobStore
from aseagi.kit import migrate
from aseagi.kit.db import create_engine, sqlalchemy_url
from aseagi.models import Case, Communication, CourtEvent, LegalDocument, LegalViolation
from aseagi.security.tokens import create_token
from tests.fixtures.database import temporary_database

pytestmark = pytest.mark.slow

EXAMPLES_PER_OPERATION = 25
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]

DOCKET = "JV-2025-000001"
UNICODE_DOCKET = "JV-2025-ÉTÉ-☃"
"""Stored names outside Latin-1 end up in headers (``Content-Disposition``) and file names."""
CASE_ID = uuid.UUID("0a5e0000-0000-4000-8000-000000000001")
DOCUMENT_ID = uuid.UUID("d0c00000-0000-4000-8000-000000000001")
FAILED_DOCUMENT_ID = uuid.UUID("d0c00000-0000-4000-8000-000000000002")
EVENT_ID = uuid.UUID("e0e00000-0000-4000-8000-000000000001")
VIOLATION_ID = uuid.UUID("0b1a0000-0000-4000-8000-000000000001")
COMMUNICATION_ID = uuid.UUID("c0330000-0000-4000-8000-000000000001")
"""Fixed ids, so the fuzzer can be told to use them: random ids would only ever reach the 404 paths."""

HOSTILE_TEXT = [
    "\x00",
    f"{DOCKET}\x00",
    "",
    " ",
    "\u2028",
    "%00",
    "../../etc/passwd",
    "'; DROP TABLE cases; --",
    "0000-00-00",
    "x" * 10_000,
]
"""Values an outside fuzzer found, or that break databases: NUL, blanks, paths, SQL, a long string."""
HOSTILE_NUMBERS = [-1, 0, 2**31, 2**63, 10**30]
"""Past int4 and int8."""


def _bind(dictionary: str, probability: float) -> dict[str, object]:
    return {"dictionary": dictionary, "probability": probability}


FUZZ_CONFIG = {
    "seed": 20261203,
    "generation": {
        "mode": "all",
        "max-examples": EXAMPLES_PER_OPERATION,
        "database": "none",  # no .hypothesis folder, and every run the same
        "dictionaries": {"string": _bind("hostile", 0.2), "integer": _bind("numbers", 0.2)},
    },
    "dictionaries": {
        "hostile": {"values": HOSTILE_TEXT},
        "numbers": {"values": HOSTILE_NUMBERS},
        "cases": {"values": [DOCKET, str(CASE_ID), UNICODE_DOCKET]},
        "documents": {"values": [str(DOCUMENT_ID), str(FAILED_DOCUMENT_ID)]},
        "events": {"values": [str(EVENT_ID)]},
        "violations": {"values": [str(VIOLATION_ID)]},
        "communications": {"values": [str(COMMUNICATION_ID)]},
    },
    "parameters": {
        "path.case": _bind("cases", 0.5),
        "query.case": _bind("cases", 0.3),
        "body.case": _bind("cases", 0.5),
        "path.document_id": _bind("documents", 0.5),
        "body.document_id": _bind("documents", 0.5),
        "path.event_id": _bind("events", 0.5),
        "path.violation_id": _bind("violations", 0.5),
        "path.communication_id": _bind("communications", 0.5),
    },
    "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
}


async def _seed(url: str, blobs: BlobStore, folder: Path) -> str:
    """Rows a fuzzer cannot create by itself (documents, messages), committed; returns an admin token."""
    engine = create_engine(sqlalchemy_url(url))
    try:
        async with AsyncSession(engine, expire_on_commit=False) as session:
            case = Case(id=CASE_ID, docket_number=DOCKET, name="In re the fictional child")
            session.add_all([case, Case(docket_number=UNICODE_DOCKET, name="Procès fictif")])
            await session.flush()
            original = folder / "minute-order.txt"
            original.write_bytes(b"Minute order\nDetention hearing held on March 5, 2024")
            blob = blobs.put_file(original)
            document = LegalDocument(
                id=DOCUMENT_ID,
                case_id=case.id,
                file_name="minute order – été ☃.txt",
                mime_type="text/plain",
                sha256=blob.sha256,
                content_hash=blob.sha256,
                storage_key=blob.key,
                size_bytes=blob.size,
                status="done",
                text="Minute order\fDetention hearing held on March 5, 2024",
                title="Minute order",
                relevancy_score=700,
                smoking_gun=True,
            )
            failed = LegalDocument(
                id=FAILED_DOCUMENT_ID,
                case_id=case.id,
                file_name="broken.pdf",
                status="failed",
                status_reason="encrypted",
            )
            session.add_all([document, failed])
            await session.flush()
            session.add_all(
                [
                    CourtEvent(
                        id=EVENT_ID,
                        case_id=case.id,
                        document_id=document.id,
                        event_date=date(2024, 3, 5),
                        event_type="detention_hearing",
                        title="Detention hearing",
                        source="manual",
                    ),
                    LegalViolation(
                        id=VIOLATION_ID,
                        case_id=case.id,
                        document_id=document.id,
                        violation_type="late_report",
                        severity="HIGH",
                        description="The report was filed after the deadline.",
                        source="manual",
                    ),
                    Communication(
                        id=COMMUNICATION_ID,
                        case_id=case.id,
                        document_id=document.id,
                        channel="email",
                        sender="worker@agency.example",
                        recipients=["parent@example.org"],
                        sent_at=datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
                        subject="Hearing notice",
                        content="The detention hearing is on March 5.",
                    ),
                ]
            )
            _, secret = await create_token(session, name="fuzzer", scope="admin")
            await session.commit()
            return secret
    finally:
        await engine.dispose()


class _Server:
    """``uvicorn`` serving the app as production does, in a process of its own (the fuzzer gets the other
    core), configured through the environment: its own engine, data folder and lifespan."""

    def __init__(self, url: str, data_dir: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log = data_dir.parent / "api.log"
        self.environment = os.environ | {
            "DATABASE_URL": url,
            "ASEAGI_DATA_DIR": str(data_dir),
            "ASEAGI_LOG_LEVEL": "WARNING",
        }
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> str:
        command = [sys.executable, "-m", "uvicorn", "--factory", "aseagi.app:create_app"]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, env=self.environment, stdout=log, stderr=log)
        base_url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if httpx.get(f"{base_url}/", timeout=1).status_code == 200:
                    return base_url
            except httpx.TransportError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"the API did not start for the fuzzer: {self.log.read_text()[-2000:]}")

    def __exit__(self, *_: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def fuzzed_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("fuzz")
    settings = Settings(ASEAGI_DATA_DIR=folder / "data")  # type: ignore[call-arg]
    with temporary_database("aseagi_fuzz") as url:
        migrate.upgrade(url)
        with ThreadPoolExecutor(1) as thread:  # a loop of its own, whatever runs in this thread
            token = thread.submit(asyncio.run, _seed(url, BlobStore(settings.blob_url), folder)).result()
        with _Server(url, settings.data_dir) as base_url:
            yield base_url, token


def _schema() -> schemathesis.BaseSchema:
    """The document the running app serves: building it needs no database, so tests can be made from it."""
    app = create_app(Settings(ASEAGI_DATA_DIR=Path("/nonexistent")))  # type: ignore[call-arg]
    return schemathesis.openapi.from_dict(app.openapi(), config=schemathesis.Config.from_dict(FUZZ_CONFIG))


schema = _schema()


@schema.parametrize()
def test_api_survives_the_fuzzer(case: schemathesis.Case, fuzzed_api: tuple[str, str]) -> None:
    base_url, token = fuzzed_api
    case.call_and_validate(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
