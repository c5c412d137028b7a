"""Duplicate detection for a group of files: one look-up per group, the first file claims its bytes."""

from __future__ import annotations

from aseagi.ingestion.pipeline import KnownBytes


class Case:
    """The case's documents, and the look-ups made of them."""

    def __init__(self, *held: str) -> None:
        self.held = set(held)
        self.asked: list[list[str]] = []

    async def lookup(self, hashes: list[str]) -> set[str]:
        self.asked.append(hashes)
        return self.held & set(hashes)


async def test_one_look_up_per_group_and_the_first_copy_claims_the_bytes() -> None:
    case = Case("old")
    known = KnownBytes(case.lookup)
    assert await known.check(["a", "old", "b", "a", "c", "b"]) == [False, True, False, True, False, True]
    assert case.asked == [["a", "old", "b", "c"]]


async def test_bytes_claimed_by_an_earlier_group_are_not_asked_again() -> None:
    case = Case()
    known = KnownBytes(case.lookup)
    await known.check(["a", "b"])
    assert await known.check(["b", "c"]) == [True, False]  # an attachment equal to an earlier file
    assert case.asked == [["a", "b"], ["c"]]
    assert await known.check(["a"]) == [True]
    assert case.asked == [["a", "b"], ["c"]]


async def test_an_upload_is_not_a_duplicate_of_its_own_row_but_a_copy_inside_it_is() -> None:
    case = Case("upload")  # the upload's row exists before it is parsed
    known = KnownBytes(case.lookup, own="upload")
    assert await known.check(["upload"]) == [False]
    assert await known.check(["upload", "member"]) == [True, False]
    assert case.asked == [["member"]]


async def test_an_empty_group_asks_nothing() -> None:
    case = Case()
    assert await KnownBytes(case.lookup).check([]) == []
    assert case.asked == []
