"""Statutes, rules of court and case law in the forms dependency papers use, with short forms."""

from __future__ import annotations

import pytest

from aseagi.analysis.extractors.citations import extract_citations, is_dependency_text


def _normalized(text: str, *, dependency: bool = True) -> list[str]:
    found = extract_citations(text, 1, dependency=dependency)
    for citation in found:
        assert text[citation.start : citation.end] == citation.text
    return [c.normalized for c in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Welf. & Inst. Code, § 319, subd. (b)", ["WIC 319(b)"]),
        ("Welfare and Institutions Code section 300", ["WIC 300"]),
        ("WIC 319(b)", ["WIC 319(b)"]),
        ("W&I 300(j)", ["WIC 300(j)"]),
        ("W.I.C. § 361.5", ["WIC 361.5"]),
        ("section 300, subdivision (b)(1)", ["WIC 300(b)(1)"]),
        ("sections 361 and 362", ["WIC 361", "WIC 362"]),
        ("§§ 361.5, subd. (b)(10)", ["WIC 361.5(b)(10)"]),
        ("Pen. Code § 273a", ["PC 273a"]),
        ("Penal Code section 273.5", ["PC 273.5"]),
        ("Fam. Code, § 3011", ["FC 3011"]),
        ("Evid. Code § 1101", ["EVID 1101"]),
        ("Code Civ. Proc., § 1013, subd. (a)", ["CCP 1013(a)"]),
        ("Code of Civil Procedure section 12a", ["CCP 12a"]),
        ("CCP 1010.6", ["CCP 1010.6"]),
        ("Gov. Code § 6254", ["GOV 6254"]),
        ("Civ. Code § 47", ["CIV 47"]),
        ("Health & Saf. Code § 11350", ["HSC 11350"]),
        ("rule 8.406(a)", ["CRC 8.406(a)"]),
        ("Cal. Rules of Court, rule 5.690", ["CRC 5.690"]),
        ("California Rules of Court, rules 5.668 and 5.670", ["CRC 5.668", "CRC 5.670"]),
        ("CRC 5.690", ["CRC 5.690"]),
        ("Cal. Rules Ct., rule 5.534(k)", ["CRC 5.534(k)"]),
        ("25 U.S.C. § 1912", ["25 USC 1912"]),
        ("42 USC 1983", ["42 USC 1983"]),
        ("25 U.S.C. §§ 1911-1912", ["25 USC 1911", "25 USC 1912"]),
        ("25 C.F.R. § 23.11", ["25 CFR 23.11"]),
        ("section 3011 of the Family Code", ["FC 3011"]),
    ],
)
def test_statutes_and_rules(text: str, expected: list[str]) -> None:
    assert _normalized(f"As required by {text}, the court acted.") == expected


def test_kinds_and_text_as_written() -> None:
    text = "Under Welf. & Inst. Code, § 319, subd. (b) and rule 5.690."
    statute, rule = extract_citations(text, 2, dependency=True)
    assert (statute.kind, statute.text, statute.page) == (
        "statute",
        "Welf. & Inst. Code, § 319, subd. (b)",
        2,
    )
    assert (rule.kind, rule.normalized) == ("rule", "CRC 5.690")


def test_case_law_with_name() -> None:
    text = (
        "The court relied on In re Kieshia E. (1993) 6 Cal.4th 68, 77, and Santosky v. Kramer, 455 U.S. 745."
    )
    found = [c for c in extract_citations(text, 1, dependency=True) if c.kind == "case"]
    assert [c.normalized for c in found] == ["6 Cal.4th 68", "455 U.S. 745"]
    assert found[0].text == "In re Kieshia E. (1993) 6 Cal.4th 68"
    assert found[1].text == "Santosky v. Kramer, 455 U.S. 745"


def test_bare_section_outside_dependency_is_skipped() -> None:
    assert _normalized("See section 1500 of the contract.", dependency=False) == []
    assert _normalized("See section 300.", dependency=True) == ["WIC 300"]


@pytest.mark.parametrize(
    "text",
    [
        "Local Rule 7.1 applies.",
        "Call 555-123-4567 on 03/02/2024.",
        "Page 3 of 10, $1,234.56",
        "The rule of thumb is simple.",
        "Room 12.5 at the Code Enforcement office",
    ],
)
def test_not_citations(text: str) -> None:
    assert _normalized(text) == []


def test_list_does_not_swallow_durations() -> None:
    assert _normalized("Under PC 273a, 12 months of probation.") == ["PC 273a"]


def test_dependency_detection() -> None:
    assert is_dependency_text("JUVENILE DEPENDENCY PETITION")
    assert is_dependency_text("a petition under section 300")
    assert not is_dependency_text("Lease agreement section 4")


@pytest.mark.parametrize(
    ("text", "dependency", "expected"),
    [
        ("meaning of subdivisions (b) and (c) of section 300 of the Welfare and Institutions Code.",
         False, ["WIC 300(b)", "WIC 300(c)"]),
        ("under subdivision (a)(2) of section 827", True, ["WIC 827(a)(2)"]),
        ("(Pen. Code, §§ 118 & 126)", False, ["PC 118", "PC 126"]),
        ("moves under Panel Rule 7.1 to vacate", False, ["JPML Rule 7.1"]),
        ("Panel Rule 2.1(d) expressly provides", False, ["JPML Rule 2.1(d)"]),
    ],
)  # fmt: skip
def test_forms_of_real_documents(text: str, dependency: bool, expected: list[str]) -> None:
    assert [c.normalized for c in extract_citations(text, 1, dependency=dependency)] == expected


def test_subdivisions_before_a_section_outside_dependency_need_a_code() -> None:
    assert extract_citations("subdivisions (b) and (c) of section 300", 1, dependency=False) == []
