"""The ``fingerprint`` of a derived row (``kit/fingerprint.py``): SHA-256 of the parts' text joined with
``|``, the same on every run and for every writer."""

from __future__ import annotations

import uuid
from datetime import date

from aseagi.kit.fingerprint import fingerprint

CASE_ID = uuid.UUID("11111111-2222-3333-4444-555555555555")


def test_a_known_value_is_stable_across_runs() -> None:
    """A literal: a change of the recipe would make every stored fingerprint unrecognised."""
    assert (
        fingerprint(CASE_ID, "deadline", "CRC-366.21", "JV-2099-000101", date(2024, 3, 5))
        == "de245773e71b69126144e831266c05a0ccebe3d3a602280f0229154fb0b80959"
    )


def test_no_parts_is_the_hash_of_the_empty_text() -> None:
    assert fingerprint() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_it_is_64_lowercase_hex_characters() -> None:
    value = fingerprint(CASE_ID, "event", "hearing-2024-03-05")
    assert len(value) == 64
    assert set(value) <= set("0123456789abcdef")


def test_parts_are_read_as_their_text() -> None:
    """A writer holding a UUID and one holding its string, or a date and its ISO text, agree."""
    assert fingerprint(CASE_ID, "event") == fingerprint(str(CASE_ID), "event")
    assert fingerprint(date(2024, 3, 5)) == fingerprint("2024-03-05")
    assert fingerprint(7) == fingerprint("7")
    assert fingerprint(None) == fingerprint("None")


def test_different_facts_differ() -> None:
    base = fingerprint(CASE_ID, "deadline", "CRC-366.21", date(2024, 3, 5))
    assert fingerprint(CASE_ID, "deadline", "CRC-366.21", date(2024, 3, 6)) != base
    assert fingerprint(CASE_ID, "event", "CRC-366.21", date(2024, 3, 5)) != base
    assert fingerprint(uuid.UUID(int=1), "deadline", "CRC-366.21", date(2024, 3, 5)) != base


def test_order_of_the_parts_matters() -> None:
    assert fingerprint("a", "b") != fingerprint("b", "a")


def test_the_parts_are_joined_with_a_bar() -> None:
    """As documented: the joined text is hashed, so a part containing ``|`` is not told apart from two."""
    assert fingerprint("a", "b") == fingerprint("a|b")
    assert fingerprint("a", "") == fingerprint("a|")
    assert fingerprint("a") != fingerprint("a", "")


def test_text_beyond_ascii_is_hashed_as_utf8() -> None:
    assert fingerprint("Niño") == fingerprint("Niño")
    assert fingerprint("Niño") != fingerprint("Nino")
