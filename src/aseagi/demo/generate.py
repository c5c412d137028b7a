"""Write the fictional DEMO case: ≥ 40 files in every format the parsers read, and ``ground_truth.json``.

The same seed gives the same bytes. The seed drives the scan's noise and rotation and the routine
filler documents (visit logs) added until ``n_documents`` files exist; the planted story is fixed.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from aseagi.demo import correspondence as mail
from aseagi.demo import court_papers as papers
from aseagi.demo import reports
from aseagi.demo import story as s
from aseagi.demo.drafts import Draft
from aseagi.demo.marked_text import DateStyle, MarkedText
from aseagi.demo.truth import DocumentTruth, GroundTruth, HearingTruth
from aseagi.demo.writers import render

GROUND_TRUTH_FILE = "ground_truth.json"


def service_packet() -> Draft:
    """A ZIP the mother's lawyer received: case plan, visitation schedule, caregiver letter."""
    plan = MarkedText()
    plan.add(
        f"CASE PLAN - {plan.docket('JV-2024-001234')}",
        f"Effective {plan.date(s.DISPOSITION, 'long')}. The mother will complete a parenting course and",
        f"individual counseling, as ordered under {plan.cite('WIC 362', 'WIC 362')}.",
    )
    schedule = MarkedText()
    # Truth 'hearing' (was a specific type): the text names none, so the document cannot support one.
    schedule.add(
        "Visitation schedule (supervised)",
        f"From {schedule.date(s.STATUS_HEARING, 'slash4')}: Thursdays 3:00 to 4:00 p.m., Room 12.",
        f"Next court date: {schedule.hearing(s.SIX_MONTH_REVIEW, 'hearing', 'slash4')}",
    )
    letter = MarkedText()
    letter.add(
        "To whom it may concern,",
        f"Maya has lived with me since {letter.date(s.REMOVAL, 'abbr')}. She asks for her mother every day.",
        "Gloria Whitfield (maternal grandmother), 41 Poplar Street, San Lorenzo, CA 94580",
    )
    letter.negative("94580")
    members = [
        Draft("case_plan.docx", "docx", "other", plan, title="Case plan"),
        Draft("visitation_schedule.html", "html", "other", schedule, title="Visitation schedule"),
        Draft("letter_from_caregiver.txt", "txt", "letter", letter),
    ]
    return Draft("service_packet_2025-02.zip", "zip", "other", MarkedText(), members=members)


def correspondence_mbox() -> Draft:
    return Draft("mother_correspondence.mbox", "mbox", "email", MarkedText(), members=mail.mbox_messages())


def core_drafts() -> list[Draft]:
    """The planted story, one draft per top-level file."""
    return [
        papers.police_report(),
        papers.petition(),
        reports.detention_report(),
        papers.detention_minutes(),
        papers.notice_of_jurisdiction_hearing(),
        papers.proof_of_service_mail_2024(),
        papers.due_diligence_declaration(),
        papers.jurisdiction_minutes(),
        papers.continuance_minutes(),
        papers.electronic_service_proof(),
        papers.disposition_minutes(),
        papers.eli_detention_minutes(),
        reports.status_review_report(),
        papers.six_month_minutes(),
        papers.notice_366_26(),
        papers.proof_of_service_366_26(),
        papers.minutes_366_26_continued(),
        papers.personal_service_proof(),
        papers.icwa_inquiry_form(),
        papers.family_court_order(),
        reports.notice_of_rights_scan("2024-11-25_notice_of_rights_scan.png", "png"),
        reports.notice_of_rights_scan("2024-11-25_notice_of_rights_scan.pdf", "scanned_pdf"),
        reports.jurisdiction_report(),
        reports.mother_declaration(),
        reports.notice_of_appeal(),
        reports.visitation_minutes(),
        reports.eli_jurisdiction_minutes(),
        reports.court_of_appeal_docket(),
        reports.casa_report(),
        mail.nobody_called_email(),
        mail.notice_email(papers.notice_of_jurisdiction_hearing()),
        mail.appeal_deadline_email(mail.appeal_advisement()),
        mail.writ_email(),
        mail.pacer_nef(),
        correspondence_mbox(),
        mail.sms_backup(),
        mail.call_log(),
        mail.whatsapp_chat(),
        mail.hearing_notes(),
        service_packet(),
    ]


_FILLER_FORMATS = ("pdf", "html", "txt", "docx", "rtf")
_FILLER_STYLES: tuple[DateStyle, ...] = ("long", "slash", "abbr", "iso", "slash4")
_FILLER_NOTES = (
    "The mother arrived on time and brought lunch.",
    "The child ran to the mother and hugged her.",
    "The visit ended ten minutes early because the child was tired.",
    "The mother read two books with the child.",
)


