"""ingestion/extract.py: what a parser process does with one file: parse, clean the pages, analyze."""

from __future__ import annotations

import json
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

import pytest
from tests.fixtures.corpus_files import minute_order, text_pdf, zip_of

from aseagi.ingestion.extract import ExtractRequest, FileStatus, clean_page, extract
from aseagi.ingestion.parsers import Limits, Page


def _request(tmp_path: Path, path: Path, **values: object) -> ExtractRequest:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    return replace(ExtractRequest(path=str(path), workdir=str(work), file_name=path.name), **values)


def test_clean_page_turns_form_feeds_into_newlines() -> None:
    page = Page(3, "first\fsecond\f", ocr=True)
    cleaned = clean_page(page)
    assert cleaned == Page(3, "first\nsecond\n", ocr=True)
    assert len(cleaned.text) == len(page.text)  # offsets stay true
    plain = Page(1, "no form feed")
    assert clean_page(plain) is plain
    assert clean_page(Page(1, "")).text == ""


def test_a_minute_order_is_parsed_and_analyzed(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "minute-order.pdf", minute_order(4))
    result = extract(_request(tmp_path, path))
    assert result.outcome == FileStatus.DONE and result.reason is None
    assert result.mime_type == "application/pdf"
    assert result.parsed is not None and len(result.parsed.pages) == 2
    assert "MINUTE ORDER" in result.parsed.pages[0].text
    assert result.analyzed is not None
    assert result.analyzed.columns.docket_number == "JV-2025-001004"
    assert json.loads(result.analyzed.analysis)["document_type"] == result.analyzed.columns.document_type
    assert result.analyzed.columns.document_type == "minute_order"
    events = {(e.event_type, e.event_date.isoformat()) for e in result.analyzed.court_events}
    assert {("detention_hearing", "2025-03-05"), ("jurisdiction_hearing", "2025-04-05")} <= events
    assert result.parse_seconds > 0 and result.analyze_seconds > 0


def test_analysis_turned_off(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "order.pdf", minute_order(1))
    result = extract(_request(tmp_path, path, analyze=False))
    assert result.outcome == FileStatus.DONE and result.parsed is not None
    assert result.analyzed is None and result.analyze_seconds == 0.0


def test_form_feeds_inside_a_page_never_reach_the_result(tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"] = "Case Aide <aide@example.org>"
    message["To"] = "Mother <mother@example.net>"
    message["Subject"] = "Visit"
    message.set_content("Visit log\fcontinued on the same page\n")
    path = tmp_path / "visit.eml"
    path.write_bytes(bytes(message))
    result = extract(_request(tmp_path, path, analyze=False))
    assert result.outcome == FileStatus.DONE and result.parsed is not None
    (page,) = result.parsed.pages
    assert "\f" not in page.text and "Visit log\ncontinued on the same page" in page.text
    assert result.mime_type == "message/rfc822"


def test_a_text_file_splits_its_pages_at_form_feeds(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Visit log\fcontinued\n", encoding="utf-8")
    result = extract(_request(tmp_path, path, analyze=False))
    assert result.parsed is not None
    assert [p.text for p in result.parsed.pages] == ["Visit log", "continued\n"]


def test_an_empty_file_has_no_analysis(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = extract(_request(tmp_path, path))
    assert result.analyzed is None
    if result.outcome == FileStatus.DONE:
        assert result.parsed is not None and not any(p.text.strip() for p in result.parsed.pages)
    else:
        assert result.outcome in (FileStatus.UNSUPPORTED, FileStatus.FAILED) and result.reason


def test_an_encrypted_pdf_fails_as_encrypted(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "sealed.pdf", ["Sealed report"], password="fictional-secret")
    result = extract(_request(tmp_path, path))
    assert (result.outcome, result.reason, result.mime_type) == (
        FileStatus.FAILED,
        "encrypted",
        "application/pdf",
    )
    assert result.parsed is None and result.analyzed is None


def test_an_unknown_format_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes(range(256)) * 8)
    result = extract(_request(tmp_path, path))
    assert result.outcome == FileStatus.UNSUPPORTED
    assert result.reason and result.parsed is None


def test_a_broken_pdf_fails_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << >>\n%%EOF")
    result = extract(_request(tmp_path, path))
    assert result.outcome == FileStatus.FAILED and result.reason
    assert result.mime_type == "application/pdf" and result.parsed is None


def test_an_archive_over_the_member_limit(tmp_path: Path) -> None:
    path = zip_of(tmp_path / "box.zip", {"a.txt": b"one", "b.txt": b"two", "c.txt": b"three"})
    result = extract(_request(tmp_path, path, limits=Limits(max_archive_members=2)))
    assert result.outcome == FileStatus.FAILED
    assert result.reason is not None and result.reason.startswith("limit: ")
    within = extract(_request(tmp_path, path, limits=Limits(max_archive_members=3)))
    assert within.outcome == FileStatus.DONE


def test_a_file_gone_before_it_was_read(tmp_path: Path) -> None:
    result = extract(_request(tmp_path, tmp_path / "vanished.pdf"))
    assert result.outcome == FileStatus.FAILED
    assert result.reason == "file disappeared before it was read"
    assert result.mime_type is None


@pytest.mark.parametrize("status", list(FileStatus))
def test_file_status_values(status: FileStatus) -> None:
    assert status.value in {"done", "failed", "unsupported", "duplicate"}
