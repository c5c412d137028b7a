"""Statutes, rules of court and case law cited in a page, with a short normalized form.

Short forms (``Citation.normalized``):

========================================================  ==========================
as written                                                normalized
========================================================  ==========================
Welf. & Inst. Code, § 319, subd. (b) / W&I 319(b) / WIC    ``WIC 319(b)``
section 300, subdivision (b)(1) (in a dependency paper)   ``WIC 300(b)(1)``
Pen. Code § 273a / Penal Code section 273a / PC 273a      ``PC 273a``
Fam. Code, § 3011 / Family Code / FC 3011                 ``FC 3011``
Evid. Code § 1101                                         ``EVID 1101``
Gov. Code § 6254                                          ``GOV 6254``
Code Civ. Proc., § 1013, subd. (a) / CCP 1013(a)          ``CCP 1013(a)``
Civ. Code § 47                                            ``CIV 47``
Health & Saf. Code § 11350 / H&S 11350                    ``HSC 11350``
Bus. & Prof. Code § 6068                                  ``BPC 6068``
Cal. Rules of Court, rule 5.690 / CRC 5.690 / rule 8.406  ``CRC 5.690``
25 U.S.C. § 1912 / 42 USC 1983                            ``25 USC 1912``
25 C.F.R. § 23.11                                         ``25 CFR 23.11``
In re Kieshia E. (1993) 6 Cal.4th 68                      ``6 Cal.4th 68`` (kind case)
========================================================  ==========================

Lists and ranges give one citation per number: "sections 361 and 362", "§§ 1911-1912". A bare
"section N" / "§ N" means the WIC inside a dependency document; elsewhere it is kept only when a
code is named right after it ("section 3011 of the Family Code"). Case law is found by eyecite,
run only on short windows around a reporter-like pattern because it costs ~10 ms a call.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from aseagi.analysis.extractors.folding import aligned_fold, fold_case
from aseagi.analysis.schemas import Citation

_CODES: tuple[tuple[str, str], ...] = (
    (
        "WIC",
        r"Welf(?:are|\.)?\s*(?:&|and)\s*Inst(?:itutions|\.)?\s*(?:Code|C\.)"
        r"|W\.?\s?&\s?I\.?(?:\s*Code)?|W\.I\.C\.?|WIC",
    ),
    ("CCP", r"Code\s+(?:of\s+)?Civ(?:il|\.)?\s*Proc(?:edure|\.)?|C\.C\.P\.?|CCP"),
    ("PC", r"Pen(?:al|\.)\s*Code|P\.C\.|PC"),
    ("FC", r"Fam(?:ily|\.)\s*Code|F\.C\.|FC"),
    ("EVID", r"Evid(?:ence|\.)\s*Code"),
    ("GOV", r"Gov(?:ernment|t?\.)\s*Code"),
    ("CIV", r"Civ(?:il|\.)\s*Code"),
    ("HSC", r"Health\s*(?:&|and)\s*Saf(?:ety|\.)\s*Code|H\.?\s?&\s?S\.?(?:\s*Code)?|HSC"),
    ("BPC", r"Bus(?:iness|\.)\s*(?:&|and)\s*Prof(?:essions|\.)\s*Code|B\.?\s?&\s?P\.?(?:\s*Code)?"),
)
_CODE_KEYS = {f"c{i}": key for i, (key, _) in enumerate(_CODES)}
_CODE = "(?:" + "|".join(f"(?P<c{i}>{pattern})" for i, (_, pattern) in enumerate(_CODES)) + ")"
_NUMBER = r"\d+(?:\.\d+)*(?:[a-z](?![a-z]))?(?!\d|\.\d)"
_PARENS = r"(?:\((?:[a-z]{1,4}|\d{1,3}|[A-Z])\))"
_PARAGRAPH = rf"(?:\s*,?\s*(?:par(?:agraph|\.)|para\.)\s*{_PARENS}+)"
_SUBD = rf"(?:{_PARENS}+|,?\s*subd(?:ivision|s?\.)\s*{_PARENS}+{_PARAGRAPH}?)"
_ITEM = rf"{_NUMBER}{_SUBD}?"
_NOT_SECTION = r"(?!\s*(?:days?|months?|years?|hours?|weeks?|minutes?|%|percent|a\.m|p\.m|am\b|pm\b))"
_LIST = (
    rf"{_ITEM}(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|through|to)\s+|\s*[-–&]\s*){_ITEM}{_NOT_SECTION})*"
)
_SECTION_WORD = r"(?:§§?|sections?|secs?\.|sec\.)"

_CODE_FIRST = re.compile(rf"(?=[BCEFGHPW])\b{_CODE}\s*,?\s*(?:{_SECTION_WORD}\s*)?(?P<items>{_LIST})")
_CODE_INITIAL = re.compile(r"[BCEFGHPW]")
"""The capitals a code's name starts with: a page without any holds no ``_CODE_FIRST`` citation."""
_SECTION_FIRST = re.compile(
    rf"(?=[§s])(?:\b|(?<=\W)){_SECTION_WORD}\s*(?P<items>{_LIST})(?P<tail>\s*(?:of|,)?\s*(?:the\s+)?{_CODE})?",
    re.IGNORECASE,
)
_RULES = re.compile(
    r"(?=[cr])(?P<prefix>Cal(?:ifornia|\.)?\s*Rules?\s*(?:of\s+)?(?:Court|Ct\.)\s*,?\s*(?:rules?\s*)?"
    r"|rules?\s*|CRC\s*,?\s*(?:rules?\s*)?)(?P<items>\d{1,2}\.\d{1,4}(?:\([a-z0-9]{1,3}\))*"
    r"(?:(?:\s*,\s*(?:and\s+)?|\s+(?:and|or|through)\s+)\d{1,2}\.\d{1,4}(?:\([a-z0-9]{1,3}\))*)*)(?![\d.]\d)",
    re.IGNORECASE,
)
_NOT_CRC = re.compile(r"(?:local|fed(?:eral|\.)|L\.R\.|evid(?:ence|\.)|panel)\s*$", re.IGNORECASE)
_PANEL = re.compile(r"panel\s*$", re.IGNORECASE)
"""Rules of the Judicial Panel on Multidistrict Litigation ("Panel Rule 7.1"), kept as ``JPML Rule 7.1``."""
_SUBDIVISIONS_OF = re.compile(
    rf"(?=[s])\bsubdivisions?\s+(?P<subds>{_PARENS}+(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){_PARENS}+)*)"
    rf"\s+of\s+{_SECTION_WORD}\s*(?P<num>{_NUMBER})(?P<tail>\s*(?:of|,)?\s*(?:the\s+)?{_CODE})?",
    re.IGNORECASE,
)
"""A subdivision before its section: "subdivisions (b) and (c) of section 300" is WIC 300(b) and 300(c)."""
_SUBDIVISION_ITEM = re.compile(rf"{_PARENS}+")
_USC = re.compile(
    r"(?=\d)\b(?P<title>\d{1,2})\s*(?P<code>U\.?\s?S\.?\s?C\.?(?:\s?A\.?)?|C\.?\s?F\.?\s?R\.?)\s*"
    rf"(?:{_SECTION_WORD}|part|pt\.)?\s*(?P<items>{_LIST})"
)
_USC_MARK = re.compile(r"U\.?\s?S|C\.?\s?F")
"""What ``_USC`` cannot match without, found by a scan for two capitals."""
_ITEM_SPLIT = re.compile(rf"(?P<num>{_NUMBER})(?P<subd>{_SUBD})?")
_PARENS_ONLY = re.compile(_PARENS)
_PREFILTER = re.compile(
    r"(?=[§scurwpfh])(?:§|section|\brule|code|u\.?\s?s\.?\s?c|c\.?f\.?r|cal\.|\bwic\b|w\.?\s?&\s?i|\b(?:pc|fc|ccp|crc|hsc)\b)",
    re.IGNORECASE,
)
_PREFILTER_WORDS = ("section", "code", "cal.")
"""Plain words of ``_PREFILTER``: one found in the lower-cased page settles it without the regex."""
_REPORTER = re.compile(
    r"(?=[\dCUFSP])(?:\d+\s+Cal\.|Cal\.\s?App|Cal\.\s?Rptr|U\.\s?S\.\s+\d|F\.\s?\d|F\.\s?Supp|S\.\s?Ct|P\.\s?[23]d)"
)
_REPORTER_MARKS = ("Cal.", "U.", "F.", "S.", "P.")
"""Every reporter pattern holds one of these: a page without any skips ``_REPORTER``."""
_DEPENDENCY = re.compile(
    r"juvenile|dependency|welf(?:are|\.)|\bWIC\b|W\.?\s?&\s?I\b|(?:section|§)\s*300\b", re.IGNORECASE
)


