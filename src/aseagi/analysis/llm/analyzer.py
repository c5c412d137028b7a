"""Ask Claude about one document and keep only the findings whose quotes are really in its pages.

No database here: pages in, located findings and their cost out (the benchmark and ``claude_enrich``
share it). A long document is sent in parts of whole pages, concurrently within the client's limit.
An answer without a usable structure is asked again once; a model that refuses forced tool use is
asked again with ``tool_choice: auto`` and remembered.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from aseagi.analysis.llm.accounting import DocumentCost, Usage, cost_usd
from aseagi.analysis.llm.client import ClaudeCallError, ClaudeClient
from aseagi.analysis.llm.merge import LocatedFinding
from aseagi.analysis.llm.prompt import (
    MalformedAnswer,
    ProposedFinding,
    build_request,
    document_parts,
    forced_tool_allowed,
    parse_answer,
)
from aseagi.analysis.llm.quotes import locate_quote

log = logging.getLogger(__name__)

MALFORMED_RETRIES = 1
"""Extra asks when an answer has no usable structure; each is billed, so one is enough."""


@dataclass(frozen=True)
class ClaudeFindings:
    model: str
    findings: tuple[LocatedFinding, ...]
    quotes_not_found: int
    """Findings dropped because their quote is not in the text (or too short to prove anything)."""
    invalid_findings: int
    """List items that did not match the schema."""
    malformed_answers: int
    """Answers with no usable structure (each was asked again, up to ``MALFORMED_RETRIES``)."""
    failed_parts: int
    """Parts of the document that got no usable answer at all."""
    cost: DocumentCost


@dataclass
class _PartResult:
    proposals: list[ProposedFinding]
    usage: Usage
    calls: int
    attempts: int
    invalid: int
    malformed: int
    failed: bool


def _refuses_forced_tool(error: ClaudeCallError) -> bool:
    detail = error.detail.lower()
    return error.status == 400 and (
        "tool_choice" in detail or "forced tool" in detail or "tool use" in detail
    )


async def _ask_part(
    client: ClaudeClient, first_page: int, pages: list[str], file_name: str | None
) -> _PartResult:
    result = _PartResult(
        proposals=[], usage=Usage(), calls=0, attempts=0, invalid=0, malformed=0, failed=True
    )
    asks = 0
    while asks <= MALFORMED_RETRIES:
        forced = client.forced_tool is not False and forced_tool_allowed(client.model)
        request = build_request(pages, first_page=first_page, file_name=file_name, forced=forced)
        try:
            reply = await client.create(**request)
        except ClaudeCallError as error:
            result.attempts += error.attempts
            if forced and _refuses_forced_tool(error):
                log.warning("%s refuses forced tool use; asking with tool_choice auto", client.model)
                client.forced_tool = False
                continue
            raise
        asks += 1
        result.calls += 1
        result.attempts += reply.attempts
        result.usage = result.usage + reply.usage
        try:
            parsed = parse_answer(reply.message)
        except MalformedAnswer as exc:
            result.malformed += 1
            again = "asking again" if asks <= MALFORMED_RETRIES else "giving up"
            log.warning("Claude answer unusable (%s); %s", exc, again)
            continue
        result.invalid += parsed.invalid
        result.proposals = list(parsed.findings)
        result.failed = False
        break
    return result


async def ask_claude(
    client: ClaudeClient,
    pages: Sequence[str],
    *,
    file_name: str | None = None,
    document_id: str | None = None,
) -> ClaudeFindings:
    """Claude's findings on ``pages``, located in them.

    Raises ``ClaudeCallError`` when no part of the document got a usable answer.
    """
    parts = document_parts(pages)
    results = await asyncio.gather(*(_ask_part(client, first, chunk, file_name) for first, chunk in parts))
    usage = Usage()
    located: list[LocatedFinding] = []
    not_found = 0
    for result in results:
        usage = usage + result.usage
        for proposal in result.proposals:
            evidence = locate_quote(
                pages, proposal.quote, page_hint=proposal.page, document_id=document_id, file_name=file_name
            )
            if evidence is None:
                not_found += 1
                continue
            located.append(LocatedFinding(proposal=proposal, evidence=evidence))
    cost = DocumentCost(
        model=client.model,
        calls=sum(r.calls for r in results),
        attempts=sum(r.attempts for r in results),
        usage=usage,
        cost_usd=cost_usd(client.model, usage),
    )
    failed = sum(r.failed for r in results)
    if parts and failed == len(parts):
        raise ClaudeCallError(
            "Claude gave no usable structured answer for this document: it was not enriched; try again later",
            attempts=cost.attempts,
        )
    return ClaudeFindings(
        model=client.model,
        findings=tuple(located),
        quotes_not_found=not_found,
        invalid_findings=sum(r.invalid for r in results),
        malformed_answers=sum(r.malformed for r in results),
        failed_parts=failed,
        cost=cost,
    )
