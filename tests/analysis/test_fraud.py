"""Documents dated before what they presuppose: flagged with both passages; ordinary ones left alone."""

from __future__ import annotations

from tests.analysis.builders import court_event, document, mention, party

from aseagi.analysis.case_inputs import CaseDocument
from aseagi.analysis.fraud import find_fraud_indicators

DATED = mention("2024-03-01", "March 1, 2024", "dated", page=4, start=200)


def test_report_describing_a_later_hearing_as_past() -> None:
    past = court_event(
        "jurisdiction_hearing",
        "2024-03-05",
        "jurisdiction hearing",
        "At the hearing on March 5, 2024, the court sustained the petition.",
    )
    report = document("report-1", "social_worker_report", "2024-03-01", dates=[DATED], court_events=[past])
    (indicator,) = find_fraud_indicators([report])["report-1"]
    assert indicator.kind == "dated_before_event"
    assert [e.quote for e in indicator.evidence] == ["March 1, 2024", past.evidence.quote]
    assert all(e.document_id == "report-1" for e in indicator.evidence)
    assert indicator.confidence >= 0.7


def test_report_announcing_a_later_hearing_is_fine() -> None:
    future = court_event(
        "jurisdiction_hearing",
        "2024-03-05",
        "jurisdiction hearing",
        "The jurisdiction hearing is set for March 5, 2024 in Department 3.",
    )
    earlier = court_event(
        "detention_hearing",
        "2024-02-20",
        "detention hearing",
        "On February 20, 2024 the court ordered the child detained.",
    )
    report = document(
        "report-1", "social_worker_report", "2024-03-01", dates=[DATED], court_events=[future, earlier]
    )
    assert find_fraud_indicators([report]) == {}


def test_proof_of_service_signed_before_the_service_it_attests() -> None:
    signed = mention("2024-03-05", "March 5, 2024", "signed", page=1, start=500)
    served = mention("2024-03-08", "March 8, 2024", "served", page=1, start=120)
    proof = document("pos-1", "proof_of_service", "2024-03-05", sworn=True, dates=[served, signed])
    (indicator,) = find_fraud_indicators([proof])["pos-1"]
    assert indicator.kind == "signed_before_attested_act"
    assert [e.quote for e in indicator.evidence] == ["March 5, 2024", "March 8, 2024"]
    served_before = mention("2024-03-04", "March 4, 2024", "served", page=1, start=120)
    honest = document("pos-2", "proof_of_service", "2024-03-05", sworn=True, dates=[served_before, signed])
    assert find_fraud_indicators([honest]) == {}


def test_notice_dated_before_its_mailing_is_normal() -> None:
    mailed = mention("2024-03-08", "March 8, 2024", "mailed")
    notice = document(
        "notice-1", "notice", "2024-03-05", dates=[mention("2024-03-05", "March 5, 2024"), mailed]
    )
    assert find_fraud_indicators([notice]) == {}


def test_proof_of_service_dated_before_the_document_it_served() -> None:
    proof = document(
        "pos-1",
        "proof_of_service",
        "2024-03-05",
        title="Proof of Service - Jurisdiction Report",
        dates=[mention("2024-03-05", "03/05/2024", "signed")],
        dockets=["JV-2024-000123"],
    )
    served = document(
        "report-9",
        "social_worker_report",
        "2024-03-10",
        title="Jurisdiction Report",
        dates=[mention("2024-03-10", "March 10, 2024", "dated")],
        dockets=["JV-2024-000123"],
    )
    (indicator,) = find_fraud_indicators([proof, served])["pos-1"]
    assert indicator.kind == "service_before_document"
    assert {e.document_id for e in indicator.evidence} == {"pos-1", "report-9"}

    earlier = document(
        "report-9",
        "social_worker_report",
        "2024-03-04",
        title="Jurisdiction Report",
        dates=[mention("2024-03-04", "March 4, 2024", "dated")],
        dockets=["JV-2024-000123"],
    )
    assert find_fraud_indicators([proof, earlier]) == {}
    other_case = document(
        "report-9",
        "social_worker_report",
        "2024-03-10",
        title="Jurisdiction Report",
        dates=[mention("2024-03-10", "March 10, 2024", "dated")],
        dockets=["JV-2023-000999"],
    )
    assert find_fraud_indicators([proof, other_case]) == {}


