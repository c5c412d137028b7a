"""The cheap scans that decide which text a costly pattern reads must never change what it finds.

Each extractor skips text by a skeleton (lines with digits, a cue word, a first letter); these tests
compare the result with the pattern run over the whole page, on generated pages where dates, dockets
and cues sit at line edges, across long blank runs and in odd letter cases.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator

import pytest

from aseagi.analysis.extractors import dates as dates_module
from aseagi.analysis.extractors import passages as passages_module
from aseagi.analysis.extractors import statements as statements_module
from aseagi.analysis.extractors.citations import extract_citations
from aseagi.analysis.extractors.dates import extract_dates
from aseagi.analysis.extractors.dockets import extract_dockets
from aseagi.analysis.extractors.folding import aligned_fold, fold_case
from aseagi.analysis.extractors.lines import lines_holding
from aseagi.analysis.extractors.parties import extract_parties
from aseagi.analysis.extractors.passages import PageSentences, Source

FRAGMENTS = [
    "March 2, 2024", "MARCH 2,            2024", "march 2 2024", "Mon, 4 Mar 2024", "2 March 2024",
    "the 2nd day of\nMarch, 2024", "3/2/24", "03-02-2024", "3.2.2024", "1.2.24", "2024-03-02", "2024/3/2",
    "12/31/1999", "20245", "$3/2/24", "Case No. JV-2024-001234", "24FL001927", "DK12345A", "A171234",
    "Court of Appeal No. A171234", "2:24-cv-01234-ABC", "section 300(b)", "Dept. 12", "the mother,",
    "Ann Lee, CSW", "contacted by phone", "e-mailed", "voice\n\nmail", "notified of the hearing",
    "\n", "\n\n", " ", "          ", "\t", ".", ",", "The", "and", "hearing", "Judge",
    "ſection", "İndian", "x" * 130,
]  # fmt: skip


def random_page(rng: random.Random) -> str:
    return " ".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(5, 60)))


def whole_page_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """The extractor's overlap rule with every pattern run over the whole page."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, dt.date]] = []
    for pattern in (dates_module._DAY_OF_MONTH, *dates_module._ONE_LINE_PATTERNS):
        dates_module._take(pattern.finditer(text), None, taken, found)
    return sorted(found)


