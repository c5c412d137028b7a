"""Statements against messages: planted contradictions found, look-alikes left alone."""

from __future__ import annotations

from tests.analysis.builders import document, message, party, statement

from aseagi.analysis.case_inputs import CaseDocument, CaseMessage
from aseagi.analysis.contradictions import Contradiction, find_contradictions
from aseagi.analysis.schemas import Statement

PARTIES = [
    party("Jane Roe", "parent", "Jane Roe (Mother)"),
    party("John Roe", "parent", "the father, John Roe"),
    party("Maria Alvarez", "social_worker", "Maria Alvarez, Social Worker"),
]
PHONE_CLAIM = "On March 2, 2024, the undersigned spoke with the mother by telephone about the case plan."


def report(
    *statements: Statement, sworn: bool = True, day: str = "2024-03-15", doc_id: str = "report-1"
) -> CaseDocument:
    return document(
        doc_id, "social_worker_report", day, sworn=sworn, statements=list(statements), parties=PARTIES
    )


def phone_claim(sworn: bool = True) -> Statement:
    return statement("contact", "affirmed", PHONE_CLAIM, channel="phone", day="2024-03-02", sworn=sworn)


def call_log(*days: str) -> list[CaseMessage]:
    return [
        message("call", "Jane Roe", f"{day}T10:00", "Outgoing call to Dr. Lee office, 2 min") for day in days
    ]


def run(documents: list[CaseDocument], messages: list[CaseMessage]) -> tuple[list[Contradiction], dict]:
    return find_contradictions(documents, messages)


def test_phone_contact_denied_by_next_day_email_and_missing_from_log() -> None:
    denial = message(
        "email",
        "Jane Roe <jane.roe@example.com>",
        "2024-03-03T08:15",
        "Hello Ms. Alvarez. Nobody called me yesterday. Please call me back.",
    )
    found, perjury = run(
        [report(phone_claim())], [*call_log("2024-02-28", "2024-03-01", "2024-03-04"), denial]
    )
    (contradiction,) = found
    assert contradiction.kind == "contact_denied"
    assert contradiction.confidence >= 0.8
    assert contradiction.statement.quote == PHONE_CLAIM
    assert contradiction.statement.document_id == "report-1"
    quotes = [e.quote for e in contradiction.contradicting]
    assert quotes[0] == "Nobody called me yesterday."
    assert len(quotes) == 3  # and the phone-log entries either side of the claimed day
    # The reason and both passages, quoted, as a reader of the flag sees them.
    assert f'Stated: "{" ".join(PHONE_CLAIM.split())}"' in contradiction.description
    assert 'Contradicted by: "Nobody called me yesterday."' in contradiction.description
    quote_evidence = contradiction.contradicting[0]
    assert denial.evidence is not None
    assert quote_evidence.start == denial.evidence.start + denial.content.index("Nobody")
    (indicator,) = perjury["report-1"]
    assert indicator.kind == "contradicted_sworn_statement"
    assert indicator.evidence[0].quote == PHONE_CLAIM


def test_call_in_log_that_day_and_no_denial_is_not_a_contradiction() -> None:
    found, perjury = run([report(phone_claim())], call_log("2024-02-28", "2024-03-02", "2024-03-04"))
    assert found == []
    assert perjury == {}


def test_absence_from_a_kept_phone_log_is_a_weak_contradiction() -> None:
    found, _ = run([report(phone_claim())], call_log("2024-02-28", "2024-03-05"))
    (contradiction,) = found
    assert contradiction.kind == "contact_not_in_phone_log"
    assert contradiction.confidence < 0.6
    assert len(contradiction.contradicting) == 2  # the log entries either side of the day


def test_no_log_kept_that_month_means_no_finding() -> None:
    assert run([report(phone_claim())], call_log("2024-01-02", "2024-05-01"))[0] == []


def test_denial_by_the_other_parent_does_not_count() -> None:
    fathers = message("sms", "John Roe", "2024-03-03T09:00", "Nobody called me about the meeting.")
    found, _ = run([report(phone_claim())], [fathers])
    assert found == []


def test_unsworn_statement_gives_a_contradiction_but_no_perjury_indicator() -> None:
    denial = message("sms", "+1 555 0100", "2024-03-02T19:00", "I never got a call from anyone today.")
    found, perjury = run([report(phone_claim(sworn=False), sworn=False)], [denial])
    assert [c.kind for c in found] == ["contact_denied"]
    assert found[0].sworn is False
    assert perjury == {}


