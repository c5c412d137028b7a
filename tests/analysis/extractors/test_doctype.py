"""Document type from title lines, layout and MIME type; the perjury clause and its variants."""

from __future__ import annotations

import pytest

from aseagi.analysis.extractors.doctype import classify_document
from aseagi.analysis.extractors.passages import Source
from aseagi.analysis.extractors.perjury_clause import find_perjury_clause

CAPTION = "SUPERIOR COURT OF CALIFORNIA, COUNTY OF ALAMEDA\nJUVENILE DIVISION\nCase No. J24-00478\n"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("MINUTE ORDER", "minute_order"),
        ("JUVENILE DEPENDENCY MINUTE ORDER - JURISDICTION HEARING", "minute_order"),
        ("FINDINGS AND ORDERS AFTER DISPOSITIONAL HEARING", "court_order"),
        ("ORDER AFTER HEARING", "court_order"),
        ("JUVENILE DEPENDENCY PETITION (Welf. & Inst. Code, § 300)", "petition"),
        ("DETENTION REPORT", "social_worker_report"),
        ("JURISDICTION/DISPOSITION REPORT", "social_worker_report"),
        ("Status Review Report", "social_worker_report"),
        ("DECLARATION OF JANE DOE", "declaration"),
        ("DECLARATION OF JANE DOE IN SUPPORT OF MOTION TO CONTINUE", "declaration"),
        ("PROOF OF SERVICE BY MAIL", "proof_of_service"),
        ("DECLARATION OF SERVICE", "proof_of_service"),
        ("NOTICE OF HEARING ON JUVENILE DEPENDENCY PETITION", "notice"),
        ("NOTICE OF MOTION AND MOTION TO DISMISS", "motion"),
        ("OAKLAND POLICE DEPARTMENT INCIDENT REPORT", "police_report"),
        ("DISCHARGE SUMMARY", "medical_record"),
    ],
)
def test_titles(title: str, expected: str) -> None:
    kind = classify_document([f"{CAPTION}{title}\n\nThe body of the paper follows here."])
    assert kind.document_type == expected
    assert kind.title == title


def test_body_sentences_are_not_titles() -> None:
    page = "Yesterday the court issued an order and a petition was filed. Please call me."
    assert classify_document([page]).document_type == "other"


def test_email_by_headers_and_by_mime() -> None:
    page = (
        "From: Jane <jane@example.org>\nTo: csw@example.org\n"
        "Date: Mon, 4 Mar 2024 10:00\nSubject: Visits\n\nHi"
    )
    kind = classify_document([page])
    assert (kind.document_type, kind.title) == ("email", "Visits")
    assert classify_document(["Hi there"], "message/rfc822").document_type == "email"


def test_chat_phone_log_and_letter() -> None:
    chat = "\n".join(f"[03/0{i}/24, 10:0{i}:00] Jane: hello {i}" for i in range(1, 5))
    assert classify_document([chat]).document_type == "chat"
    log = "\n".join(f"03/0{i}/2024 Outgoing call 2 min" for i in range(1, 4)) + "\n03/05/2024 Missed call"
    assert classify_document([log]).document_type == "phone_log"
    letter = ["March 4, 2024\n\nDear Ms. Doe,\n\nYour visit is set.", "Sincerely,\nAnna Park"]
    assert classify_document(letter).document_type == "letter"


@pytest.mark.parametrize(
    "clause",
    [
        "I declare under penalty of perjury under the laws of the State of California that the foregoing is "
        "true and correct.",
        "I declare under penalty of perjury under the laws of the State of California\nthat the foregoing is "
        "true and correct.",
        "I, Anna Park, declare under penalty of perjury that the foregoing is true and correct.",
        "I certify (or declare) under penalty of perjury under the laws of the State of California that the "
        "foregoing is true and correct.",
        "The undersigned declares under penalty of perjury that the foregoing is true.",
        "Under penalty of perjury, I declare that the above is true.",
        "I declare under penalty of perjury under the laws of the United States of America that the "
        "foregoing "
        "is true and correct.",
    ],
)
def test_perjury_clause_variants(clause: str) -> None:
    pages = ["Page one text.", f"Body.\n{clause}\nExecuted on March 9, 2024."]
    evidence = find_perjury_clause(pages, Source(file_name="d.pdf"))
    assert evidence is not None
    assert evidence.page == 2
    assert pages[1][evidence.start : evidence.end] == evidence.quote
    assert "perjury" in evidence.quote


@pytest.mark.parametrize(
    "text",
    [
        "The mother was warned that false statements are punishable as perjury.",
        "Perjury is a crime under Pen. Code § 118.",
        "No declaration here.",
    ],
)
def test_not_a_perjury_clause(text: str) -> None:
    assert find_perjury_clause([text], Source()) is None
