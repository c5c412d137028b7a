"""The DEMO generator: deterministic, varied, and its ground truth really is in the files."""

from __future__ import annotations

import datetime as dt
import email
import hashlib
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import holidays
import pypdfium2
import pytest
from bs4 import BeautifulSoup
from docx import Document
from striprtf.striprtf import rtf_to_text

from aseagi.demo import GroundTruth, generate_case
from aseagi.demo.marked_text import format_date
from aseagi.demo.truth import DocumentTruth


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GroundTruth]:
    out = tmp_path_factory.mktemp("demo")
    return out, generate_case(out)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_same_seed_gives_same_bytes(case: tuple[Path, GroundTruth], tmp_path: Path) -> None:
    out, _ = case
    generate_case(tmp_path / "again")
    assert digests(out) == digests(tmp_path / "again")


def test_another_seed_changes_the_scan_and_filler_only(
    case: tuple[Path, GroundTruth], tmp_path: Path
) -> None:
    out, _ = case
    generate_case(tmp_path / "other", seed=8)
    first, second = digests(out), digests(tmp_path / "other")
    assert first["2024-11-20_detention_report.pdf"] == second["2024-11-20_detention_report.pdf"]
    assert first["2024-11-25_notice_of_rights_scan.png"] != second["2024-11-25_notice_of_rights_scan.png"]


def test_at_least_40_files_in_at_least_10_formats(case: tuple[Path, GroundTruth]) -> None:
    out, truth = case
    files = [p for p in out.iterdir() if p.name != "ground_truth.json"]
    assert len(files) >= 40
    assert sorted(p.name for p in files) == truth.file_names
    formats = {doc.format for doc in truth.documents if doc.member is None} | {"zip", "mbox"}
    assert len(formats) >= 10
    assert {"pdf", "scanned_pdf", "png", "docx", "rtf", "html", "eml", "sms_xml", "calls_xml"} <= formats


def test_too_few_documents_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least"):
        generate_case(tmp_path, n_documents=10)


def test_date_styles_are_written_as_people_write_them() -> None:
    day = dt.date(2024, 3, 5)
    assert format_date(day, "long") == "March 5, 2024"
    assert format_date(day, "slash") == "3/5/24"
    assert format_date(day, "iso") == "2024-03-05"
    assert format_date(day, "ordinal") == "the 5th day of March, 2024"
    assert format_date(day, "abbr") == "Mar. 5, 2024"
    assert format_date(dt.date(2024, 11, 22), "ordinal") == "the 22nd day of November, 2024"
    assert format_date(dt.date(2024, 11, 13), "ordinal") == "the 13th day of November, 2024"


def marks(doc: DocumentTruth) -> list[str]:
    return [*doc.date_texts, *doc.docket_texts, *doc.citation_texts, *(h.text for h in doc.hearings)]


def test_every_mark_is_in_the_planted_text(case: tuple[Path, GroundTruth]) -> None:
    _, truth = case
    for doc in truth.documents:
        assert len(doc.date_texts) == len(doc.dates)
        for mark in marks(doc):
            assert mark in doc.text, (doc.file_name, doc.member, mark)


def extracted_text(path: Path, fmt: str) -> str | None:
    """The file's text read back with libraries independent of ASEAGI's parsers."""
    if fmt == "pdf":
        pdf = pypdfium2.PdfDocument(path)
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    if fmt == "docx":
        return "\n".join(p.text for p in Document(str(path)).paragraphs)
    if fmt == "rtf":
        return str(rtf_to_text(path.read_text(encoding="ascii")))
    if fmt == "html":
        return BeautifulSoup(path.read_bytes(), "html.parser").get_text("\n")
    if fmt in {"txt", "whatsapp_txt"}:
        return path.read_text(encoding="utf-8")
    if fmt == "eml":
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        return str(body.get_content())  # type: ignore[attr-defined]
    if fmt == "sms_xml":
        return "\n".join(sms.attrib["body"] for sms in ET.parse(path).getroot())
    return None