def filler_drafts(count: int, rng: random.Random) -> list[Draft]:
    """Routine supervised-visit logs on seeded weekdays: volume without planted findings."""
    start = dt.date(2025, 2, 3)  # to 2025-03-19: the mother's 4/3 text says no visit since 3/20
    window = [start + dt.timedelta(days=offset) for offset in range(45)]
    weekdays = sorted(rng.choice([day for day in window if day.weekday() < 5]) for _ in range(count))
    drafts = []
    for number, day in enumerate(weekdays, start=1):
        t = MarkedText()
        fmt = _FILLER_FORMATS[number % len(_FILLER_FORMATS)]
        t.add(
            f"SUPERVISED VISIT LOG - {t.docket('JV-2024-001234')}",
            f"Visit date: {t.date(day, _FILLER_STYLES[number % len(_FILLER_STYLES)])}, 3:00 to 4:00 p.m.",
            f"Monitor: Case aide T. Nguyen. {rng.choice(_FILLER_NOTES)}",
            f"Page 1 of 1. Room {rng.randrange(2, 20)}.",
        )
        extension = {"pdf": "pdf", "html": "html", "txt": "txt", "docx": "docx", "rtf": "rtf"}[fmt]
        drafts.append(Draft(f"{day.isoformat()}_visit_log_{number:02d}.{extension}", fmt, "other", t))
    return drafts


def document_truth(draft: Draft, file_name: str, member: str | None) -> DocumentTruth:
    body = draft.body
    return DocumentTruth(
        file_name=file_name,
        member=member,
        format=draft.format,
        document_type=draft.document_type,
        under_penalty_of_perjury=draft.sworn,
        text=body.text,
        dockets=sorted(body.dockets),
        docket_texts=[body.dockets[key] for key in sorted(body.dockets)],
        citations=sorted(body.citations),
        citation_texts=[body.citations[key] for key in sorted(body.citations)],
        dates=sorted(body.dates),
        date_texts=[body.dates[day] for day in sorted(body.dates)],
        incidental_dates=sorted(draft.incidental_dates - set(body.dates)),
        hearings=[HearingTruth(date=h.date, event_type=h.event_type, text=h.text) for h in body.hearings],
        negatives=list(body.negatives),
    )


def truths_for(draft: Draft) -> list[DocumentTruth]:
    """The file's own truth (when it has text of its own) and its members'."""
    own = [document_truth(draft, draft.file_name, None)] if draft.format not in ("zip", "mbox") else []
    members = [document_truth(member, draft.file_name, member.file_name) for member in draft.members]
    return own + members


def generate_case(
    out_dir: Path, *, seed: int = 7, n_documents: int = 48, truth_file: Path | None = None
) -> GroundTruth:
    """Write the DEMO case into ``out_dir`` and return (and write) its ground truth.

    The truth goes to ``truth_file`` when given: ``aseagi demo`` keeps it outside the folder it ingests,
    so the answer key never becomes evidence of the case. By default it sits beside the files, where
    ``aseagi eval`` reads it.
    """
    drafts = core_drafts()
    if n_documents < len(drafts):
        raise ValueError(
            f"the DEMO case needs at least {len(drafts)} documents, got n_documents={n_documents}"
        )
    rng = random.Random(seed)
    drafts += filler_drafts(n_documents - len(drafts), rng)
    out_dir.mkdir(parents=True, exist_ok=True)
    documents: list[DocumentTruth] = []
    for draft in drafts:
        (out_dir / draft.file_name).write_bytes(render(draft, seed))
        documents.extend(truths_for(draft))
    hearings = {(h.date, h.event_type): h for document in documents for h in document.hearings}
    truth = GroundTruth(
        seed=seed,
        today=s.TODAY,
        dockets=sorted({docket for document in documents for docket in document.dockets}),
        documents=documents,
        hearings=[hearings[key] for key in sorted(hearings)],
        deadlines=list(s.DEADLINES),
        violations=list(s.VIOLATIONS),
        contradictions=list(s.CONTRADICTIONS),
        fraud=list(s.FRAUD),
        negatives=list(s.NEGATIVES),
    )
    truth_path = truth_file or out_dir / GROUND_TRUTH_FILE
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    truth_path.write_text(truth.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return truth


def load_ground_truth(case_dir: Path) -> GroundTruth:
    return GroundTruth.model_validate_json((case_dir / GROUND_TRUTH_FILE).read_text(encoding="utf-8"))