def test_past_tense_across_a_pdf_line_wrap_and_header_labels() -> None:
    wrapped = court_event(
        "jurisdiction_hearing",
        "2024-12-23",
        "jurisdiction hearing",
        "At the jurisdiction hearing on December 23, 2024, the\nfather did not appear, and the "
        "court found that the agency had exercised due diligence.",
    )
    dates = [mention("2024-12-02", "December 2, 2024", "signed", start=740)]
    declaration = document(
        "decl-1", "declaration", "2024-12-02", sworn=True, dates=dates, court_events=[wrapped]
    )
    assert [i.kind for i in find_fraud_indicators([declaration])["decl-1"]] == ["dated_before_event"]
    header = court_event(
        "hearing",
        "2024-11-21",
        "hearing",
        "DETENTION REPORT\nHearing date: November 21, 2024 "
        "Social worker: K. Smith\nThe child was removed on November 18, 2024.",
    )
    report = document("rep-1", "social_worker_report", "2024-11-20", dates=[DATED], court_events=[header])
    assert find_fraud_indicators([report]) == {}
    email = document(
        "mail-1",
        "email",
        "2025-07-15",
        court_events=[
            court_event(
                "366.26_hearing",
                "2025-11-13",
                "366.26 hearing",
                "The court set the 366.26 hearing for Nov 13.",
            )
        ],
    )
    assert find_fraud_indicators([email]) == {}


def test_a_notice_is_the_served_copy_only_for_the_same_person_and_hearing() -> None:
    """Each person gets a notice of their own, dated when it was sent: a proof of service on the father
    says nothing about when the mother's copy of the notice of the same hearing was written."""
    hearing = court_event(
        "366.26_hearing", "2025-09-10", "366.26 hearing", "the hearing set on September 10, 2025"
    )
    proof = document(
        "pos-1",
        "proof_of_service",
        "2025-07-02",
        title="Proof of Personal Service - Notice of Hearing on Selection of a Permanent Plan",
        dates=[mention("2025-07-02", "July 2, 2025", "signed")],
        parties=[party("Dario Quintero Lind", "parent", "Dario Quintero Lind (father)")],
        court_events=[hearing],
        dockets=["JV-2025-000321"],
    )

    def notice(addressee: str | None, day: str = "2025-09-10") -> CaseDocument:
        to = [party(addressee, "parent", f"TO: {addressee}")] if addressee else []
        return document(
            "notice-7",
            "notice",
            "2025-08-01",
            title="Notice of Hearing on Selection of a Permanent Plan",
            dates=[mention("2025-08-01", "August 1, 2025", "dated")],
            parties=[*to, party("Wren Okafor", "social_worker", "Wren Okafor, Social Worker")],
            court_events=[court_event("366.26_hearing", day, "366.26 hearing", "DATE: the hearing")],
            dockets=["JV-2025-000321"],
        )

    assert find_fraud_indicators([proof, notice("Mireya Soledad Lind")]) == {}, "the mother's copy"
    assert find_fraud_indicators([proof, notice("Dario Q. Lind", day="2025-11-05")]) == {}, (
        "his notice of another hearing"
    )
    (indicator,) = find_fraud_indicators([proof, notice("Dario Q. Lind")])["pos-1"]
    assert indicator.kind == "service_before_document"
    assert {e.document_id for e in indicator.evidence} == {"pos-1", "notice-7"}
    assert "pos-1" in find_fraud_indicators([proof, notice(None)]), "not known whose copy: still flagged"