def test_every_mark_is_in_the_written_file(case: tuple[Path, GroundTruth]) -> None:
    out, truth = case
    checked = 0
    for doc in truth.documents:
        if doc.member is not None:
            continue
        text = extracted_text(out / doc.file_name, doc.format)
        if text is None:
            continue
        for mark in marks(doc):
            assert squash(mark) in squash(text), (doc.file_name, mark)
        checked += 1
    assert checked >= 35


def test_zip_members_and_attachments_carry_their_marks(case: tuple[Path, GroundTruth]) -> None:
    out, truth = case
    with zipfile.ZipFile(out / "service_packet_2025-02.zip") as archive:
        names = set(archive.namelist())
        letter = archive.read("letter_from_caregiver.txt").decode()
    members = [doc for doc in truth.documents if doc.file_name == "service_packet_2025-02.zip"]
    assert {doc.member for doc in members} == names
    caregiver = next(doc for doc in members if doc.member == "letter_from_caregiver.txt")
    assert all(mark in letter for mark in marks(caregiver))
    raw = (out / "2025-01-31_email_appeal_deadline.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    attachments = [part.get_filename() for part in message.iter_attachments()]  # type: ignore[attr-defined]
    assert attachments == ["advisement_of_appeal_rights.pdf"]
    mbox = (out / "mother_correspondence.mbox").read_text()
    assert mbox.count("\nFrom ") + mbox.startswith("From ") == 4


def test_call_log_has_no_call_on_the_claimed_day(case: tuple[Path, GroundTruth]) -> None:
    out, _ = case
    days = {
        dt.datetime.fromtimestamp(int(call.attrib["date"]) / 1000, dt.UTC).date()
        for call in ET.parse(out / "mother_call_log.xml").getroot()
    }
    assert dt.date(2024, 11, 18) in days
    assert dt.date(2024, 11, 19) not in days


def test_the_planted_contradiction_sources_say_what_they_must(case: tuple[Path, GroundTruth]) -> None:
    _, truth = case
    by_file = {doc.file_name: doc.text for doc in truth.documents if doc.member is None}
    assert "The mother was contacted by telephone on November 19, 2024" in squash(
        by_file["2024-11-20_detention_report.pdf"]
    )
    assert "has not requested visitation" in by_file["2025-06-30_status_review_report.pdf"]
    texts = by_file["mother_sms_backup.xml"].lower()
    assert sum(word in texts for word in ("have a visit", "requesting a visit", "asking for visitation")) == 3
    assert "under penalty of perjury" in by_file["2024-12-02_declaration_due_diligence.pdf"]


def court_holidays(year: int) -> set[dt.date]:
    """California judicial holidays: the state list plus Lincoln's Birthday, less Susan B. Anthony Day."""
    state = holidays.country_holidays("US", subdiv="CA", years=[year])
    days = {day for day, name in state.items() if "Susan B. Anthony" not in name}
    return days | {dt.date(year, 2, 12)}


def is_court_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in court_holidays(day.year)


def add_court_days(start: dt.date, count: int) -> dt.date:
    day = start
    while count:
        day += dt.timedelta(days=1)
        count -= is_court_day(day)
    return day


def roll_forward(day: dt.date) -> dt.date:
    while not is_court_day(day):
        day += dt.timedelta(days=1)
    return day


def test_hand_computed_deadlines_agree_with_an_independent_count(case: tuple[Path, GroundTruth]) -> None:
    _, truth = case
    court_day_rules = {"WIC 334": 15, "WIC 358(a)": 10}
    calendar_rules = {"WIC 352(b)": 60, "CRC 8.406(a)": 60, "CRC 8.450(e)": 7}
    checked = 0
    for deadline in truth.deadlines:
        if deadline.rule in court_day_rules:
            expected = add_court_days(deadline.trigger_date, court_day_rules[deadline.rule])
        elif deadline.rule in calendar_rules:
            expected = roll_forward(deadline.trigger_date + dt.timedelta(days=calendar_rules[deadline.rule]))
        elif deadline.rule == "WIC 294(c)(1)":
            expected = deadline.trigger_date - dt.timedelta(days=45)
        else:
            continue
        assert deadline.due_date == expected, deadline.computation
        checked += 1
    assert checked >= 9
