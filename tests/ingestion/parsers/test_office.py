"""DOCX, RTF and HTML parsers on documents written here, plus the corpus' encrypted and legacy files."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from aseagi.ingestion.parsers.base import EncryptedDocument, ParseContext, ParseError, UnsupportedFormat
from aseagi.ingestion.parsers.docx import DocxParser
from aseagi.ingestion.parsers.html import HtmlParser
from aseagi.ingestion.parsers.registry import parse_file
from aseagi.ingestion.parsers.rtf import RtfParser


def _declaration(path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "Declaration of Jane Roe"
    document.core_properties.author = "Jane Roe"
    document.sections[0].header.paragraphs[0].text = "Case No. J24-00478"
    document.sections[0].footer.paragraphs[0].text = "DECLARATION OF MOTHER"
    document.add_paragraph("I, Jane Roe, declare:")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Date"
    table.cell(0, 1).text = "Event"
    table.cell(1, 0).text = "03/04/2024"
    table.cell(1, 1).text = "Visit cancelled"
    document.add_paragraph("I declare under penalty of perjury that the foregoing is true.")
    document.save(str(path))
    return path


def test_docx_body_tables_headers_in_order(tmp_path: Path, context: ParseContext) -> None:
    parsed = parse_file(_declaration(tmp_path / "decl.docx"), context)
    text = parsed.text
    assert parsed.title == "Declaration of Jane Roe"
    assert parsed.metadata["author"] == "Jane Roe"
    assert parsed.document_date is None
    assert text.index("I, Jane Roe, declare:") < text.index("Date\tEvent") < text.index("penalty of perjury")
    assert "03/04/2024\tVisit cancelled" in text
    assert "Case No. J24-00478" in text
    assert "DECLARATION OF MOTHER" in text
    assert parsed.page_count == 1


def test_docx_tracked_changes_keep_insertions_drop_deletions(tmp_path: Path, context: ParseContext) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("The mother was notified on ")
    run = paragraph.runs[0]._r
    deleted = copy.deepcopy(run)
    deleted.find(qn("w:t")).tag = qn("w:delText")
    deleted.find(qn("w:delText")).text = "March 2"
    deletion = paragraph._p.makeelement(qn("w:del"), {qn("w:id"): "1", qn("w:author"): "Worker"})
    deletion.append(deleted)
    inserted = copy.deepcopy(run)
    inserted.find(qn("w:t")).text = "March 5"
    insertion = paragraph._p.makeelement(qn("w:ins"), {qn("w:id"): "2", qn("w:author"): "Worker"})
    insertion.append(inserted)
    paragraph._p.append(deletion)
    paragraph._p.append(insertion)
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    text = DocxParser().parse(path, context).text
    assert "notified on March 5" in text
    assert "March 2" not in text


def test_docx_page_break_splits_pages(tmp_path: Path, context: ParseContext) -> None:
    document = docx.Document()
    document.add_paragraph("First page")
    document.add_page_break()
    document.add_paragraph("Second page")
    path = tmp_path / "two.docx"
    document.save(str(path))
    parsed = DocxParser().parse(path, context)
    assert [page.text.strip() for page in parsed.pages] == ["First page", "Second page"]


def test_broken_docx_is_a_parse_error(tmp_path: Path, context: ParseContext) -> None:
    good = _declaration(tmp_path / "good.docx")
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good.read_bytes()[:3000])
    with pytest.raises(ParseError):
        DocxParser().parse(truncated, context)
    missing_part = tmp_path / "missing.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(missing_part, "w") as target:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(item, source.read(item))
    with pytest.raises(ParseError):
        DocxParser().parse(missing_part, context)


def test_encrypted_docx_from_corpus(corpus: Path, context: ParseContext) -> None:
    with pytest.raises(EncryptedDocument):
        parse_file(corpus / "office/poi/poi__protected_agile.docx", context)


LEGACY_WORD = [
    (
        "office/paperless/sample.doc",
        "This is a test document, saved in the older .doc format for Word documents",
    ),
    ("office/ingest_file/doc.doc", "This is a sample Microsoft Word Document."),
    ("office/datashare/office_document.doc", "Test something"),
    ("office/poi/poi__quick.doc", "The quick brown fox jumps over the lazy dog"),
    ("office/poi/poi__TestGermanWord90.doc", "This is the second paragraph of this HPSF test document."),
    ("office/poi/poi__Word6.doc", "The quick brown fox jumps over the lazy dog"),  # Word 6
    ("office/poi/poi__Word95.doc", "Has some RED text and some BLUE BOLD text in it."),
    ("office/poi/poi__word95err.doc", "предлагает со склада в Москве"),  # Word 95, code page 1251
    ("office/poi/poi__TestShiftJIS.doc", "File Agent Server Administration Tool Summary"),
]


@pytest.mark.parametrize(("name", "expected"), LEGACY_WORD, ids=[name for name, _ in LEGACY_WORD])
def test_legacy_word_documents_are_read(
    corpus: Path, context: ParseContext, name: str, expected: str
) -> None:
    document = parse_file(corpus / name, context)
    assert document.mime_type == "application/msword"
    assert expected in " ".join(document.text.split())


def test_legacy_word_keeps_table_cells_apart_and_drops_field_codes(
    corpus: Path, context: ParseContext
) -> None:
    document = parse_file(corpus / "office/ingest_file/doc.doc", context)
    assert document.title == "Sample Word Document"
    assert "HYPERLINK" not in document.text and "\x13" not in document.text and "\x07" not in document.text
    assert "Nested" in document.text


def test_legacy_word_that_is_encrypted_fails_as_encrypted(corpus: Path, context: ParseContext) -> None:
    for name in ("office/poi/poi__PasswordProtected.doc", "office/poi/poi__password_tika_binaryrc4.doc"):
        with pytest.raises(EncryptedDocument):
            parse_file(corpus / name, context)


@pytest.mark.parametrize("name", ["office/poi/poi__word2.doc", "office/poi/poi__Bug51944.doc"])
def test_word_2_and_fast_saved_word_95_are_unsupported_with_advice(
    corpus: Path, context: ParseContext, name: str
) -> None:
    with pytest.raises(UnsupportedFormat, match=r"save it as \.docx or PDF"):
        parse_file(corpus / name, context)


def test_rtf_code_page_unicode_and_emoji(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "letter.rtf"
    path.write_bytes(
        b"{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\fnil\\fcharset204 Arial;}}\n"
        b"{\\info{\\title Hidden title}}"
        b"\\f0 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2\\par\n"
        b"Caf\\u233?\\par\n"
        b"Smile \\u-10179?\\u-8704?\\par\n"
        b"Raw \xc4\xe0\\par\n"
        b"Line one\\line Line two\\page Next page}"
    )
    parsed = parse_file(path, context)
    assert parsed.mime_type == "application/rtf"
    assert parsed.pages[0].text.splitlines()[:4] == ["Привет", "Café", "Smile 😀", "Raw Да"]
    assert "Line one\nLine two" in parsed.pages[0].text
    assert parsed.pages[1].text.strip() == "Next page"
    assert "Hidden title" not in parsed.text


def test_rtf_without_header_is_a_parse_error(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "fake.rtf"
    path.write_text("plain words")
    with pytest.raises(ParseError, match="not an RTF"):
        RtfParser().parse(path, context)


def test_html_visible_text_title_and_tables(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "portal.html"
    path.write_bytes(
        b"<!DOCTYPE html><html><head><meta charset='windows-1252'><title>Case  Status</title>"
        b"<style>body{color:red}</style><script>var secret = 1;</script></head><body>"
        b"<h1>Hearing calendar</h1><p>Mother: Se\xf1ora <b>P\xe9rez</b> \x96 notified</p>"
        b"<table><tr><th>Date</th><th>Hearing</th></tr><tr><td>04/02/2024</td><td>Jurisdiction</td></tr></table>"
        b"<noscript>enable js</noscript><!-- hidden comment --><pre>line 1\nline 2</pre></body></html>"
    )
    parsed = HtmlParser().parse(path, context)
    assert parsed.title == "Case Status"
    text = parsed.text
    assert "Mother: Señora Pérez – notified" in text
    assert "Date\tHearing\n04/02/2024\tJurisdiction" in text
    assert "line 1\nline 2" in text
    for hidden in ("secret", "color:red", "enable js", "hidden comment", "Case  Status"):
        assert hidden not in text


def test_html_deep_nesting_does_not_crash(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 5000 + "deep text" + "</div>" * 5000 + "</body></html>")
    assert "deep text" in HtmlParser().parse(path, context).text
