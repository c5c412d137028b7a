"""The DOCX parser on documents written here, plus the corpus' encrypted file."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from aseagi.ingestion.parsers.base import EncryptedDocument, ParseContext, ParseError
from aseagi.ingestion.parsers.docx import DocxParser
from aseagi.ingestion.parsers.registry import parse_file


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
