"""Asking Claude about a document: malformed answers, quotes checked against the text, tool fallback."""

from __future__ import annotations

from typing import Any

import pytest
from tests.analysis.llm.fake_messages_api import FakeMessagesAPI, text_only, tool_input

from aseagi.analysis.llm.analyzer import ask_claude
from aseagi.analysis.llm.client import ClaudeCallError, ClaudeClient
from aseagi.analysis.llm.prompt import document_parts
from aseagi.analysis.llm.quotes import locate_quote

PAGES = [
    "DECLARATION OF ANNA PARK\nCase No. J24-00478\n"
    "The mother was contacted by telephone\non March 2, 2024.\n",
    "The detention hearing is set for March 5, 2024 in Department 3.\n"
    "I declare under penalty of perjury that the foregoing is true and correct.",
]


def finding(quote: str, page: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "category": "perjury_indicator",
        "page": page,
        "quote": quote,
        "description": "sworn claim",
        "confidence": 0.8,
        **extra,
    }


async def test_quotes_are_located_and_invented_ones_dropped(
    fake_api: FakeMessagesAPI, claude: ClaudeClient
) -> None:
    fake_api.analyst = lambda pages: [
        # Whitespace differs from the page (a line break): found, and quoted as the page has it.
        finding("The mother was contacted by telephone on March 2, 2024."),
        # Right words, wrong page number: found on page 2.
        finding("detention hearing is set for March 5, 2024", page=1),
        # Not in the text at all.
        finding("The mother refused every visit offered to her."),
        # Too short to prove anything.
        finding("mother"),
    ]
    result = await ask_claude(claude, PAGES, document_id="doc-1", file_name="decl.pdf")
    assert result.quotes_not_found == 2
    assert [f.evidence.page for f in result.findings] == [1, 2]
    for found in result.findings:
        evidence = found.evidence
        assert PAGES[evidence.page - 1][evidence.start : evidence.end] == evidence.quote
        assert evidence.document_id == "doc-1"
    assert result.findings[0].evidence.quote == "The mother was contacted by telephone\non March 2, 2024."
    assert result.cost.calls == 1
    assert result.cost.usage.input_tokens > 0
    assert result.cost.cost_usd is not None
    assert result.cost.cost_usd > 0


async def test_answer_without_tool_use_is_asked_again(
    fake_api: FakeMessagesAPI, claude: ClaudeClient
) -> None:
    fake_api.then(text_only())
    result = await ask_claude(claude, PAGES)
    assert result.malformed_answers == 1
    assert len(result.findings) == 1
    assert result.cost.calls == 2  # the unusable answer was billed too
    assert len(fake_api.requests) == 2


async def test_invalid_json_twice_fails_the_document(fake_api: FakeMessagesAPI, claude: ClaudeClient) -> None:
    fake_api.then(tool_input('{"findings": [{"category": "fraud'), text_only("{not json"))
    with pytest.raises(ClaudeCallError, match="no usable structured answer"):
        await ask_claude(claude, PAGES)


async def test_json_given_as_text_is_read(fake_api: FakeMessagesAPI, claude: ClaudeClient) -> None:
    quote = "I declare under penalty of perjury"
    fake_api.then(text_only('```json\n{"findings": [' + str(finding(quote, 2)).replace("'", '"') + "]}\n```"))
    result = await ask_claude(claude, PAGES)
    assert [f.evidence.quote for f in result.findings] == [quote]


async def test_items_off_schema_are_dropped_one_by_one(
    fake_api: FakeMessagesAPI, claude: ClaudeClient
) -> None:
    good = finding("The detention hearing is set for March 5, 2024", page=2)
    fake_api.then(
        tool_input({"findings": [good, {"category": "gossip", "page": 1}, finding("x", confidence=7)]})
    )
    result = await ask_claude(claude, PAGES)
    assert result.invalid_findings == 2
    assert len(result.findings) == 1


async def test_wrong_shape_is_malformed(fake_api: FakeMessagesAPI, claude: ClaudeClient) -> None:
    fake_api.then(tool_input({"result": "nothing"}))
    result = await ask_claude(claude, PAGES)
    assert result.malformed_answers == 1
    assert len(fake_api.requests) == 2


async def test_model_refusing_forced_tool_is_asked_with_auto(fake_api: FakeMessagesAPI) -> None:
    fake_api.reject_forced_tool = ("claude-opus-5",)
    client = ClaudeClient(api_key="k", model="claude-opus-5", base_url=fake_api.base_url)
    try:
        first = await ask_claude(client, PAGES)
        await ask_claude(client, PAGES)
    finally:
        await client.aclose()
    assert len(first.findings) == 1
    choices = [r["tool_choice"]["type"] for r in fake_api.requests]
    assert choices == ["tool", "auto", "auto"]  # learned once, remembered
    assert client.forced_tool is False


async def test_sonnet_5_5_is_never_forced(fake_api: FakeMessagesAPI) -> None:
    client = ClaudeClient(api_key="k", model="claude-sonnet-5-5", base_url=fake_api.base_url)
    try:
        await ask_claude(client, PAGES)
    finally:
        await client.aclose()
    assert fake_api.requests[0]["tool_choice"] == {"type": "auto"}


async def test_long_document_is_sent_in_parts(fake_api: FakeMessagesAPI, claude: ClaudeClient) -> None:
    pages = [f"Page {n} of the social worker report. " + "x" * 60_000 for n in range(1, 6)]
    result = await ask_claude(claude, pages)
    assert len(fake_api.requests) == len(document_parts(pages)) == 3
    # Each part's answer quotes the part's first page, located on the right page of the whole document.
    assert sorted(f.evidence.page for f in result.findings) == [1, 3, 5]


def test_locate_prefers_the_named_page() -> None:
    pages = ["Mother was present at the hearing.", "Mother was present at the hearing."]
    evidence = locate_quote(pages, "Mother was present at the hearing.", page_hint=2)
    assert evidence is not None
    assert evidence.page == 2
    assert locate_quote(pages, "Father was present at the hearing.") is None
