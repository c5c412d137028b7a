"""What a court paper says about good cause for a continuance (WIC 352).

A continuance excuses a late hearing only when it was made for good cause (or exceptional circumstances,
or the parent waived time). Minute orders often say so in a sentence of their own ("No finding of good
cause is stated on the record"), apart from the line that moves the hearing, so it is read per sentence.
"""

from __future__ import annotations

import re

from aseagi.analysis.extractors.passages import PageSentences, Source
from aseagi.analysis.schemas import CauseFinding

_NONE = re.compile(
    r"\bno\s+(?:finding\s+of\s+|showing\s+of\s+)?good\s+cause\b|\bwithout\s+(?:a\s+)?(?:finding\s+of\s+)?good\s+cause\b"
    r"|\bgood\s+cause\s+(?:is\s+|was\s+|has\s+)?(?:not|never)\s+(?:been\s+)?(?:found|shown|stated|made)\b"
    r"|\bno\s+(?:finding\s+of\s+)?exceptional\s+circumstances\b",
    re.IGNORECASE,
)
_FOUND = re.compile(
    r"\b(?:finds?|found|finding\s+of|for|shows?|shown|showing\s+of)\s+good\s+cause\b"
    r"|\bgood\s+cause\s+(?:is\s+|was\s+|having\s+been\s+|being\s+)?(?:found|shown)\b|\bgood\s+cause\s+exists\b"
    r"|\bwaives?\s+time\b|\btime\s+(?:is\s+|was\s+|having\s+been\s+)?waived\b"
    r"|\bfinds?\s+exceptional\s+circumstances\b|\bexceptional\s+circumstances\s+(?:are|were|exist)\b",
    re.IGNORECASE,
)
_NOT_WAIVED = re.compile(r"\b(?:not|never|no)\s+(?:\w+\s+)?waive|\bwaive\w*\s+not\b", re.IGNORECASE)


def extract_good_cause(text: str, page: int, sentences: PageSentences, source: Source) -> list[CauseFinding]:
    """Each sentence of the page that says good cause was, or was not, found."""
    found: list[CauseFinding] = []
    lowered = text.lower()
    if "good cause" not in lowered and "waive" not in lowered and "exceptional" not in lowered:
        return found
    for match in re.finditer(r"good\s+cause|waive|exceptional\s+circumstances", text, re.IGNORECASE):
        start, end = sentences.around(match.start())
        if any(f.evidence.start == start and f.evidence.page == page for f in found):
            continue
        sentence = text[start:end]
        if _NONE.search(sentence):
            verdict = False
        elif _FOUND.search(sentence) and not _NOT_WAIVED.search(sentence):
            verdict = True
        else:
            continue
        found.append(CauseFinding(found=verdict, evidence=source.evidence(page, text, start, end)))
    return found
