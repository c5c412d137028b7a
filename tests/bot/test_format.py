"""Message splitting and escaping."""

from __future__ import annotations

import re

from aseagi.bot import format


def _balanced(chunk: str) -> bool:
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-z]+)[^>]*>", chunk):
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


def test_short_text_is_one_message() -> None:
    assert format.split_message("<b>hi</b>") == ["<b>hi</b>"]


def test_split_at_paragraphs_keeps_every_block_whole() -> None:
    blocks = [f"<b>Item {n}</b>\n" + "x" * 300 for n in range(40)]
    chunks = format.split_message("\n\n".join(blocks))
    assert len(chunks) > 1
    assert all(format.telegram_length(c) <= format.MESSAGE_LIMIT for c in chunks)
    assert "\n\n".join(chunks) == "\n\n".join(blocks)


def test_one_huge_line_is_cut_outside_tags_and_entities() -> None:
    line = "<b>" + "&amp;" * 1000 + "</b>" + " word" * 2000
    chunks = format.split_message(line, limit=500)
    assert all(format.telegram_length(c) <= 500 for c in chunks)
    assert all(_balanced(c) for c in chunks)
    assert all(not re.search(r"&[a-z]*$", c) for c in chunks)
    assert "".join(chunks).replace("</b><b>", "") == line


def test_emoji_count_double_toward_the_limit() -> None:
    text = "🚨" * 3000
    chunks = format.split_message(text)
    assert [len(c) for c in chunks] == [2048, 952]


def test_every_value_is_escaped() -> None:
    body = {
        "count": 1,
        "critical": 1,
        "violations": [
            {
                "severity": "CRITICAL",
                "violation_type": "<i>Due</i> & Process",
                "date": "2031-01-02",
                "person": "A <b>",
                "description": "</code>",
                "legal_basis": "WIC 319(b)",
                "document_name": "x&y.pdf",
            }
        ],
    }
    text = format.violations(body)
    assert "🚨 <b>CRITICAL: &lt;i&gt;Due&lt;/i&gt; &amp; Process</b>" in text
    assert "A &lt;b&gt;" in text
    assert "&lt;/code&gt;" in text
    assert "x&amp;y.pdf" in text
    assert _balanced(text)


def test_highlight_offsets_become_bold() -> None:
    assert format.highlighted("a <notice> b", [(3, 9)]) == "a &lt;<b>notice</b>&gt; b"
    assert format.highlighted("abc", [(0, 9)]) == "abc"