def test_never_requested_visits_against_her_texts() -> None:
    claim = statement(
        "visit_request", "denied", "The mother has never requested visits with the child.", sworn=True
    )
    texts = [
        message("sms", "Jane Roe", "2024-03-10T12:00", "Hi. Can I please see my son this weekend?"),
        message("sms", "Jane Roe", "2024-03-20T12:00", "Thanks. I would like to schedule a visit with Liam."),
        message("email", "jane.roe@example.com", "2024-03-28T09:00", "I am requesting visitation now."),
        message("sms", "Jane Roe", "2024-04-20T12:00", "When can I visit him?"),  # after the report
        message("sms", "Maria Alvarez", "2024-03-11T12:00", "Mother may request a visit at any time."),
        message("sms", "Jane Roe", "2024-03-12T12:00", "I got the paperwork, thank you."),
    ]
    found, perjury = run([report(claim, day="2024-04-15")], texts)
    (contradiction,) = found
    assert contradiction.kind == "visits_requested"
    assert len(contradiction.contradicting) == 3
    assert contradiction.contradicting[0].quote == "Can I please see my son this weekend?"
    assert "3 message(s)" in contradiction.description
    assert contradiction.confidence >= 0.8
    assert "report-1" in perjury


def test_visits_claim_with_no_requests_is_left_alone() -> None:
    claim = statement("visit_request", "denied", "The mother has not requested visits.")
    texts = [message("sms", "Jane Roe", "2024-03-12T12:00", "I got the paperwork. I will be at the hearing.")]
    assert run([report(claim)], texts)[0] == []


def test_notice_claimed_but_parent_says_none_received() -> None:
    claim = statement(
        "notice_given",
        "affirmed",
        "Notice of the hearing was mailed to the mother on May 1, 2024.",
        channel="mail",
        day="2024-05-01",
        sworn=True,
    )
    denial = message(
        "email",
        "Jane Roe",
        "2024-05-10T10:00",
        "I just found out about the hearing from my lawyer. I never received any notice.",
    )
    found, _ = run([report(claim, day="2024-05-02")], [denial])
    (contradiction,) = found
    assert contradiction.kind == "notice_denied"
    thanks = message("email", "Jane Roe", "2024-05-10T10:00", "Thank you for the notice of the hearing.")
    assert run([report(claim, day="2024-05-02")], [thanks])[0] == []


def test_denial_inside_an_email_document_statement() -> None:
    denial = statement(
        "contact", "denied", "No one from the agency called me on March 2.", subject="I", day="2024-03-02"
    )
    email_doc = document("email-7", "email", "2024-03-03", statements=[denial])
    found, _ = run([report(phone_claim()), email_doc], [])
    (contradiction,) = found
    assert contradiction.contradicting[0].document_id == "email-7"


def test_planted_recall_and_false_alarms() -> None:
    """Ten reports with a planted contradiction and ten look-alikes without: measure both rates."""
    planted = 0
    false_alarms = 0
    for offset in range(10):
        day = f"2024-06-{10 + offset:02d}"
        next_day = f"2024-06-{11 + offset:02d}"
        claim = statement(
            "contact",
            "affirmed",
            f"Mother was contacted by phone on {day}.",
            channel="phone",
            day=day,
            sworn=True,
        )
        bad = report(claim, doc_id=f"planted-{offset}", day="2024-07-01")
        denial = message(
            "email", "Jane Roe", f"{next_day}T09:00", "I haven't heard from anyone at the agency."
        )
        found, _ = run([bad], [denial])
        planted += bool(found)
        good = report(claim, doc_id=f"clean-{offset}", day="2024-07-01")
        fine = [
            message("call", "Maria Alvarez", f"{day}T15:00", "Incoming call, 6 min"),
            message("email", "Jane Roe", f"{next_day}T09:00", "Thanks for calling me yesterday."),
        ]
        false_alarms += len(run([good], fine)[0])
    assert planted >= 8
    assert false_alarms <= 1


def test_home_visit_claim_denied() -> None:
    claim = statement(
        "contact",
        "affirmed",
        "The social worker made an unannounced home visit to the mother.",
        channel="in person",
        day="2024-03-05",
        sworn=True,
    )
    denial = message(
        "sms", "Jane Roe", "2024-03-05T20:00", "No one came to my home today, I was here all day."
    )
    (contradiction,) = run([report(claim)], [denial])[0]
    assert contradiction.kind == "contact_denied"
    assert contradiction.confidence == 0.75  # no phone-log corroboration for an in-person claim