def is_dependency_text(text: str) -> bool:
    """Whether a bare "section N" in this document means the Welfare and Institutions Code."""
    return _DEPENDENCY.search(text) is not None


def extract_citations(text: str, page: int, *, dependency: bool) -> list[Citation]:
    """Statute, rule and case citations on one page, in reading order, without overlaps.

    Each pattern first checks (in plain text, at C speed) a word it cannot match without, so a page
    pays only for the patterns it may hold.
    """
    lowered = fold_case(text)
    if not _mentions_statute(text, lowered):
        found: list[Citation] = []
    else:
        found = list(_code_first(text, page))
        if _USC_MARK.search(text):
            found.extend(_usc(text, page))
        if "rule" in lowered or "crc" in lowered:
            found.extend(_rules(text, page))
        if "subdivision" in lowered:
            found.extend(_subdivisions_first(text, page, dependency))
        if "§" in text or "sec" in lowered:
            found.extend(_section_first(text, page, dependency, found))
    if any(mark in text for mark in _REPORTER_MARKS) and _REPORTER.search(text):
        from aseagi.analysis.extractors.case_law import extract_case_law

        found.extend(extract_case_law(text, page))
    found.sort(key=lambda c: (c.start, -c.end))
    kept: list[Citation] = []
    for citation in found:
        if not kept or citation.start >= kept[-1].end:
            kept.append(citation)
    return kept