@pytest.mark.parametrize("seed", range(40))
def test_dates_read_on_numbered_lines_equal_the_whole_page(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(25):
        text = random_page(rng)
        found = [(d.start, d.end, d.date) for d in extract_dates(text, 1)]
        assert found == whole_page_dates(text), text


def test_dates_across_long_blank_runs_and_line_ends() -> None:
    text = "Filed on MARCH 2,            2024.\nSigned the 2nd day of\nMarch, 2024" + "\n" * 300 + "on 3/4/24"
    found = extract_dates(text, 1)
    assert [d.date for d in found] == [dt.date(2024, 3, 2), dt.date(2024, 3, 2), dt.date(2024, 3, 4)]
    assert all(text[d.start : d.end] == d.text for d in found)


@pytest.mark.parametrize("seed", range(20))
def test_cued_sentences_keep_every_sentence_the_prefilter_matches(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(25):
        text = random_page(rng)
        spans = PageSentences.of(text).spans()
        expected = [s for s in spans if statements_module._PREFILTER.search(text[s[0] : s[1]])]
        kept = statements_module._cued_sentences(text, spans)
        assert set(expected) <= set(kept), text
        assert kept == [s for s in spans if statements_module._PREFILTER_WORDS.search(fold_case(text), *s)]


def test_lines_holding_joins_near_runs_and_ends_at_the_newline() -> None:
    text = "a 12\nb\nc 34\n" + "x" * 200 + "\nd 56"
    runs = lines_holding(re.compile(r"\d\d"), text)
    assert runs == [(0, 11), (len(text) - 4, len(text))]
    assert text[runs[0][1]] == "\n"


def test_fold_case_reads_letters_as_re_ignorecase_does() -> None:
    assert fold_case("ſECTİON ıCWA") == "section icwa"
    assert aligned_fold("ſECTİON") == "section"
    assert aligned_fold("I\u0307x") is None  # a decomposed dotted I would shift offsets


def test_citation_gates_follow_case_insensitive_matching() -> None:
    found = extract_citations("Pursuant to ſection 300(b) the child is detained.", 1, dependency=True)
    assert [c.normalized for c in found] == ["WIC 300(b)"]


def test_dockets_on_distant_lines_are_all_found() -> None:
    text = "Case No. JV-2024-001234\n" + ("Narrative text without numbers.\n" * 20) + "Family case 24FL001927"
    mentions = extract_dockets(text, 1, Source())
    assert [m.normalized for m in mentions] == ["JV-2024-001234", "24FL001927"]
    assert all(text[m.evidence.start : m.evidence.end] == m.evidence.quote for m in mentions)


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Ann Lee, ER worker, met the family.", "Ann Lee", "social_worker"),
        ("Present: the mother, Jane Doe, and counsel.", "Jane Doe", "parent"),
        ("HONORABLE ANN LEE presiding", "Ann Lee", "judge"),
        ("Before jUDGE Maria Ortiz.", "Maria Ortiz", "judge"),
        ("Report of Deputy County Counsel Sam Reyes.", "Sam Reyes", "county_counsel"),
    ],
)
def test_party_cues_in_any_position_and_case(text: str, name: str, role: str) -> None:
    parties = extract_parties(text, 1, Source())
    assert (name, role) in {(p.name, p.role) for p in parties}


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Set in Dept. 12 today. Next one.", ["Set in Dept. 12 today.", "Next one."]),
        ("Seen at 9 a.m. Tuesday. Then left.", ["Seen at 9 a.m. Tuesday.", "Then left."]),
        ("Ask the Dr. now. XDept. Ok.", ["Ask the Dr. now.", "XDept.", "Ok."]),
    ],
)
def test_abbreviations_do_not_end_sentences(text: str, sentences: list[str]) -> None:
    assert [text[s:e] for s, e in PageSentences.of(text).spans()] == sentences


_PLAIN_BOUNDARY = re.compile(
    r"[.!?][\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])|\n[ \t]*\n|\n(?=[ \t]*(?:[-•*]|\d+\.)\s)"
    rf"|\n(?=[ \t]*(?:{passages_module._LABEL}|{passages_module._STAMP}|{passages_module._HEADING}(?:\n|$)))"
    rf"|(?m:^)[ \t]*(?:{passages_module._LABEL}[^\n]*|{passages_module._HEADING})(?=\n[ \t]*[A-Z])"
)
"""Where a passage ends, written plainly: the definition the fast pattern of ``passages`` must keep."""
SENTENCE_FRAGMENTS = [
    "Case No. JV-2024-001234", "Dept. 12", "the mother,", "Ann Lee, CSW", "\n", "\n\n", "\n \n", " ", "\t",
    ".", ". ", "! ", "? ", "The", "and", "hearing", "HEARING", "MINUTE ORDER", "- ", "• ", "1. ",
    "Hearing date: ", "Notice: ", "3/2/24 10:15", "[3/2/24, 10:15", "Mr. Smith", "a.m.", '"Quoted." ',
    "(Paren.) ", "NOTICE GIVEN:", "ALL CAPS LINE\n", "\nJudicial Officer: Hon. X\n", "x" * 30, "A", "B.",
    "U.S. ", "e.g. ", "?", "!", "\r\n",
]  # fmt: skip


def _plain_sentences(text: str) -> list[tuple[int, int]]:
    def plain(text: str) -> Iterator[re.Match[str]]:
        return _PLAIN_BOUNDARY.finditer(text)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passages_module, "_boundaries", plain)
        return PageSentences.of(text).spans()


@pytest.mark.parametrize("seed", range(20))
def test_sentences_are_cut_where_the_plain_definition_cuts(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        glue = rng.choice((" ", ""))
        text = glue.join(rng.choice(SENTENCE_FRAGMENTS) for _ in range(rng.randint(1, 80)))
        assert PageSentences.of(text).spans() == _plain_sentences(text), text
