"""A small fictional case written straight to a committed database, and a bulk seed for timing.

Everything here is invented (DEMO names only). Offsets in the analysis point at real passages of the
texts below, so the viewer's highlighting can be checked against them.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

DOCKET = "JV-2025-001234"
ORDER_TEXT = (
    "SUPERIOR COURT OF CALIFORNIA, COUNTY OF DEMO\nCase No. JV-2025-001234\nMINUTE ORDER\f"
    "Detention hearing held. The court finds notice was not given under "
    "Welf. & Inst. Code, § 319, subd. (b).\n"
    "Next hearing: jurisdiction hearing."
)
DECLARATION_TEXT = (
    "DECLARATION OF SOCIAL WORKER DEMO\nThe mother was notified by phone on March 2, 2025.\n"
    "I declare under penalty of perjury that the foregoing is true."
)
PHONE_LOG_TEXT = "03/02/2025 no calls\n03/03/2025 09:12 incoming Agency Demo 2 min"


@dataclass(frozen=True)
class Seeded:
    case_id: uuid.UUID
    order_id: uuid.UUID
    declaration_id: uuid.UUID
    phone_log_id: uuid.UUID
    critical_violation_id: uuid.UUID
    high_violation_id: uuid.UUID
    today: dt.date


def _span(text: str, quote: str, page_text: str | None = None) -> dict[str, Any]:
    page_texts = text.split("\f")
    for number, page in enumerate(page_texts, start=1):
        if quote in page:
            start = page.index(quote)
            return {"page": number, "start": start, "end": start + len(quote), "quote": quote}
    raise ValueError(quote)


def _order_analysis(order_id: uuid.UUID) -> dict[str, Any]:
    citation = _span(ORDER_TEXT, "Welf. & Inst. Code, § 319, subd. (b)")
    docket = _span(ORDER_TEXT, "JV-2025-001234")
    hearing = _span(ORDER_TEXT, "Detention hearing held")
    return {
        "analyzer": "local",
        "document_type": "minute_order",
        "docket_numbers": [DOCKET],
        "dockets": [
            {
                "text": DOCKET,
                "normalized": DOCKET,
                "kind": "juvenile",
                "in_caption": True,
                "evidence": {**docket, "document_id": str(order_id)},
            }
        ],
        "dates": [],
        "citations": [{"text": citation["quote"], "normalized": "WIC 319(b)", "kind": "statute", **citation}],
        "parties": [],
        "court_events": [
            {
                "event_date": "2025-03-05",
                "event_type": "detention_hearing",
                "title": "Detention hearing",
                "evidence": {**hearing, "document_id": str(order_id)},
            }
        ],
        "statements": [],
        "scores": {
            name: {
                "value": value,
                "breakdown": [{"factor": f"{name} factor", "points": value, "evidence": citation}],
            }
            for name, value in (("micro", 910), ("macro", 930), ("legal", 950), ("relevancy", 950))
        },
    }


def _insert_document(conn: psycopg.Connection[Any], case_id: uuid.UUID, **values: Any) -> uuid.UUID:
    values = {"case_id": case_id, "status": "done", "processed_at": dt.datetime.now(dt.UTC), **values}
    for key in ("analysis", "fraud_indicators", "perjury_indicators"):
        if key in values:
            values[key] = Jsonb(values[key])
    columns = ", ".join(values)
    placeholders = ", ".join(f"%({k})s" for k in values)
    row = conn.execute(
        f"INSERT INTO legal_documents ({columns}) VALUES ({placeholders}) RETURNING id", values
    ).fetchone()
    assert row is not None
    return uuid.UUID(str(row[0]))


def seed_case(database_url: str, blob_root: Path | None = None, original: bytes | None = None) -> Seeded:
    today = dt.date.today()
    with psycopg.connect(database_url) as conn:
        case_id = uuid.UUID(
            str(
                conn.execute(
                    "INSERT INTO cases (docket_number, name) VALUES (%s, 'In re Demo Child') RETURNING id",
                    (DOCKET,),
                ).fetchone()[0]
            )
        )  # type: ignore[index]
        order_id = uuid.uuid4()
        storage: dict[str, Any] = {}
        if blob_root is not None and original is not None:
            from aseagi.ingestion.storage import BlobStore

            blob = BlobStore(str(blob_root)).put_file(_temporary(original))
            storage = {
                "storage_key": blob.key,
                "sha256": blob.sha256,
                "size_bytes": blob.size,
                "page_count": 2,
            }
        _insert_document(
            conn,
            case_id,
            id=order_id,
            file_name="minute-order-2025-03-05.pdf",
            mime_type="application/pdf",
            document_type="minute_order",
            document_date=dt.date(2025, 3, 5),
            docket_number=DOCKET,
            text=ORDER_TEXT,
            analysis=_order_analysis(order_id),
            micro_score=910,
            macro_score=930,
            legal_score=950,
            relevancy_score=950,
            smoking_gun=True,
            **({"sha256": "ab" * 32} | storage),
        )
        phone_log_id = _insert_document(
            conn,
            case_id,
            file_name="phone-log-march.txt",
            document_type="phone_log",
            document_date=dt.date(2025, 3, 3),
            text=PHONE_LOG_TEXT,
            relevancy_score=400,
            sha256="cd" * 32,
        )
        statement = _span(DECLARATION_TEXT, "The mother was notified by phone on March 2, 2025.")
        log_line = _span(PHONE_LOG_TEXT, "03/02/2025 no calls")
        declaration_id = uuid.uuid4()
        _insert_document(
            conn,
            case_id,
            id=declaration_id,
            file_name="sw-declaration.pdf",
            document_type="declaration",
            document_date=dt.date(2025, 3, 4),
            text=DECLARATION_TEXT,
            relevancy_score=720,
            legal_score=700,
            sha256="ef" * 32,
            perjury_indicators=[
                {
                    "kind": "contradicted_sworn_statement",
                    "description": "Sworn statement contradicted: phone log shows no call on March 2",
                    "confidence": 0.9,
                    "evidence": [
                        {**statement, "document_id": str(declaration_id)},
                        {**log_line, "document_id": str(phone_log_id)},
                    ],
                }
            ],
            fraud_indicators=[
                {
                    "kind": "dated_before_event",
                    "description": "signed before the call it reports",
                    "confidence": 0.6,
                    "evidence": [{**statement, "document_id": str(declaration_id)}],
                }
            ],
        )
        _insert_document(
            conn,
            case_id,
            file_name="broken-scan.pdf",
            status="failed",
            status_reason="PDF is encrypted",
            sha256="01" * 32,
        )
        violations = []
        for severity, kind, basis, description in (
            ("CRITICAL", "notice_not_given", "WIC 290.1", "Parents not notified of the detention hearing"),
            (
                "HIGH",
                "late_jurisdiction_hearing",
                "WIC 334",
                "Jurisdiction hearing held after 15 judicial days",
            ),
            ("MEDIUM", "icwa_inquiry_missing", "WIC 224.2", "No ICWA inquiry recorded"),
        ):
            row = conn.execute(
                "INSERT INTO legal_violations (case_id, document_id, violation_type, severity, "
                "violation_date, description, legal_basis, evidence, source) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 'local') "
                "RETURNING id",
                (
                    case_id,
                    order_id,
                    kind,
                    severity,
                    dt.date(2025, 3, 5),
                    description,
                    basis,
                    Jsonb([{**_span(ORDER_TEXT, "notice was not given"), "document_id": str(order_id)}]),
                ),
            ).fetchone()
            violations.append(uuid.UUID(str(row[0])))  # type: ignore[index]
        for offset, kind, title, citation in (
            (-200, "detention_hearing", "Detention hearing", None),
            (-150, "order", "Order after detention", None),
            (3, "deadline", "Notice of appeal due", "CRC 8.406(a)"),
            (12, "jurisdiction_hearing", "Jurisdiction hearing, Dept. 3", None),
            (40, "deadline", "Six-month review due", "WIC 366.21(e)"),
        ):
            conn.execute(
                "INSERT INTO court_events (case_id, document_id, event_date, event_type, title, citation, "
                "source) "
                "VALUES (%s, %s, %s, %s, %s, %s, 'document')",
                (case_id, order_id, today + dt.timedelta(days=offset), kind, title, citation),
            )
        conn.execute(
            "INSERT INTO processing_batches (job_id, case_id, source, status, discovered, queued, done, "
            "failed, "
            "unsupported, pages, discovery_done, last_errors) VALUES ('job-demo-1', %s, '/data/lake/demo', "
            "'running', 200, 200, 120, 3, 2, 480, true, %s)",
            (
                case_id,
                Jsonb(
                    [
                        {"source": "/data/lake/demo/a.pdf", "status": "failed", "reason": "PDF is encrypted"},
                        {"source": "/data/lake/demo/b.pdf", "status": "failed", "reason": "PDF is encrypted"},
                        {
                            "source": "/data/lake/demo/c.xyz",
                            "status": "unsupported",
                            "reason": "unknown format",
                        },
                    ]
                ),
            ),
        )
    return Seeded(case_id, order_id, declaration_id, phone_log_id, violations[0], violations[1], today)


def _temporary(data: bytes) -> Path:
    import tempfile

    handle = tempfile.NamedTemporaryFile(delete=False, suffix=".pdf")
    handle.write(data)
    handle.close()
    return Path(handle.name)


def seed_bulk(database_url: str, case_id: uuid.UUID, count: int) -> None:
    """``count`` more documents with spread scores, types, dates and statuses (SQL generate_series)."""
    analysis = json.dumps(
        {
            "citations": [
                {
                    "normalized": "WIC 300(b)",
                    "kind": "statute",
                    "text": "section 300(b)",
                    "page": 1,
                    "start": 0,
                    "end": 10,
                }
            ]
        }
    )
    with psycopg.connect(database_url) as conn:
        conn.execute(
            "INSERT INTO legal_documents (case_id, file_name, sha256, status, document_type, document_date, "
            "micro_score, macro_score, legal_score, relevancy_score, smoking_gun, text, analysis, "
            "processed_at) "
            "SELECT %s, 'bulk-' || g || '.pdf', md5(g::text) || md5((g + 1)::text), "
            "(ARRAY['done','done','done','done','failed','unsupported'])[1 + g %% 6], "
            "(ARRAY['minute_order','declaration','email','text_messages','social_worker_report',"
            "'letter'])[1 + g %% 6], "
            "DATE '2019-01-01' + (g %% 2400), (g * 7) %% 1000, (g * 13) %% 1000, (g * 17) %% 1000, "
            "(g * 31) %% 1000, (g * 31) %% 1000 >= 990, 'Bulk document ' || g || ' about notice and visits', "
            "CASE WHEN g %% 10 = 0 THEN %s::jsonb END, now() - (g || ' seconds')::interval "
            "FROM generate_series(1, %s) AS g",
            (case_id, analysis, count),
        )
        conn.execute("ANALYZE legal_documents")
