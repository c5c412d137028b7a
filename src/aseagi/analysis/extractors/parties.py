"""People named with their role in the case, from the cue words written next to the name.

Cues before a name ("Hon.", "Judge", "Commissioner", "CSW", "Deputy County Counsel", "Officer",
"the mother,", "minor") or after it (", Judge", ", CSW", ", Attorney for Mother", ", the minor").
A name is 1–4 capitalised words on one line (an all-capital name is accepted after a judicial title,
as in captions); words that are legal vocabulary ("Court", "County", "Report") end or reject a name,
so sentence fragments do not become people. Single-word names are kept only after a title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from aseagi.analysis.extractors.passages import Source
from aseagi.analysis.schemas import Party, PartyRole

_WORD = r"(?:[A-Z](?:[a-z]+|'[A-Z][a-z]+)(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?|[A-Z]\.)"
_CAPS_WORD = r"(?:[A-Z]{2,}(?:[-'][A-Z]{2,})?|[A-Z]\.)"
_NAME = rf"(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,3}})"
_CAPS_NAME = rf"(?P<name>{_CAPS_WORD}(?:[ \t]+{_CAPS_WORD}){{1,3}})"

_ROLE_BEFORE: tuple[tuple[PartyRole, str, bool], ...] = (
    # role, cue pattern, whether a single word (surname) is enough
    ("judge", r"\b(?:Hon\.|Honorable|Judge|Commissioner|Referee|Judicial\s+Officer:?"
              r"|Temporary\s+Judge)", True),
    ("county_counsel", r"\b(?:Deputy\s+)?County\s+Counsel\s*[:,]?", False),
    ("social_worker", r"\b(?:Children'?s\s+Social\s+Worker|Social\s+Worker|CSW|ER\s+worker|CWS\s+worker"
                      r"|Emergency\s+Response\s+(?:Social\s+)?Worker|Case\s*worker|DI\s+CSW"
                      r"|ER\s+CSW)\s*[:,]?", True),
    ("child_attorney", r"\b(?:[Mm]inor'?s'?\s+[Cc]ounsel"
                       r"|[Cc]ounsel\s+for\s+(?:the\s+)?(?:[Mm]inors?|[Cc]hild(?:ren)?)"
                       r"|[Aa]ttorney\s+for\s+(?:the\s+)?(?:[Mm]inors?|[Cc]hild(?:ren)?))\s*[:,]?", False),
    ("parent_attorney", r"\b(?:(?:[Mm]other|[Ff]ather|[Pp]arent)'?s\s+(?:[Cc]ounsel|[Aa]ttorney)"
                        r"|(?:[Cc]ounsel|[Aa]ttorney)\s+for\s+(?:the\s+)?(?:[Mm]other|[Ff]ather"
                        r"|[Pp]arents?))\s*[:,]?",
     False),
    ("casa", r"\b(?:CASA|Court\s+Appointed\s+Special\s+Advocate)\s*[:,]?", False),
    ("police", r"\b(?:Officer|Ofc\.|Deputy|Detective|Det\.|Sergeant|Sgt\.|Lieutenant|Lt\.|Corporal|Trooper)"
               r"(?:\s+#?\d+)?", True),
    ("parent", r"\b(?:the\s+)?(?:[Mm]other|[Ff]ather|[Pp]arent|[Mm]aternal\s+[Mm]other"
               r"|[Pp]resumed\s+[Ff]ather"
               r"|[Aa]lleged\s+[Ff]ather|[Bb]iological\s+[Ff]ather)\s*,?", False),
    ("child", r"\b(?:the\s+)?(?:[Cc]hild|[Mm]inor|[Ss]on|[Dd]aughter)\s*,?", False),
)  # fmt: skip
_ROLE_AFTER: tuple[tuple[PartyRole, str], ...] = (
    ("judge", r",\s*(?:Judge|Commissioner|Referee|Judge\s+Pro\s+Tem)\b"),
    ("county_counsel", r",\s*(?:Deputy\s+)?County\s+Counsel\b"),
    ("social_worker", r",\s*(?:CSW|Children'?s\s+Social\s+Worker|Social\s+Worker|MSW|ER\s+worker)\b"),
    (
        "child_attorney",
        r",?\s*\(?(?:[Aa]ttorney|[Cc]ounsel)\s+for\s+(?:the\s+)?(?:[Mm]inors?|[Cc]hild(?:ren)?)\b",
    ),
    (
        "parent_attorney",
        r",?\s*\(?(?:[Aa]ttorney|[Cc]ounsel)\s+for\s+(?:the\s+)?(?:[Mm]other|[Ff]ather|[Pp]arents?)\b",
    ),
    ("casa", r",\s*(?:CASA|Court\s+Appointed\s+Special\s+Advocate)\b"),
    ("parent", r",?\s*\(?(?:the\s+)?(?:[Mm]other|[Ff]ather)\b(?![\s'’]*s\b)"),
    ("child", r",?\s*\(?(?:the\s+)?(?:[Mm]inor|[Cc]hild)\b(?!'s)"),
)
_HONORIFIC = r"(?:(?i:Hon\.?|Honorable|Mr\.|Mrs\.|Ms\.|Dr\.)[ \t]+)?"
# One scan finds every cue; the name is then matched right after (or right before) it. Each scan first
# checks cheap lookaheads (a letter a cue can start with, then a capital or one of the lower-case words
# a cue can start with) so the long alternation is tried at few positions.
_CUES_BEFORE = re.compile(
    r"(?=[A-EHJLMOPRSTa-dfhjmprst])(?<![\w'])"
    r"(?=[A-Z]|the\s|mother|father|parent|maternal|presumed|alleged|biological|child|minor|son|daughter"
    r"|counsel|attorney|(?i:hon|judge|commissioner|referee))(?:"
    + "|".join(f"(?P<b{i}>{cue})" for i, (_, cue, _) in enumerate(_ROLE_BEFORE))
    + r"|(?P<caps>\b(?i:Hon\.|Honorable|Judge|Commissioner|Referee)))"
)
_BEFORE_ROLES: dict[str, tuple[PartyRole, bool]] = {
    f"b{i}": (role, single) for i, (role, _, single) in enumerate(_ROLE_BEFORE)
} | {"caps": ("judge", True)}
_NAME_AFTER_CUE = re.compile(rf"(?:(?<=[\s:,.])|[ \t])[ \t]*{_HONORIFIC}{_NAME}")
_CAPS_AFTER_CUE = re.compile(rf"(?:(?<=[\s:,.])|[ \t])[ \t]*{_HONORIFIC}{_CAPS_NAME}\b")
_CUES_AFTER = re.compile(
    r"(?=[,\s(])(?<=[A-Za-z.])(?=[,\s(]*(?:the\s+)?(?:[ACDEFJMRS]|attorney|counsel|mother|father|minor|child))"
    r"(?:" + "|".join(f"(?P<a{i}>{cue})" for i, (_, cue) in enumerate(_ROLE_AFTER)) + ")"
)
_AFTER_ROLES: dict[str, PartyRole] = {f"a{i}": role for i, (role, _) in enumerate(_ROLE_AFTER)}
_NAME_BEFORE_CUE = re.compile(rf"(?=[A-Z])(?<![\w'])(?:{_NAME})$")
_NAME_REACH = 60
_CAPITAL = re.compile(r"[A-Z]")
"""Every name (and so every party) starts with one: a page without any has no party to scan for."""
_WORDS = re.compile(r"\S+")

_NOT_NAME = frozenset(
    """the a an and or of to in on at by for with from was were is are has have had be been will would shall
    may not no this that these those his her their its he she they it him them we our you your who which i
    court county counsel superior juvenile dependency department dept division state california united states
    judge commissioner referee honorable hon officer deputy detective sergeant social worker csw casa minor
    minors child children mother father parent parents attorney report hearing petition order orders case
    section code rule welfare institutions agency services family health human office police sheriff city
    monday tuesday wednesday thursday friday saturday sunday january february march april june july august
    september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    reported stated said called contacted advised informed denied indicated requested appeared present
    also further however pursuant according sincerely dear re subject date time page exhibit declaration
    notice proof service minute findings counsel's mr mrs ms dr pro tem esq jr sr ii iii iv
    clerk reporter bailiff interpreter supervisor approved petitioner respondent process server legal
    appearances present absent time room""".split()
)
_NAME_PREFIXES = frozenset({"mr", "mrs", "ms", "dr"})


def extract_parties(text: str, page: int, source: Source) -> list[Party]:
    """Named people with roles on one page, in reading order (duplicates kept; see ``distinct_parties``)."""
    found: list[tuple[int, Party]] = []
    if _CAPITAL.search(text) is None:
        return []
    for role, (name_start, name_end), (quote_start, quote_end) in _matches(text):
        name = _clean_name(text[name_start:name_end])
        if name is None:
            continue
        evidence = source.evidence(page, text, quote_start, quote_end)
        found.append((name_start, Party(name=name, role=role, evidence=evidence)))
    found.sort(key=lambda item: item[0])
    return [party for _, party in found]


Span = tuple[int, int]


def _matches(text: str) -> Iterator[tuple[PartyRole, Span, Span]]:
    """(role, the name's span, the quote's span: the name with its cue)."""
    for cue in _CUES_BEFORE.finditer(text):
        role, single = _BEFORE_ROLES[cue.lastgroup or ""]
        name = _NAME_AFTER_CUE.match(text, cue.end())
        if name is None and role == "judge":
            name = _CAPS_AFTER_CUE.match(text, cue.end())
        if name is None:
            continue
        start, end = _trim(text, name.start("name"), name.end("name"))
        if end > start and (single or " " in text[start:end].strip()):
            yield role, (start, end), (cue.start(), end)
    for cue in _CUES_AFTER.finditer(text):
        line_start = text.rfind("\n", 0, cue.start()) + 1
        name = _NAME_BEFORE_CUE.search(text, max(line_start, cue.start() - _NAME_REACH), cue.start())
        if name is None:
            continue
        start, end = _trim_front(text, name.start("name"), name.end("name"))
        if end > start and " " in text[start:end]:
            yield _AFTER_ROLES[cue.lastgroup or ""], (start, end), (start, cue.end())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut the name at the first word that is not a name word; skip a leading "Mr."/"Ms.".

    A word followed by a colon is the next field's label ("Hon. Ann Lee Clerk: M. Cho"), never a name.
    """
    position = start
    cut = start
    for word in _WORDS.finditer(text[start:end]):
        token = word.group().rstrip(".").lower()
        if token in _NOT_NAME or text.startswith(":", start + word.end()):
            if token in _NAME_PREFIXES and cut == start and word.start() == 0:
                continue
            break
        cut = start + word.end()
        position = cut
    return start, position


