"""Legacy Word (.doc) files of the corpus: read, encrypted, or unsupported with advice."""

from __future__ import annotations

from pathlib import Path

import pytest

from aseagi.ingestion.parsers.base import EncryptedDocument, ParseContext, UnsupportedFormat
from aseagi.ingestion.parsers.registry import parse_file

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
