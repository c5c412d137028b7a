"""Bulk inserts through unnest: every value arrives as it was sent, defaults apply, conflicts are skipped."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from typing import Any, cast

import pytest
from sqlalchemy import Table, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.cases import repository as cases
from aseagi.kit import bulk
from aseagi.kit.storable import JsonText
from aseagi.models import Case, Communication, LegalDocument

DOCUMENTS = cast(Table, LegalDocument.__table__)
COMMUNICATIONS = cast(Table, Communication.__table__)
ON_SHA256 = "ON CONFLICT (case_id, sha256) WHERE sha256 IS NOT NULL DO NOTHING"


def _document(case_id: uuid.UUID, **values: Any) -> dict[str, Any]:
    return {"id": uuid.uuid4(), "case_id": case_id, "file_name": "a.pdf", **values}


async def test_values_of_every_type_arrive_unchanged_and_defaults_apply(session: AsyncSession) -> None:
    case_id = (await cases.get_or_create(session, "JV-BULK-1")).id
    full = _document(
        case_id,
        sha256="a" * 64,
        text='quote " backslash \\ comma , braces {} é 漢',
        document_date=date(2025, 3, 4),
        processed_at=datetime(2025, 3, 4, 9, 30, tzinfo=UTC),
        page_count=3,
        smoking_gun=True,
        metadata={"author": "Clerk", "pages": [1, 2], "nested": {"none": None}},
        fraud_indicators=[{"kind": "date", "quote": "x"}],
    )
    sparse = _document(case_id, sha256=None, status="failed", status_reason="encrypted")
    inserted = await bulk.insert_rows(
        session, DOCUMENTS, [full, sparse], on_conflict=ON_SHA256, returning="id"
    )
    assert set(inserted) == {full["id"], sparse["id"]}
    rows = {
        row.id: row
        for row in await session.scalars(select(LegalDocument).where(LegalDocument.case_id == case_id))
    }
    got = rows[full["id"]]
    assert got.text == full["text"]
    assert (got.document_date, got.processed_at, got.page_count, got.smoking_gun) == (
        date(2025, 3, 4),
        datetime(2025, 3, 4, 9, 30, tzinfo=UTC),
        3,
        True,
    )
    assert got.metadata_ == full["metadata"] and got.fraud_indicators == full["fraud_indicators"]
    other = rows[sparse["id"]]
    assert (other.status, other.status_reason, other.micro_score, other.metadata_) == (
        "failed",
        "encrypted",
        0,
        {},
    )
    assert other.fraud_indicators == [] and other.smoking_gun is False


async def test_conflicting_rows_are_skipped_and_not_returned(session: AsyncSession) -> None:
    case_id = (await cases.get_or_create(session, "JV-BULK-2")).id
    first = _document(case_id, sha256="b" * 64)
    again = _document(case_id, sha256="b" * 64, file_name="copy.pdf")
    fresh = _document(case_id, sha256="c" * 64)
    assert await bulk.insert_rows(session, DOCUMENTS, [first], on_conflict=ON_SHA256, returning="id") == [
        first["id"]
    ]
    inserted = await bulk.insert_rows(
        session, DOCUMENTS, [again, fresh], on_conflict=ON_SHA256, returning="id"
    )
    assert inserted == [fresh["id"]]


async def test_text_arrays_keep_their_elements(session: AsyncSession) -> None:
    case_id = (await cases.get_or_create(session, "JV-BULK-3")).id
    document = _document(case_id, sha256="d" * 64)
    await bulk.insert_rows(session, DOCUMENTS, [document])
    recipients = [['"Smith, J." <j@x.example>', "back\\slash", "{braces}", "NULL", ""], [], None]
    rows = [
        {
            "case_id": case_id,
            "document_id": document["id"],
            "position": i,
            "channel": "email",
            "content": "hi",
        }
        | ({"recipients": r} if r is not None else {})
        for i, r in enumerate(recipients)
    ]
    await bulk.insert_rows(session, COMMUNICATIONS, rows)
    stored = (
        await session.scalars(
            select(Communication.recipients)
            .where(Communication.document_id == document["id"])
            .order_by(Communication.position)
        )
    ).all()
    assert stored == [recipients[0], [], []]  # a missing list takes the column's default, empty


async def test_many_rows_go_in_bounded_statements(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 7)
    case_id = (await cases.get_or_create(session, "JV-BULK-4")).id
    rows = [_document(case_id, sha256=f"{i:064x}") for i in range(30)]
    inserted = await bulk.insert_rows(session, DOCUMENTS, rows, on_conflict=ON_SHA256, returning="id")
    assert sorted(inserted) == sorted(row["id"] for row in rows)


async def test_json_already_written_is_stored_as_json_and_cleaned(session: AsyncSession) -> None:
    case_id = (await cases.get_or_create(session, "JV-BULK-5")).id
    written = JsonText(json.dumps({"quote": "a\x00b", "ok": 'é \\ "x"', "n": [1, None]}))
    document = _document(case_id, sha256="e" * 64, analysis=written, metadata={"k\x00": "\udcff"})
    await bulk.insert_rows(session, DOCUMENTS, [document])
    row = await session.get(LegalDocument, document["id"])
    assert row is not None
    assert row.analysis == {"quote": "a b", "ok": 'é \\ "x"', "n": [1, None]}
    assert row.metadata_ == {"k ": "\ufffd"}


async def test_a_refused_row_raises_sqlalchemys_error_and_the_session_goes_on(session: AsyncSession) -> None:
    case_id = (await cases.get_or_create(session, "JV-BULK-6")).id
    with pytest.raises(IntegrityError):  # the score is out of its range: a check constraint
        async with session.begin_nested():
            await bulk.insert_rows(session, DOCUMENTS, [_document(case_id, micro_score=5000)])
    good = _document(case_id, sha256="f" * 64)
    assert await bulk.insert_rows(session, DOCUMENTS, [good], returning="id") == [good["id"]]


async def test_what_the_session_holds_is_written_first(session: AsyncSession) -> None:
    case = Case(id=uuid.uuid4(), docket_number="JV-BULK-7")
    session.add(case)  # not flushed: the bulk insert refers to it all the same
    document = _document(case.id)
    await bulk.insert_rows(session, DOCUMENTS, [document])
    assert (await session.get(LegalDocument, document["id"])) is not None