def _trim_front(text: str, start: int, end: int) -> tuple[int, int]:
    """For cues after the name keep the words closest to the cue, dropping vocabulary before them."""
    words = list(_WORDS.finditer(text[start:end]))
    first = len(words)
    while first > 0 and words[first - 1].group().rstrip(".").lower() not in _NOT_NAME:
        first -= 1
    if first == len(words):
        return start, start
    return start + words[first].start(), end


def _clean_name(raw: str) -> str | None:
    words = raw.split()
    if words and words[0].rstrip(".").lower() in _NAME_PREFIXES:
        words = words[1:] if len(words) > 1 else words
    if not words or all(len(w.rstrip(".")) <= 1 for w in words):
        return None
    if words[-1].endswith(".") and len(words[-1]) == 2 and len(words) == 1:
        return None
    name = " ".join(w.title() if w.isupper() and len(w) > 2 else w for w in words)
    return name


def distinct_parties(parties: Sequence[Party]) -> list[Party]:
    """One Party per (name, role), first mention kept; a surname alone folds into its full name."""
    by_key: dict[tuple[str, str], Party] = {}
    for party in parties:
        by_key.setdefault((party.name.lower(), party.role), party)
    kept = list(by_key.values())
    full_names = [p for p in kept if " " in p.name]
    return [
        p
        for p in kept
        if " " in p.name
        or not any(f.role == p.role and f.name.lower().endswith(" " + p.name.lower()) for f in full_names)
    ]
