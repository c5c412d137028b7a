"""Docket numbers of every court the case touches, normalized, and look-alikes that are not dockets."""

from __future__ import annotations

import pytest

from aseagi.analysis.extractors.docket_forms import DocketForm, DocketFormError, load_forms, parse_forms
from aseagi.analysis.extractors.dockets import distinct_dockets, extract_dockets, normalize_docket
from aseagi.analysis.extractors.passages import Source

SOURCE = Source(file_name="x.pdf")
BODY = "\n" * 20  # past page 1's caption lines, so only a cue makes a mention the caption's


@pytest.mark.parametrize(
    ("written", "normalized", "kind"),
    [
        ("J24-00478", "J24-00478", "juvenile"),
        ("JV-2025-001234", "JV-2025-001234", "juvenile"),
        ("JV 2025 001234", "JV-2025-001234", "juvenile"),
        ("JV–2025–001234", "JV-2025-001234", "juvenile"),
        ("jv-2025-001234", "JV-2025-001234", "juvenile"),
        ("JD-24-123", "JD-24-123", "juvenile"),
        ("24JD00123", "24JD00123", "juvenile"),
        ("24-JV-00123", "24-JV-00123", "juvenile"),
        ("DK12345A", "DK12345A", "juvenile"),
        ("24FL001927", "24FL001927", "family"),
        ("FL-2024-003417", "FL-2024-003417", "family"),
        ("FAM-2024-00123", "FAM-2024-00123", "family"),
        ("2:24-cv-01234-ABC-DEF", "2:24-cv-01234", "federal"),
        ("3:23-cv-5678", "3:23-cv-5678", "federal"),
        ("1:24-cr-00012", "1:24-cr-00012", "federal"),
    ],
)
def test_forms(written: str, normalized: str, kind: str) -> None:
    text = f"{BODY}The related matter {written} was discussed."
    (mention,) = extract_dockets(text, 2, SOURCE)
    assert (mention.text, mention.normalized, mention.kind, mention.in_caption) == (
        written,
        normalized,
        kind,
        False,
    )
    assert text[mention.evidence.start : mention.evidence.end] == mention.evidence.quote == written
    assert mention.evidence.file_name == "x.pdf"


@pytest.mark.parametrize(
    "text",
    [
        "Court of Appeal No. A171234",
        "Appeal No. B331234",
        "Case H051234",
        "Cal. Ct. App. No. G061234",
    ],
)
def test_appellate_numbers_need_a_cue(text: str) -> None:
    (mention,) = extract_dockets(BODY + text, 3, SOURCE)
    assert mention.kind == "appeal"


@pytest.mark.parametrize(
    "text",
    [
        "Part A171234 was shipped.",
        "Call (510) 555-1234 or 555-123-4567.",
        "Oakland, CA 94612-1234 or Miami, FL 33101.",
        "Page 3 of 10",
        "Bates DCFS000123 to DCFS000150",
        "Under WIC 366.21 and Pen. Code 273.5",
        "On 03/02/2024 at 14:05",
        "It cost $12,345.00",
    ],
)
def test_not_dockets(text: str) -> None:
    assert extract_dockets(BODY + text, 2, SOURCE) == []


@pytest.mark.parametrize("cue", ["Case No.", "Case Number:", "CASE NO:", "No.", "Docket No.", "Petition No."])
def test_caption_cues(cue: str) -> None:
    text = f"{BODY}{cue} J24-00478"
    (mention,) = extract_dockets(text, 2, SOURCE)
    assert mention.in_caption


def test_other_token_after_a_caption_cue() -> None:
    (mention,) = extract_dockets(f"{BODY}Case Number: 19CV123456", 2, SOURCE)
    assert (mention.normalized, mention.kind, mention.in_caption) == ("19CV123456", "other", True)


def test_caption_docket_comes_first() -> None:
    page1 = "See also 24FL001927." + BODY
    page2 = "Case No. JV-2025-001234\nand again 24FL001927 and JV 2025 001234"
    mentions = extract_dockets(page1, 2, SOURCE) + extract_dockets(page2, 3, SOURCE)
    assert distinct_dockets(mentions) == ["JV-2025-001234", "24FL001927"]


def test_first_lines_of_page_one_are_the_caption() -> None:
    (mention,) = extract_dockets("SUPERIOR COURT\nJ24-00478\n", 1, SOURCE)
    assert mention.in_caption


def test_normalize() -> None:
    assert normalize_docket(" jv — 2025 — 001234 ") == "JV-2025-001234"