def _mentions_statute(text: str, lowered: str) -> bool:
    """``_PREFILTER``'s answer; its commonest words are looked up in the lower-cased page first."""
    return "§" in text or any(word in lowered for word in _PREFILTER_WORDS) or bool(_PREFILTER.search(text))


def _items(
    text: str, page: int, prefix: str, match: re.Match[str], group: str, head_start: int
) -> Iterator[Citation]:
    """One citation per number in a list; the first spans from ``head_start`` (the code's name)."""
    base = match.start(group)
    for index, item in enumerate(_ITEM_SPLIT.finditer(match.group(group))):
        start = head_start if index == 0 else base + item.start()
        end = base + item.end()
        subd = "".join(_PARENS_ONLY.findall(item.group("subd") or ""))
        yield Citation(
            text=text[start:end],
            normalized=f"{prefix} {item.group('num')}{subd}",
            kind="statute",
            page=page,
            start=start,
            end=end,
        )


def _code_first(text: str, page: int) -> Iterator[Citation]:
    if _CODE_INITIAL.search(text) is None:
        return
    for match in _CODE_FIRST.finditer(text):
        key = _CODE_KEYS[
            next(name for name, value in match.groupdict().items() if value and name in _CODE_KEYS)
        ]
        yield from _items(text, page, key, match, "items", match.start())


def _section_first(text: str, page: int, dependency: bool, known: list[Citation]) -> Iterator[Citation]:
    for match in _section_matches(text):
        if any(c.start <= match.start("items") < c.end for c in known):
            continue
        if match.group("tail"):
            key = _CODE_KEYS[next(n for n, v in match.groupdict().items() if v and n in _CODE_KEYS)]
        elif dependency:
            key = "WIC"
        else:
            continue
        for citation in _items(text, page, key, match, "items", match.start()):
            if match.group("tail") and citation.end == match.end("items"):
                citation = citation.model_copy(
                    update={"end": match.end(), "text": text[citation.start : match.end()]}
                )
            yield citation


def _section_matches(text: str) -> Iterator[re.Match[str]]:
    """``_SECTION_FIRST.finditer(text)``, tried only where "§" or "sec" starts.

    Every match starts with one of them (case aside), so matching at those places alone, each after the
    previous match's end, finds the same matches without running the pattern at every other position.
    """
    folded = aligned_fold(text)
    if folded is None:
        yield from _SECTION_FIRST.finditer(text)
        return
    position = 0
    for start in sorted(_starts(folded, "sec") + _starts(folded, "§")):
        if start < position:
            continue
        match = _SECTION_FIRST.match(text, start)
        if match is not None:
            yield match
            position = match.end()


def _starts(text: str, word: str) -> list[int]:
    found, start = [], text.find(word)
    while start >= 0:
        found.append(start)
        start = text.find(word, start + 1)
    return found


def _subdivisions_first(text: str, page: int, dependency: bool) -> Iterator[Citation]:
    """One citation per subdivision of "subdivisions (b) and (c) of section 300 [of the … Code]"."""
    for match in _SUBDIVISIONS_OF.finditer(text):
        if match.group("tail"):
            key = _CODE_KEYS[next(n for n, v in match.groupdict().items() if v and n in _CODE_KEYS)]
        elif dependency:
            key = "WIC"
        else:
            continue
        items = list(_SUBDIVISION_ITEM.finditer(text, match.start("subds"), match.end("subds")))
        for index, item in enumerate(items):
            start = match.start() if index == 0 else item.start()
            end = match.end() if index == len(items) - 1 else item.end()
            yield Citation(
                text=text[start:end],
                normalized=f"{key} {match.group('num')}{item.group()}",
                kind="statute",
                page=page,
                start=start,
                end=end,
            )


def _usc(text: str, page: int) -> Iterator[Citation]:
    for match in _USC.finditer(text):
        code = "CFR" if match.group("code").upper().startswith("C") else "USC"
        yield from _items(text, page, f"{match.group('title')} {code}", match, "items", match.start())


def _rules(text: str, page: int) -> Iterator[Citation]:
    for match in _RULES.finditer(text):
        if _PANEL.search(text, max(0, match.start() - 12), match.start()):
            for citation in _items(text, page, "JPML Rule", match, "items", match.start()):
                yield citation.model_copy(update={"kind": "rule"})
            continue
        if _NOT_CRC.search(text, max(0, match.start() - 12), match.start()):
            continue
        for citation in _items(text, page, "CRC", match, "items", match.start()):
            yield citation.model_copy(update={"kind": "rule"})


def has_reporter(text: str) -> bool:
    return _REPORTER.search(text) is not None
