"""TextParser charsets and page splits, and the registry's contract (parser_for, parse_file, limits)."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import ANY

import pytest

from aseagi.ingestion.parsers import PARSER_CLASSES, parser_for, parser_registry
from aseagi.ingestion.parsers import registry as registry_module
from aseagi.ingestion.parsers.base import Limits, ParseContext, ParseError, UnsupportedFormat
from aseagi.ingestion.parsers.registry import parse_file
from aseagi.ingestion.parsers.text import TextParser, decode_text

CALL_LOG = (
    "date,contact,note\n2024-03-04,Se\u00f1ora P\u00e9rez,\u201cvisit cancelled\u201d \u2013 no reason\n"
)


def test_cp1252_csv_is_detected_and_decoded(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "calls.csv"
    path.write_bytes((CALL_LOG * 30).encode("cp1252"))
    parsed = parse_file(path, context)
    assert parsed.mime_type == "text/csv"
    assert "Señora Pérez,“visit cancelled” – no reason" in parsed.text
    assert "\ufffd" not in parsed.text


def test_invalid_utf8_never_crashes(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(
        "Caf\u00e9 meeting with the social worker \u2713\n".encode() * 5 + b"bad \xff\xfe\xc3 bytes\n"
    )
    parsed = parse_file(path, context)
    assert "Café meeting" in parsed.text
    assert "bad \ufffd" in parsed.text
    assert any("U+FFFD" in warning for warning in parsed.warnings)


def test_utf16_with_bom(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes("Hearing on 4/2/2024 in Department 7\r\n".encode("utf-16"))
    parsed = TextParser().parse(path, context)
    assert parsed.text == "Hearing on 4/2/2024 in Department 7\n"


def test_newlines_nul_and_form_feeds(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "printout.txt"
    path.write_bytes(b"page one\r\nline\x00 two\rthree\fpage two\n\f")
    parsed = TextParser().parse(path, context)
    # The NUL is left for the storage boundary (kit.storable), which flags the document as cleaned.
    assert [page.text for page in parsed.pages] == ["page one\nline\x00 two\nthree", "page two\n"]
    assert [page.number for page in parsed.pages] == [1, 2]


def test_cyrillic_cp1251_is_not_forced_to_cp1252(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes("Привет, как дела? Суд назначен на вторник.\n".encode("cp1251") * 5)
    assert "Суд назначен" in parse_file(path, context).text


def test_markdown_keeps_its_type(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Hearing notes\n\n- asked about ICWA inquiry\n", encoding="utf-8")
    parsed = parse_file(path, context)
    assert parsed.mime_type == "text/markdown"
    assert parsed.text.startswith("# Hearing notes")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"plain ascii", "utf-8"),
        ("\ufeffBOM text".encode(), "utf-8-sig"),
        ("Ünïcödé".encode("utf-16-le").join([b"\xff\xfe", b""]), "utf-16"),
    ],
)
def test_decode_text_reports_encoding(data: bytes, encoding: str) -> None:
    _, found, warnings = decode_text(data)
    assert found == encoding
    assert warnings == ()


def test_zero_byte_file_is_a_parse_error(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "empty.txt"
    path.touch()
    with pytest.raises(ParseError, match="empty file"):
        parse_file(path, context)


def test_text_limit_cuts_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("a" * 60 + "\f" + "b" * 60, encoding="utf-8")
    context = ParseContext(workdir=tmp_path, limits=Limits(max_text_chars=100))
    parsed = parse_file(path, context)
    assert [len(page.text) for page in parsed.pages] == [60, 40]
    assert any("text cut at 100 characters" in warning for warning in parsed.warnings)


def test_unknown_mime_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormat, match="no parser for application/x-unknown-thing"):
        parser_for("application/x-unknown-thing")


def test_unrecognised_binary_is_unsupported(tmp_path: Path, context: ParseContext) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(UnsupportedFormat, match="unrecognised binary"):
        parse_file(path, context)


def test_a_broken_parser_module_only_disables_its_format(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = "aseagi.ingestion.parsers.no_such_module:Nope"
    monkeypatch.setattr(registry_module, "PARSER_CLASSES", (broken, *registry_module.PARSER_CLASSES))
    parser_registry.cache_clear()
    try:
        assert parser_registry().unavailable == {broken: ANY}
        with pytest.raises(UnsupportedFormat, match="no_such_module is unavailable"):
            parser_for("application/x-test-missing")
        assert type(parser_for("text/plain")).__name__ == "TextParser"
    finally:
        parser_registry.cache_clear()


def test_the_registry_is_built_from_the_classes_declarations() -> None:
    """One source of truth: every MIME type routes to the class that declares it, and every class loads."""
    current = parser_registry()
    assert current.unavailable == {}
    assert len(current.classes) == len(PARSER_CLASSES)
    for mime_type, parser_class in current.by_mime_type.items():
        assert mime_type in parser_class.mime_types
        assert type(parser_for(mime_type)) is parser_class
    declared = {mime for parser_class in current.classes for mime in parser_class.mime_types}
    assert declared == set(current.by_mime_type)
