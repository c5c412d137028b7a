"""The HTML parser on documents written here."""

from __future__ import annotations

from pathlib import Path

from aseagi.ingestion.parsers.base import ParseContext
from aseagi.ingestion.parsers.html import HtmlParser


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
