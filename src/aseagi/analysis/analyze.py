"""The local analyzer: one document's pages in, a DocumentAnalysis with evidence for everything out.

Pure and deterministic: no I/O, no clock except the pivot for two-digit years, no randomness. Every
extractor reads one page at a time with precompiled regular expressions and a cheap prefilter, so a
typical page costs well under 2 ms (see ``bench/analyzer.py``); eyecite runs only around a
reporter-like pattern.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from aseagi.analysis.extractors.citations import extract_citations, is_dependency_text
from aseagi.analysis.extractors.dates import choose_document_date, extract_dates
from aseagi.analysis.extractors.dockets import distinct_dockets, extract_dockets
from aseagi.analysis.extractors.doctype import classify_document
from aseagi.analysis.extractors.event_mentions import (
    dismissal_event,
    distinct_events,
    extract_events,
    filed_paper_event,
    minute_order_event,
    title_hearing_type,
)
from aseagi.analysis.extractors.good_cause import extract_good_cause
from aseagi.analysis.extractors.parties import distinct_parties, extract_parties
from aseagi.analysis.extractors.passages import PageSentences, Source
from aseagi.analysis.extractors.perjury_clause import find_perjury_clause
from aseagi.analysis.extractors.statements import extract_statements
from aseagi.analysis.schemas import (
    CauseFinding,
    Citation,
    CourtEventFinding,
    DateMention,
    DocketMention,
    DocumentAnalysis,
    Party,
    Statement,
)
from aseagi.analysis.scoring import EMPTY_SCORES, score_document

ANALYZER_VERSION = "1"


def analyze_document(
    pages: Sequence[str],
    *,
    file_name: str | None = None,
    document_id: str | None = None,
    document_date: dt.date | None = None,
    mime_type: str | None = None,
) -> DocumentAnalysis:
    """Analyze one document. ``pages`` are the pages' plain text, page 1 first.

    Every Evidence, DateMention and Citation offset is into its own page's string:
    ``pages[page - 1][start:end] == quote``.
    """
    source = Source(file_name=file_name, document_id=document_id)
    kind = classify_document(pages, mime_type)
    clause = find_perjury_clause(pages, source)
    sworn = clause is not None
    dependency = any(is_dependency_text(text) for text in pages)
    title_kind = title_hearing_type(pages[0]) if pages else None

    dockets: list[DocketMention] = []
    dates: list[DateMention] = []
    citations: list[Citation] = []
    parties: list[Party] = []
    events: list[CourtEventFinding] = []
    statements: list[Statement] = []
    good_cause: list[CauseFinding] = []
    for number, text in enumerate(pages, start=1):
        sentences = PageSentences.of(text)
        page_dates = extract_dates(text, number)
        dates.extend(page_dates)
        dockets.extend(extract_dockets(text, number, source))
        citations.extend(extract_citations(text, number, dependency=dependency))
        parties.extend(extract_parties(text, number, source))
        events.extend(extract_events(text, number, page_dates, sentences, source, title_kind=title_kind))
        statements.extend(extract_statements(text, number, page_dates, sentences, source, sworn=sworn))
        good_cause.extend(extract_good_cause(text, number, sentences, source))

    if document_date is None and pages:
        stated = choose_document_date(dates, document_type=kind.document_type, first_page_text=pages[0])
        document_date = stated.date if stated else None
    if kind.document_type == "minute_order" and document_date is not None and pages:
        own = minute_order_event(kind.title, pages[0], document_date, source)
        if own is not None:
            events.insert(0, own)
    if kind.document_type not in ("minute_order", "court_order", "email") and document_date and pages:
        filed = filed_paper_event(kind.title, pages[0], document_date, source)
        if filed is not None:
            events.insert(0, filed)
    if kind.document_type in ("minute_order", "court_order") and document_date is not None:
        for number, text in enumerate(pages, start=1):
            ended = dismissal_event(text, number, dates, document_date, source)
            if ended is not None:
                events.append(ended)
                break

    analysis = DocumentAnalysis(
        analyzer="local",
        analyzer_version=ANALYZER_VERSION,
        document_type=kind.document_type,
        document_date=document_date,
        title=kind.title,
        under_penalty_of_perjury=sworn,
        perjury_clause=clause,
        docket_numbers=distinct_dockets(dockets),
        dockets=dockets,
        dates=dates,
        citations=citations,
        parties=distinct_parties(parties),
        court_events=distinct_events(events),
        statements=statements,
        good_cause=good_cause,
        scores=EMPTY_SCORES,
    )
    return score_document(analysis)