# --- federal forms, normalized as CourtListener does ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("Case Number:\t1:21-cv-00057-WS-N", "1:21-cv-00057"),
        ("Subject: Activity in Case 1:21-cv-00057-WS-N Smith v. Jones Order", "1:21-cv-00057"),
        ("United States v. Doe, 2:19-cr-00123-JAD-VCF-1", "2:19-cr-00123"),
        ("complaint in 3:22-mj-4567", "3:22-mj-4567"),
        ("removed as 21-cv-01234-ABC", "21-cv-01234"),
        ("Case Number: 24-04888-CL7", "24-04888"),
        ("Bankruptcy Case No. 23-10001-abc", "23-10001"),
        ("UNITED STATES COURT OF APPEALS FOR THE NINTH CIRCUIT\nNo. 21-15678", "21-15678"),
        ("Case Number:  \n\n21-2365 <https://ecf.ca8.uscourts.gov/>", "21-2365"),
        ("IN RE: ROUNDUP PRODUCTS LIABILITY LITIGATION MDL No. 2741", "MDL-2741"),
    ],
)
def test_federal_numbers(text: str, normalized: str) -> None:
    mentions = extract_dockets(BODY + text, 2, SOURCE)
    assert [m.normalized for m in mentions] == [normalized]


def test_circuit_number_is_an_appeal_on_a_circuit_page() -> None:
    (mention,) = extract_dockets(BODY + "Ninth Circuit\nNo. 21-15678", 2, SOURCE)
    assert mention.kind == "appeal"


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("1:21-cv-00057-WS-N", "1:21-cv-00057"),
        ("2:24-CV-01234-ABC-DEF", "2:24-cv-01234"),
        ("24-04888-CL7", "24-04888"),
        ("MDL No. 2741", "MDL-2741"),
        ("24-JV-00123", "24-JV-00123"),
        ("JD-025432-01", "JD-025432-01"),
    ],
)
def test_normalize_federal_and_county(written: str, normalized: str) -> None:
    assert normalize_docket(written) == normalized


# --- California forms from rules/docket_forms.yaml ---------------------------------------------------

FORMS = load_forms()


@pytest.mark.parametrize(
    ("form", "example"), [(form, example) for form in FORMS for example in form.examples], ids=str
)
def test_every_example_is_read_after_a_label(form: DocketForm, example: str) -> None:
    mentions = extract_dockets(f"{BODY}Case No. {example}", 2, SOURCE)
    assert [m.normalized for m in mentions] == [normalize_docket(example)]
    assert mentions[0].kind in (form.kind, "other")


@pytest.mark.parametrize(
    "example", [e for form in FORMS if form.context == "supported" for e in form.examples if e[0].isalpha()]
)
def test_forms_that_need_support_are_not_read_bare(example: str) -> None:
    assert extract_dockets(f"{BODY}Item {example} was shipped in a box.", 2, SOURCE) == []


@pytest.mark.parametrize(
    "text",
    [
        "ORIGINAL PROCEEDINGS; in mandate. Super. Ct. Nos. MJP018547, MJP018664 Thomas L. Bender, Judge.",
        "Case #: E079176\nOpinion Date: 02/16/2023",
        "DocketNumber: S025565",
        "E079176  In re A.R.",
        "B327821 People v. Doe",
    ],
)
def test_supported_by_a_label_or_a_case_title(text: str) -> None:
    assert extract_dockets(BODY + text, 2, SOURCE)


def test_a_column_headed_case_number() -> None:
    table = "Date Posted    Case Number    Title\n02/16/2023    E079741    Riverside County v. M.M.\n"
    assert [m.normalized for m in extract_dockets(BODY + table, 2, SOURCE)] == ["E079741"]


def test_a_courts_listing_without_labels() -> None:
    listing = "Opinions of the Court of Appeal\nA166452  2/1/2023\nF084700M  2/2/2023\nH050526  2/3/2023\n"
    found = [m.normalized for m in extract_dockets(BODY + listing, 2, SOURCE)]
    assert found == ["A166452", "F084700M", "H050526"]


def test_a_court_caption_on_page_one() -> None:
    caption = "IN THE COURT OF APPEAL OF THE STATE OF CALIFORNIA\nSIXTH APPELLATE DISTRICT\n\nH050526\n"
    assert [m.normalized for m in extract_dockets(caption, 1, SOURCE)] == ["H050526"]


def test_a_number_accepted_once_counts_wherever_it_stands() -> None:
    text = f"{BODY}Case No. JD239697\nLater the file JD239697 was read."
    assert len(extract_dockets(text, 2, SOURCE)) == 2


@pytest.mark.parametrize(
    "text",
    [
        "Invoice No. 21-10045 is due.",
        "Account # 23-12345",
        "Call 555-1234 or (619) 367-1561 at 10:30 am 1234 Main St.",
        "ZIP 94612-1234 and 92101",
        "Bates DCFS000123-DCFS000150",
        "under section 366.21 and § 1013",
        "on 03-02-2024 and 2024-03-02",
        "SSN 123-45-6789",
        "Document Number: 23 and ECF No. 1616",
        "Meeting ID 850 752 6242, and Passcode 5801344241",
    ],
)
def test_more_look_alikes_are_not_dockets(text: str) -> None:
    assert extract_dockets(BODY + text, 2, SOURCE) == []


def test_forms_file_errors_name_the_form() -> None:
    bad = {"forms": [{"name": "broken", "kind": "juvenile", "pattern": "JD\\d{6}", "examples": ["JX1"]}]}
    with pytest.raises(DocketFormError, match="broken"):
        parse_forms(bad)
    with pytest.raises(DocketFormError, match="kind"):
        parse_forms({"forms": [{"name": "k", "kind": "civil", "pattern": "X"}]})
