"""A case read one row at a time holds what the rules need, not the case: repeats are counted, not kept."""

from __future__ import annotations

from dataclasses import replace

from tests.analysis.builders import court_event, d, document, mention, message, party, statement

from aseagi.analysis.case_inputs import MAX_REPEATS, MAX_SOURCES, CaseDocument
from aseagi.analysis.case_rules import CaseReader, analyze_case, events_from_documents
from aseagi.analysis.mention_pool import MentionPool

TODAY = d("2025-06-01")


def minute_order() -> CaseDocument:
    return document(
        "mo-1",
        "minute_order",
        "2025-03-07",
        court_events=[
            court_event("detention_hearing", "2025-03-07", "Detention hearing", "DETENTION HEARING held."),
            court_event(
                "jurisdiction_hearing", "2025-04-16", "Jurisdiction hearing", "JURISDICTION set for 4/16/25."
            ),
        ],
        parties=[party("Jane Roe", "parent", "Jane Roe (Mother) present")],
        dockets=["JV073418"],
    )


def forwarded(copy: int) -> CaseDocument:
    """The same e-mail about the hearing, forwarded again: another paper, the same passage."""
    return document(
        f"email-{copy:05d}",
        "email",
        "2025-03-20",
        court_events=[
            court_event("hearing", "2025-04-16", "Hearing", "The hearing is on April 16, 2025 at 8:30.")
        ],
        statements=[statement("visit_request", "affirmed", "I want to see my son.")],
    )


def test_a_mention_repeated_past_the_limit_is_counted_on_the_last_one_kept() -> None:
    pool = MentionPool(limit=3)
    mentions = [m for copy in range(10) for m in events_from_documents([forwarded(copy)])]
    for one in reversed(mentions):
        pool.add(one)
    kept = pool.mentions()
    smallest = sorted(m.id for m in mentions)[:3]
    assert [m.id for m in kept] == smallest[::-1]  # the order they were read in
    assert [m.count for m in kept] == [8, 1, 1]  # the rest counted on the last kept by id
    assert len(pool) == 3


def test_below_the_limit_the_pool_gives_back_every_mention_in_reading_order() -> None:
    pool = MentionPool()
    mentions = [m for copy in range(5) for m in events_from_documents([forwarded(copy), minute_order()])]
    pool.add_all(mentions)
    assert pool.mentions() == mentions


def test_a_thousand_copies_give_the_same_conclusions_with_a_bounded_list_of_sources() -> None:
    papers = [minute_order(), *(forwarded(copy) for copy in range(1000))]
    mails = [
        message("sms", "Jane Roe", f"2025-03-{day:02d}T09:00", "Can I please see my son this weekend?")
        for day in range(1, 29)
        for _ in range(30)
    ]
    report = document(
        "sw-1",
        "social_worker_report",
        "2025-03-30",
        sworn=True,
        statements=[statement("visit_request", "denied", "The mother has not requested visits.")],
    )
    result = analyze_case([*papers, report], [], mails, today=TODAY)

    hearing = next(e for e in result.chronology if e.event_date == d("2025-04-16"))
    assert hearing.event_type == "jurisdiction_hearing"
    assert hearing.mentions == 1001
    assert len(hearing.sources) == 1 + MAX_REPEATS
    assert hearing.sources[0].document_id == "mo-1"
    [visits] = [c for c in result.contradictions if c.kind == "visits_requested"]
    assert "840 message(s)" in visits.description
    assert len(visits.contradicting) == MAX_SOURCES  # the first by day, the rest counted

    reader = CaseReader([])
    for paper in [*papers, report]:
        reader.add_document(paper)
    for mail in mails:
        reader.add_message(mail)
    assert len(reader.mentions) <= 2 + 1 + MAX_REPEATS
    assert reader.messages_held <= 2 * MAX_SOURCES  # trimmed to the first by day as it grows
    assert [d.document_id for d in reader.kept] == ["mo-1", "sw-1"]  # a parent at a hearing; a claim
    assert reader.analyze(today=TODAY) == result


def test_a_document_no_rule_reads_as_a_document_is_not_kept_and_a_kept_one_is_reduced() -> None:
    reader = CaseReader([])
    reader.add_document(forwarded(1))
    notice_denied = statement("notice_given", "denied", "Father was not noticed.", subject="father")
    order = replace(minute_order(), document_id="mo-2")
    assert order.analysis is not None
    order = replace(order, analysis=order.analysis.model_copy(update={"statements": [notice_denied]}))
    reader.add_document(order)
    [kept] = reader.kept
    assert kept.document_id == "mo-2"
    assert kept.analysis is not None
    assert kept.analysis.court_events == []
    assert kept.analysis.statements == [notice_denied]
    assert [p.role for p in kept.analysis.parties] == ["parent"]


def test_analyzing_twice_gives_the_same_answer() -> None:
    proof = document(
        "pos-1",
        "proof_of_service",
        "2025-03-01",
        title="Proof of service of the status review report",
        dates=[mention("2025-03-01", "March 1, 2025", "signed")],
    )
    report = document(
        "sr-1",
        "social_worker_report",
        "2025-03-10",
        title="Status review report",
        dates=[mention("2025-03-10", "March 10, 2025", "dated")],
    )
    reader = CaseReader([proof])
    for paper in (proof, report, minute_order()):
        reader.add_document(paper)
    first = reader.analyze(today=TODAY)
    assert first.fraud_indicators
    assert reader.analyze(today=TODAY) == first
