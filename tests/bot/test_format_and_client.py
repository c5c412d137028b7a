"""Message splitting and escaping; the API client's retries and one-line failures."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from aseagi.bot import format
from aseagi.bot.client import ApiRefused, ApiUnavailable, CaseApi
from aseagi.kit.retry import RetryPolicy
from tests.bot.fake_telegram import free_port

FAST = RetryPolicy(attempts=3, first_delay=0.01)


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


async def test_unreachable_server_raises_after_retries() -> None:
    api = CaseApi(f"http://127.0.0.1:{free_port()}", "t", retry=FAST, timeout=2)
    started = time.monotonic()
    with pytest.raises(ApiUnavailable):
        await api.telegram("report", case=None)
    assert time.monotonic() - started >= 0.03  # 0.01 + 0.02 of backoff
    await api.close()


async def test_503_is_retried_then_succeeds() -> None:
    answers = iter([503, 502, 200])
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        status = next(answers)
        return httpx.Response(status, json={"total_documents": 3} if status == 200 else {})

    api = CaseApi("http://api", "secret", retry=FAST, timeout=2, transport=httpx.MockTransport(handler))
    assert (await api.telegram("report", case="J24-00478"))["total_documents"] == 3
    assert seen == ["Bearer secret"] * 3
    await api.close()


async def test_errors_carry_only_the_api_message() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/cases/J99":
            return httpx.Response(404, json={"error": {"code": "not_found", "message": "no case 'J99'"}})
        if request.url.path == "/telegram/report":
            return httpx.Response(401, json={"error": {"message": "invalid token"}})
        return httpx.Response(500, text="Traceback (most recent call last): /srv/app.py SELECT secret")

    api = CaseApi("http://api", "t", retry=FAST, timeout=2, transport=httpx.MockTransport(handler))
    with pytest.raises(ApiRefused, match="no case 'J99'"):
        await api.case("J99")
    with pytest.raises(ApiRefused, match="ASEAGI_API_TOKEN"):
        await api.telegram("report", case=None)
    with pytest.raises(ApiUnavailable) as raised:
        await api.telegram("actions", case=None)
    assert "Traceback" not in str(raised.value)
    await api.close()
