from __future__ import annotations

from datetime import date

import pytest

from aseagi.exports.binder import MAX_PART_PAGES, exhibit_label, part_end
from aseagi.exports.detection import find_protected_persons
from aseagi.exports.privacy import ProtectedPerson, Redactor, leaks, short_name
from tests.exports import planted


@pytest.mark.parametrize(
    ("name", "unusual", "expected"),
    [
        ("Maya Whitfield", False, "Maya W."),
        ("Jordan Michael Martinez", False, "Jordan M."),
        ("Zephyrine Quill", True, "Z.Q."),
    ],
)
def test_crc_8401_short_names(name: str, unusual: bool, expected: str) -> None:
    assert short_name(name, unusual=unusual) == expected


@pytest.mark.parametrize(
    "written",
    [
        "Jordan Michael Martinez",
        "JORDAN MICHAEL MARTINEZ",
        "Jordan  Michael\nMartinez",
        "Jordan Martinez",
        "Martinez, Jordan",
        "Jordan M. Martinez",
    ],
)
def test_every_written_form_of_the_name_becomes_the_short_form(written: str) -> None:
    clean, log = Redactor((planted.PLANTED,)).apply(f"Report on {written}, age 6.")
    assert clean == "Report on Jordan M., age 6."
    assert [(r.kind, r.role) for r in log] == [("name", "child")]


@pytest.mark.parametrize(
    "written", ["03/14/2019", "3/14/2019", "2019-03-14", "March 14, 2019", "Mar. 14, 2019", "3/14/19"]
)
def test_dates_of_birth_are_removed_in_every_form(written: str) -> None:
    clean = Redactor((planted.PLANTED,)).clean(f"Jordan was born {written} in Oakland.")
    assert written not in clean and "[DOB redacted]" in clean


def test_any_labelled_date_of_birth_goes_even_for_someone_unlisted() -> None:
    clean = Redactor((planted.PLANTED,)).clean("Sibling DOB: 07/01/2015; hearing on 07/01/2025.")
    assert clean == "Sibling DOB: [DOB redacted]; hearing on 07/01/2025."


def test_phone_address_and_case_numbers() -> None:
    person = ProtectedPerson(
        "Eli Whitfield",
        "sibling",
        address="41 Poplar Street",
        phone="+15105550147",
        case_numbers=("J24-00478",),
    )
    clean = Redactor((person,)).clean(
        "Call (510) 555-0147 or 510.555.0147; at 41 Poplar  Street; case J24-00478."
    )
    assert (
        clean == "Call [phone redacted] or [phone redacted]; at [address redacted]; case [case no. redacted]."
    )
    assert leaks(clean, Redactor((person,)).forbidden_terms()) == []
    assert leaks("reach me at 510 555 0147", Redactor((person,)).forbidden_terms()) == ["5105550147"]


def test_redaction_off_changes_nothing_and_forbids_nothing() -> None:
    redactor = Redactor((planted.PLANTED,), enabled=False)
    assert redactor.clean(planted.FULL_NAME) == planted.FULL_NAME
    assert redactor.forbidden_terms() == []


def test_people_are_found_in_petitions_and_reports() -> None:
    found = find_protected_persons(
        [
            ("petition.pdf", "\n".join(planted.PETITION_TEXT)),
            (
                "report.pdf",
                "Mother: Ana Martinez   Father: Luis Ortega\n"
                "Half-sibling Ruby Lane (case J24-00001) lives with her father.",
            ),
        ]
    )
    by_name = {p.full_name: p for p in found}
    child = by_name[planted.FULL_NAME]
    assert (child.role, child.date_of_birth, child.address) == ("child", planted.DOB, planted.ADDRESS)
    assert by_name["Ana Martinez"].role == "relative", "shares the child's surname"
    assert by_name["Ruby Lane"].role == "sibling"
    assert "Luis Ortega" not in by_name


def test_exhibit_letters_and_part_planning() -> None:
    assert [exhibit_label(n, True) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
    assert exhibit_label(12, False) == "12"
    from pathlib import Path

    from aseagi.exports.binder import PageSource

    pages = [PageSource(n, Path("x"), 0, False, 300) for n in range(1, 11)]
    assert [part_end(pages, start, 1000) for start in (0, 3, 6, 9)] == [3, 6, 9, 10]
    assert part_end(pages, 0, 1000, ratio=0.5) == 6, (
        "parts that came out lighter than estimated plan longer ones"
    )
    assert part_end(pages, 5, 1, ratio=9.0) == 6, "a part holds at least one page"
    many = [PageSource(n, Path("x"), 0, False, 1) for n in range(1, MAX_PART_PAGES * 2)]
    assert part_end(many, 0, 10**9) == MAX_PART_PAGES
    assert date(2019, 3, 14) == planted.DOB


def test_an_email_address_that_names_the_person_goes() -> None:
    redactor = Redactor((ProtectedPerson("Dana Whitfield", "relative"),))
    clean = redactor.clean(
        "From: dana.whitfield@example.net; cc Dana_Whitfield2@mail.example.org; aide@example.org"
    )
    assert clean == "From: [e-mail redacted]; cc [e-mail redacted]; aide@example.org"
    assert leaks("write to Dana.Whitfield@example.net", redactor.forbidden_terms())


def test_exhibit_descriptions_skip_titles_that_say_nothing() -> None:
    import uuid
    from datetime import UTC, datetime

    from aseagi.exports.evidence import describe
    from aseagi.exports.schemas import ExhibitSource

    def source(title: str | None) -> ExhibitSource:
        return ExhibitSource(
            uuid.uuid4(), "report.pdf", None, None, None, None, title, None, datetime.now(UTC)
        )

    assert (
        describe(source("untitled"))
        == describe(source(None))
        == describe(source("4644936a41642f0c"))
        == "report.pdf"
    )
    assert describe(source("Jurisdiction  report")) == "Jurisdiction report (report.pdf)"


def test_words_of_a_page_image_are_redacted_in_place_for_the_invisible_layer() -> None:
    from aseagi.exports.ocr_words import OcrWord, redact_words

    line = "In re Jordan Michael Martinez, a Person. DOB: 03/14/2019. Lives at 1234 Elm Street, Oakland"
    words = [OcrWord(t, (10 * n, 0, 10 * n + 9, 9), (0, 0, 0)) for n, t in enumerate(line.split())]
    redacted = redact_words(words, Redactor((planted.PLANTED,)))
    said = " ".join(w.text for w in redacted.words)
    assert said == "In re Jordan M., a Person. DOB: [DOB redacted]. Lives at [address redacted], Oakland"
    assert len(redacted.boxes) == 3 + 1 + 3, "every word of the name, the date and the address is blacked out"


def test_another_minors_case_number_is_found_the_main_childs_is_not() -> None:
    found = find_protected_persons(
        [
            (
                "petition.pdf",
                "In re Ana Ruiz, a Person Coming Under the Juvenile Court Law.\nCase No. JV-2025-000111",
            ),
            (
                "order.pdf",
                "In re Leo Ruiz, a Person Coming Under the Juvenile Court Law.\nCase No. J25-00042",
            ),
            ("report.pdf", "Half-sibling Leo Ruiz (case J25-00042) attends the case management conference."),
        ]
    )
    assert {p.full_name: p.case_numbers for p in found} == {"Ana Ruiz": (), "Leo Ruiz": ("J25-00042",)}
