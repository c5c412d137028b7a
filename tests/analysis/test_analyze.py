"""The whole analyzer on realistic fictional papers: a minute order, a social worker's report, a
declaration; and the offset invariant on every output."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from aseagi.analysis import analyze_document
from aseagi.analysis.schemas import DocumentAnalysis, Evidence

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("CORPUS_DIR") or ROOT.parent / "shared" / "corpus")

MINUTE_ORDER = [
    """SUPERIOR COURT OF CALIFORNIA, COUNTY OF ALAMEDA
JUVENILE DIVISION
In re the Matter of EMILY DOE, a Minor
Case No. JV-2024-001234
MINUTE ORDER - JURISDICTION HEARING
Date: 04/15/2024   Time: 8:30 a.m.   Dept. 12
Judicial Officer: Hon. Maria Lopez
Present: CSW Anna Park; Deputy County Counsel Brian Kelly; Sarah Wong, Attorney for Mother.
The mother, Jane Doe, is present. The father, John Doe, is not present.
The Court finds notice was given as required by Welf. & Inst. Code, § 291.
""",
    """Case No. JV-2024-001234                                  Page 2 of 2
The court sustains the allegations under section 300, subdivision (b)(1).
The disposition hearing is set for May 6, 2024 at 9:00 a.m. in Department 12.
""",
]

SW_REPORT = [
    """SUPERIOR COURT OF CALIFORNIA, COUNTY OF ALAMEDA
Case No. J24-00478
DETENTION REPORT
Hearing Date: March 5, 2024
The child was removed on March 1, 2024 and the petition was filed on March 4, 2024.
The mother was contacted by telephone on March 2, 2024 and was notified of the hearing.
The mother has not requested visits.
The parents were not asked about Indian ancestry.
""",
    """Pursuant to Welf. & Inst. Code, § 319, subd. (b), detention is recommended.
See In re Kieshia E. (1993) 6 Cal.4th 68.
I declare under penalty of perjury under the laws of the State of California that the foregoing is true
and correct.
Executed on March 4, 2024 at Oakland, California.
Anna Park, CSW
""",
]

DECLARATION = [
    """DECLARATION OF JANE DOE
Case No. JV-2024-001234
I, Jane Doe, declare:
1. I am the mother of Emily Doe.
2. No one called me on March 2, 2024. My phone log shows no call that day.
3. I asked to visit my daughter on March 3, 2024 by email.
I declare under penalty of perjury under the laws of the State of California that the foregoing is true
and correct. Executed on March 20, 2024.
""",
]


def _evidence(analysis: DocumentAnalysis) -> list[Evidence]:
    found = [m.evidence for m in analysis.dockets]
    found += [p.evidence for p in analysis.parties]
    found += [e.evidence for e in analysis.court_events]
    found += [s.evidence for s in analysis.statements]
    if analysis.perjury_clause:
        found.append(analysis.perjury_clause)
    for score in (
        analysis.scores.micro,
        analysis.scores.macro,
        analysis.scores.legal,
        analysis.scores.relevancy,
    ):
        found += [c.evidence for c in score.breakdown if c.evidence is not None]
    return found


def assert_offsets(pages: list[str], analysis: DocumentAnalysis) -> None:
    for evidence in _evidence(analysis):
        assert pages[evidence.page - 1][evidence.start : evidence.end] == evidence.quote
    for mention in [*analysis.dates, *analysis.citations]:
        assert pages[mention.page - 1][mention.start : mention.end] == mention.text


def test_minute_order() -> None:
    analysis = analyze_document(MINUTE_ORDER, file_name="mo.pdf", document_id="doc-1")
    assert_offsets(MINUTE_ORDER, analysis)
    assert analysis.document_type == "minute_order"
    assert analysis.document_date == dt.date(2024, 4, 15)
    assert analysis.docket_numbers == ["JV-2024-001234"]
    assert [c.normalized for c in analysis.citations] == ["WIC 291", "WIC 300(b)(1)"]
    assert {(p.name, p.role) for p in analysis.parties} >= {
        ("Maria Lopez", "judge"),
        ("Anna Park", "social_worker"),
        ("Brian Kelly", "county_counsel"),
        ("Sarah Wong", "parent_attorney"),
        ("Jane Doe", "parent"),
    }
    events = [(e.event_type, e.event_date, e.department, e.time) for e in analysis.court_events]
    assert events == [
        ("jurisdiction_hearing", dt.date(2024, 4, 15), "12", "8:30 a.m."),
        ("disposition_hearing", dt.date(2024, 5, 6), "12", "9:00 a.m."),
    ]
    assert all(
        e.evidence.document_id == "doc-1" and e.evidence.file_name == "mo.pdf" for e in analysis.court_events
    )
    assert not analysis.under_penalty_of_perjury


def test_social_worker_report() -> None:
    analysis = analyze_document(SW_REPORT)
    assert_offsets(SW_REPORT, analysis)
    assert analysis.document_type == "social_worker_report"
    assert analysis.under_penalty_of_perjury
    assert analysis.perjury_clause is not None
    assert analysis.perjury_clause.page == 2
    assert analysis.document_date == dt.date(2024, 3, 4)
    assert {(e.event_type, e.event_date) for e in analysis.court_events} >= {
        ("removal", dt.date(2024, 3, 1)),
        ("petition_filed", dt.date(2024, 3, 4)),
    }
    kinds = {(s.kind, s.polarity, s.subject) for s in analysis.statements}
    assert ("notice_given", "affirmed", "mother") in kinds
    assert ("visit_request", "denied", "mother") in kinds
    assert ("icwa_inquiry", "denied", "parents") in kinds
    assert all(s.sworn for s in analysis.statements)
    assert {"WIC 319(b)", "6 Cal.4th 68"} <= {c.normalized for c in analysis.citations}
    assert ("Anna Park", "social_worker") in {(p.name, p.role) for p in analysis.parties}
    assert analysis.scores.micro.value > 0
    assert analysis.scores.micro.breakdown[0].evidence is not None


def test_declaration() -> None:
    analysis = analyze_document(DECLARATION, mime_type="application/pdf")
    assert_offsets(DECLARATION, analysis)
    assert analysis.document_type == "declaration"
    assert analysis.document_date == dt.date(2024, 3, 20)
    assert analysis.under_penalty_of_perjury
    assert analysis.scores.legal.value > analyze_document(["Hi, see you soon."]).scores.legal.value


def test_caller_document_date_wins() -> None:
    analysis = analyze_document(DECLARATION, document_date=dt.date(2024, 1, 1))
    assert analysis.document_date == dt.date(2024, 1, 1)


def test_deterministic() -> None:
    first = analyze_document(SW_REPORT, file_name="r.pdf")
    assert analyze_document(SW_REPORT, file_name="r.pdf").model_dump_json() == first.model_dump_json()


def test_empty_and_blank_pages() -> None:
    for pages in ([], [""], ["   \n\n  "]):
        analysis = analyze_document(pages)
        assert analysis.document_type == "other"
        assert analysis.scores.relevancy.value == 0 or analysis.scores.relevancy.value < 100


def test_robust_on_corpus_text() -> None:
    """Real-world text from other projects' fixtures must not crash the analyzer or break offsets."""
    folder = CORPUS / "email"
    if not folder.is_dir():
        pytest.skip("robustness corpus not present")
    files = sorted(p for p in folder.rglob("*") if p.is_file())[:40]
    for path in files:
        text = path.read_bytes()[:20000].decode("utf-8", "replace")
        pages = [text[i : i + 3000] for i in range(0, len(text), 3000)] or [""]
        assert_offsets(pages, analyze_document(pages, file_name=path.name))
