"""Input the database cannot take is refused at the edge with a 4xx naming the field, never a 500."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.api.headers import attachment
from aseagi.api.valid_text import clean_file_name, find_unstorable
from aseagi.config import Settings
from aseagi.models import Case, LegalDocument


async def _case(session: AsyncSession, docket: str = "JV-2025-004242") -> Case:
    case = Case(docket_number=docket, name="In re the fictional child")
    session.add(case)
    await session.flush()
    return case


def _refused(response: httpx.Response, status: int, where: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) >= {"code", "message"}
    assert where in error["message"], error
    return dict(error)


@pytest.mark.parametrize(
    "path", ["/documents", "/telegram/search", "/telegram/timeline", "/events", "/stats/documents"]
)
@pytest.mark.parametrize("bad", ["JV\x00-1", "\x00"])
async def test_nul_in_a_query_parameter_is_a_422_naming_it(
    client: httpx.AsyncClient, read_headers: dict[str, str], path: str, bad: str
) -> None:
    params = {"case": bad, "query": "hearing"}
    error = _refused(await client.get(path, params=params, headers=read_headers), 422, "query.case")
    assert error["code"] == "invalid_request"
    assert error["detail"] == [{"where": "query.case", "problem": error["message"].split(": ", 1)[1]}]


async def test_nul_in_a_path_parameter_is_a_422_naming_it(
    client: httpx.AsyncClient, read_headers: dict[str, str]
) -> None:
    _refused(await client.get("/cases/JV%00-1", headers=read_headers), 422, "path.case")
    _refused(await client.get("/process/status/a%00b", headers=read_headers), 422, "path.job_id")


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ('{"docket_number": "JV-1\\u0000", "name": "x"}', "body.docket_number"),
        ('{"docket_number": "JV-12", "name": "a\\ud800b"}', "body.name"),
    ],
)
async def test_nul_or_lone_surrogate_in_json_is_a_422_naming_the_field(
    client: httpx.AsyncClient, write_headers: dict[str, str], body: str, where: str
) -> None:
    headers = write_headers | {"content-type": "application/json"}
    _refused(await client.post("/cases", content=body, headers=headers), 422, where)


async def test_nested_json_keys_and_values_are_checked(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str]
) -> None:
    case = await _case(session)
    body = {
        "case": case.docket_number,
        "violation_type": "late_report",
        "description": "Filed late.",
        "evidence": [{"quote": "fine"}, {"bad\u0000key": "value"}],
    }
    response = await client.post("/violations", json=body, headers=write_headers)
    _refused(response, 422, "body.evidence.1.bad\\u0000key")
    json.dumps(response.json(), ensure_ascii=False).encode()  # the echo itself is valid UTF-8


async def test_a_form_field_with_nul_is_refused(
    client: httpx.AsyncClient, write_headers: dict[str, str]
) -> None:
    response = await client.post(
        "/process/document",
        files={"file": ("note.txt", b"hello")},
        data={"case": "JV\x00"},
        headers=write_headers,
    )
    _refused(response, 422, "body.case")


def _multipart(file_name: bytes, content: bytes, case: bytes | None = None) -> tuple[bytes, str]:
    """A multipart body written by hand: httpx would percent-encode the NUL we mean to send."""
    boundary = "aseagi-test-boundary"
    parts = [
        f"--{boundary}\r\n".encode()
        + b'Content-Disposition: form-data; name="file"; filename="'
        + file_name
        + b'"\r\nContent-Type: text/plain\r\n\r\n'
        + content
        + b"\r\n"
    ]
    if case is not None:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="case"\r\n\r\n'.encode() + case + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


async def test_upload_name_is_cleaned_before_anything_is_written(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str], settings: Settings
) -> None:
    content = b"Declaration of the social worker " + uuid.uuid4().bytes
    body, content_type = _multipart(b"..\\..\\evil\x00na\xffme.txt", content)
    response = await client.post(
        "/process/document", content=body, headers=write_headers | {"content-type": content_type}
    )
    assert response.status_code == 202, response.text
    row = await session.get(LegalDocument, uuid.UUID(response.json()["document_id"]))
    assert row is not None and row.file_name.startswith("evilna") and row.file_name.endswith("me.txt")
    assert "\x00" not in row.file_name and "/" not in row.file_name and "\\" not in row.file_name
    blobs = [p for p in (settings.data_dir / "blobs").rglob("*") if p.is_file()]
    assert [p.name for p in blobs] == [row.sha256], "one blob, and it belongs to the document"


async def test_a_refused_upload_leaves_no_orphaned_blob(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str], settings: Settings
) -> None:
    before = await session.scalar(select(func.count()).select_from(LegalDocument))
    body, content_type = _multipart(b"a\x00b.txt", b"x" * 10, case=b"JV\x00")
    response = await client.post(
        "/process/document", content=body, headers=write_headers | {"content-type": content_type}
    )
    assert response.status_code == 422, response.text
    blobs = settings.data_dir / "blobs"
    assert not blobs.exists() or not any(p.is_file() for p in blobs.rglob("*"))
    assert await session.scalar(select(func.count()).select_from(LegalDocument)) == before


async def test_patch_case_with_an_empty_name_is_a_422(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str]
) -> None:
    case = await _case(session)
    for body, where in (({"name": ""}, "body.name"), ({"case_type": None}, "body.case_type")):
        response = await client.patch(f"/cases/{case.docket_number}", json=body, headers=write_headers)
        _refused(response, 422, where)


@pytest.mark.parametrize("path", ["/events", "/violations"])
async def test_creating_with_a_missing_document_is_a_422_with_the_reason(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str], path: str
) -> None:
    case = await _case(session)
    body: dict[str, object] = {"case": case.docket_number, "document_id": str(uuid.uuid4())}
    if path == "/events":
        body |= {"event_date": "2025-05-01", "event_type": "review_hearing", "title": "Review"}
    else:
        body |= {"violation_type": "late_report", "description": "Filed late."}
    error = _refused(await client.post(path, json=body, headers=write_headers), 422, "body.document_id")
    assert "no document" in str(error["message"])


@pytest.mark.parametrize(
    "cursor",
    [
        "WzEsIDJd",  # [1, 2]
        "WyIyMDI1LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwgMTIzXQ==",  # ["2025-01-01T00:00:00+00:00", 123]
        "not base64!",
        "bnVsbA==",  # null
    ],
)
async def test_bad_cursors_are_400(
    client: httpx.AsyncClient, read_headers: dict[str, str], cursor: str
) -> None:
    response = await client.get("/documents", params={"cursor": cursor}, headers=read_headers)
    _refused(response, 400, "invalid cursor")


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"limit": 10**30}, "query.limit"),
        ({"offset": -1}, "query.offset"),
        ({"min_score": 2**70}, "query.min_score"),
        ({"date_from": "99999-01-01"}, "query.date_from"),
    ],
)
async def test_out_of_range_numbers_and_dates_are_422(
    client: httpx.AsyncClient, read_headers: dict[str, str], params: dict[str, object], where: str
) -> None:
    _refused(await client.get("/documents", params=params, headers=read_headers), 422, where)


def test_clean_file_name() -> None:
    assert clean_file_name("../../etc/passwd") == "passwd"
    assert clean_file_name("C:\\Users\\me\\a\x00b.pdf") == "ab.pdf"
    assert clean_file_name("\udcff\udcfe") == "upload"
    assert clean_file_name("..") == "upload"
    assert clean_file_name(None) == "upload"
    assert len(clean_file_name("x" * 1000)) == 255


def test_find_unstorable_names_the_deepest_field() -> None:
    assert find_unstorable({"a": [1, {"b": "ok"}, {"c": "\x00"}]}, "body") == "body.a.2.c"
    assert find_unstorable({"a": ["fine", 1.5, None]}, "body") is None
    assert find_unstorable("\ud800", "query.q") == "query.q"


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
async def test_case_dates_past_the_rules_calendar_are_422(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str], day: str
) -> None:
    case = await _case(session)
    body = {"case": case.docket_number, "event_date": day, "event_type": "removal", "title": "Removal"}
    _refused(await client.post("/events", json=body, headers=write_headers), 422, "body.event_date")


@pytest.mark.parametrize("day", ["2199-12-31", "1900-01-01"])
async def test_case_analysis_runs_with_events_at_the_ends_of_the_calendar(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str], day: str
) -> None:
    case = await _case(session)
    for kind in ("removal", "detention_hearing", "disposition_hearing"):
        body = {"case": case.docket_number, "event_date": day, "event_type": kind, "title": kind}
        assert (await client.post("/events", json=body, headers=write_headers)).status_code == 201
    analyzed = await client.post(f"/cases/{case.docket_number}/analyze", headers=write_headers)
    assert analyzed.status_code == 200, analyzed.text
    calendar = await client.get(f"/cases/{case.docket_number}/deadlines.ics", headers=write_headers)
    assert calendar.status_code == 200 and calendar.text.startswith("BEGIN:VCALENDAR")


async def test_a_json_body_past_the_ceiling_is_413_before_it_is_read(
    client: httpx.AsyncClient, write_headers: dict[str, str]
) -> None:
    huge = json.dumps({"docket_number": "JV-1", "name": "x" * (3 * 1024 * 1024)})
    headers = write_headers | {"content-type": "application/json"}
    error = _refused(await client.post("/cases", content=huge, headers=headers), 413, "larger than")
    assert error["code"] == "payload_too_large"

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(40):
            yield b" " * 100_000

    streamed = await client.post("/cases", content=chunks(), headers=headers)
    assert streamed.status_code == 413


async def test_document_corrections_refuse_blank_values(
    client: httpx.AsyncClient, session: AsyncSession, write_headers: dict[str, str]
) -> None:
    case = await _case(session)
    document = LegalDocument(case_id=case.id, file_name="order.pdf", status="done")
    session.add(document)
    await session.flush()
    url = f"/documents/{document.id}"
    for body, where in (
        ({"docket_number": "   "}, "body.docket_number"),
        ({"title": ""}, "body.title"),
        ({"review_status": None}, "body.review_status"),
    ):
        _refused(await client.patch(url, json=body, headers=write_headers), 422, where)
    fixed = await client.patch(url, json={"docket_number": "jv 2025 7", "title": None}, headers=write_headers)
    assert fixed.status_code == 200 and fixed.json()["docket_number"] == "JV-2025-7"


async def test_downloads_named_after_any_docket_keep_a_valid_header(
    client: httpx.AsyncClient, write_headers: dict[str, str]
) -> None:
    created = await client.post("/cases", json={"docket_number": 'JV-☃ "é"'}, headers=write_headers)
    assert created.status_code == 201, created.text
    response = await client.get(f"/cases/{created.json()['id']}/deadlines.ics", headers=write_headers)
    assert response.status_code == 200, response.text
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="deadlines-JV-_-_.ics"')
    assert "filename*=UTF-8''deadlines-JV-%E2%98%83-%22%C3%89%22.ics" in disposition


def test_attachment_header() -> None:
    assert attachment("minute order.pdf") == (
        "attachment; filename=\"minute order.pdf\"; filename*=UTF-8''minute%20order.pdf"
    )
    assert attachment('a"\r\nb.pdf').startswith('attachment; filename="a_b.pdf"')
    attachment("\udcff.pdf").encode("latin-1")  # a lone surrogate cannot break the header either


@pytest.mark.parametrize("fmt", ["docx", "pdf", "csv"])
async def test_chronology_exports_take_control_characters_and_markup(
    client: httpx.AsyncClient, session: AsyncSession, admin_headers: dict[str, str], fmt: str
) -> None:
    """Found by the fuzzer: an event title with a control character made chronology.docx a 500."""
    case = await _case(session)
    body = {
        "case": case.docket_number,
        "event_date": "2025-05-01",
        "event_type": "review_hearing",
        "title": "Review\x01 hearing <b>&amp; \x0b",
    }
    assert (await client.post("/events", json=body, headers=admin_headers)).status_code == 201
    response = await client.get(
        f"/cases/{case.id}/chronology.{fmt}", params={"redaction": "false"}, headers=admin_headers
    )
    assert response.status_code == 200, response.text
