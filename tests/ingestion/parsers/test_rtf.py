"""The RTF parser on documents written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from aseagi.ingestion.parsers.base import ParseContext, ParseError
from aseagi.ingestion.parsers.registry import parse_file
from aseagi.ingestion.parsers.rtf import RtfParser


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
