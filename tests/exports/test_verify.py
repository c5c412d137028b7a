"""exports/verify.py: a written export read back with PDFium; any forbidden term fails it."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from aseagi.exports import verify
from aseagi.exports.privacy import ProtectedPerson, Redactor
from aseagi.exports.verify import (
    Finding,
    PrivacyLeak,
    Verification,
    pdf_texts,
    require_clean,
    verify_files,
)
from tests.fixtures.corpus_files import text_pdf

CHILD = "Rowan Ellis Fairbanks"
TERMS = ["Rowan Ellis Fairbanks", "2017-08-21", "4155550199"]


def _pdf(path: Path, pages: list[str], *, title: str = "", bookmark: str = "") -> Path:
    pdf = canvas.Canvas(str(path), pagesize=letter)
    if title:
        pdf.setTitle(title)
    for number, text in enumerate(pages):
        pdf.drawString(72, 700, text)
        if bookmark and number == 0:
            pdf.bookmarkPage("b0")
            pdf.addOutlineEntry(bookmark, "b0")
        pdf.showPage()
    pdf.save()
    return path


def test_pdf_texts_pages_then_metadata_and_bookmarks(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "a.pdf", ["First page", "Second page"], title="Binder title", bookmark="Tab 1")
    items = list(pdf_texts(path))
    assert [page for page, _ in items] == [1, 2, None]
    assert "First page" in items[0][1] and "Second page" in items[1][1]
    assert "Binder title" in items[2][1] and "Tab 1" in items[2][1]


def test_pdf_texts_of_a_later_range_has_no_metadata(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "a.pdf", ["one", "two", "three"])
    assert [(page, text.strip()) for page, text in pdf_texts(path, 1, 2)] == [(2, "two")]
    assert [page for page, _ in pdf_texts(path, 2, 99)] == [3]  # the end is clipped to the page count


def test_a_clean_export_passes(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "binder.pdf", ["Rowan F. attended the visit.", "Born [DOB redacted]"])
    log = tmp_path / "log.json"
    log.write_text('{"entries": []}\n', encoding="utf-8")
    result = require_clean([pdf, log], TERMS)
    assert isinstance(result, Verification)
    assert result.pages == 2 and result.findings == ()
    assert result.seconds >= 0 and result.per_page_ms >= 0
    assert pdf.exists() and log.exists()


def test_findings_name_the_file_page_and_kind_never_the_term(tmp_path: Path) -> None:
    pdf = _pdf(
        tmp_path / "binder.pdf",
        ["nothing here", f"Child: {CHILD.upper()}", "call 415.555.0199"],
        title="Exhibits",
        bookmark="Born 2017-08-21",
    )
    text = tmp_path / "manifest.csv"
    text.write_text("exhibit,name\n1,rowan   ellis\nfairbanks\n", encoding="utf-8")
    result = verify_files([pdf, text], TERMS)
    assert result.pages == 3
    assert set(result.findings) == {
        Finding("binder.pdf", 2, "name"),
        Finding("binder.pdf", 3, "phone"),
        Finding("binder.pdf", None, "date, address or case number"),
        Finding("manifest.csv", None, "name"),
    }
    assert all(CHILD not in repr(f) for f in result.findings)


def test_a_docx_is_read_as_xml(tmp_path: Path) -> None:
    path = tmp_path / "chronology.docx"
    document = docx.Document()
    document.add_paragraph("2025-01-02 visit")
    document.add_table(rows=1, cols=1).cell(0, 0).text = f"with {CHILD}"
    document.save(str(path))
    assert verify_files([path], TERMS).findings == (Finding("chronology.docx", None, "name"),)


def test_no_terms_no_findings(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "binder.pdf", [CHILD])
    assert verify_files([pdf], []).findings == ()
    nothing = verify_files([], TERMS)
    assert (nothing.pages, nothing.findings, nothing.per_page_ms) == (0, (), 0.0)


def test_a_leak_removes_every_file_and_says_where_not_what(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "part1.pdf", ["clean", f"{CHILD} DOB 2017-08-21"])
    other = text_pdf(tmp_path / "part2.pdf", ["clean too"])
    log = tmp_path / "log.json"
    log.write_text("{}", encoding="utf-8")
    with pytest.raises(PrivacyLeak) as raised:
        require_clean([pdf, other, log], TERMS)
    assert raised.value.status_code == 500 and raised.value.code == "privacy_leak"
    message = raised.value.message
    assert "part1.pdf page 2: a name" in message and "part1.pdf page 2: a date" in message
    assert CHILD not in message and "2017" not in message
    assert not pdf.exists() and not other.exists() and not log.exists()


def test_the_message_lists_at_most_five_findings(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "part.pdf", [CHILD] * 7)
    with pytest.raises(PrivacyLeak) as raised:
        require_clean([pdf], TERMS)
    assert raised.value.message.count("part.pdf page") == 5
    assert "page 5" in raised.value.message and "page 6" not in raised.value.message


def test_terms_from_a_redactor_catch_the_full_name(tmp_path: Path) -> None:
    redactor = Redactor((ProtectedPerson(CHILD, "child"),))
    pdf = text_pdf(tmp_path / "part.pdf", [redactor.clean(f"Visit with {CHILD}"), "Rowan Fairbanks"])
    result = verify_files([pdf], redactor.forbidden_terms())
    assert result.findings == (Finding("part.pdf", 2, "name"),)


def test_many_pages_are_checked_in_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of one page each, checked in spawned workers: the same findings as in one process."""
    pages = ["clean"] * 4 + [f"{CHILD}"] + ["clean"]
    pdf = text_pdf(tmp_path / "big.pdf", pages)
    serial = verify_files([pdf], TERMS)
    monkeypatch.setattr(verify, "CHUNK_PAGES", 2)
    monkeypatch.setattr(verify, "PARALLEL_FROM_PAGES", 2)
    monkeypatch.setattr(verify.os, "cpu_count", lambda: 2)
    parallel = verify_files([pdf], TERMS)
    assert parallel.pages == serial.pages == 6
    assert parallel.findings == serial.findings == (Finding("big.pdf", 5, "name"),)
