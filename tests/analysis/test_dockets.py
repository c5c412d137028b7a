"""Docket numbers of every court the case touches, normalized, and look-alikes that are not dockets."""

from __future__ import annotations

import pytest

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
