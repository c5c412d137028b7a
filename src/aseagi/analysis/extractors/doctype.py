"""What kind of paper a document is, from its title lines, its layout and its MIME type.

The title is the first short heading line on page 1 that names a document kind; within that line the
earliest phrase wins, then the longest ("NOTICE OF MOTION" is a motion, "DECLARATION OF SERVICE" a
proof of service, "DECLARATION OF X IN SUPPORT OF MOTION" a declaration).
E-mail, chats, text messages and phone logs are recognised by their layout instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from aseagi.analysis.schemas import DocumentType

_TITLE_PATTERNS: tuple[tuple[DocumentType, str], ...] = (
        ("minute_order", r"\bminute\s+orders?\b|\bminutes\s+of\b|^\s*minutes\b|\bminute\s+entry\b"),
        ("court_order", r"\b(?:findings\s+and\s+)?orders?\b(?!\s+to\s+show)|\bjudgment\b"
                        r"|\bit\s+is\s+so\s+ordered\b"
                        r"|\border\s+after\s+hearing\b|\brestraining\s+order\b"
                        r"|\border\s+to\s+show\s+cause\b"),
        ("petition", r"\bpetition\b(?!\s*(?:no\.?|number|#))"),
        ("social_worker_report", r"\b(?:detention|jurisdiction(?:al)?|disposition(?:al)?"
                                 r"|jurisdiction\s*/\s*disposition"
                                 r"|status\s+review|interim\s+review|review|addendum|366\.2[126]"
                                 r"|permanency|court"
                                 r"|social\s+worker'?s?|investigation|progress)\s+report\b"
                                 r"|\blast\s+minute\s+information\b"
                                 r"|\breport\s+of\s+the\s+social\s+worker\b|\bsocial\s+study\b"),
        ("declaration", r"\bdeclaration\b|\baffidavit\b"),
        ("proof_of_service", r"\bproof\s+of\s+(?:personal\s+|electronic\s+)?service\b"
                             r"|\bcertificate\s+of\s+service\b"
                             r"|\bdeclaration\s+of\s+(?:service|mailing)\b"
                             r"|\bproof\s+of\s+service\s+by\s+mail\b"),
        ("notice", r"\bnotice\s+of\b|\bnotice\s+to\b|\bnotification\s+of\b|\bnotice\b"),
        ("police_report", r"\b(?:police|incident|crime|arrest|offense|sheriff'?s?)\s+report\b"
                          r"|\bpolice\s+department\b"
                          r"|\bsheriff'?s?\s+(?:department|office)\b"),
        ("medical_record", r"\bmedical\s+records?\b|\bdischarge\s+summary\b|\bpatient\s+(?:name"
                           r"|information)\b"
                           r"|\bprogress\s+notes?\b|\bemergency\s+department\b|\bhospital\b"
                           r"|\bchief\s+complaint\b"),
        ("motion", r"\b(?:notice\s+of\s+)?motion\b|\bpoints\s+and\s+authorities\b"
                   r"|\bopposition\s+to\b|\brequest\s+to\s+change\s+court\s+order\b"
                   r"|\bex\s+parte\s+application\b"),
        ("text_messages", r"\btext\s+messages?\b|\bsms\s+(?:messages|conversation|backup)\b|\bimessages?\b"),
        ("phone_log", r"\bcall\s+(?:log|history|records?)\b|\bphone\s+(?:log|records?)\b"),
        ("letter", r"^\s*dear\s+[A-Z]"),
)  # fmt: skip
_TITLES = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _TITLE_PATTERNS)
_EMAIL_HEADER = re.compile(r"^\s*(?:from|to|subject|date|sent|cc)\s*:", re.IGNORECASE | re.MULTILINE)
_CHAT_LINE = re.compile(
    r"^\[?\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?\]?\s*(?:-\s*)?[^:\n]{1,40}:",
    re.IGNORECASE | re.MULTILINE,
)
_CALL_LINE = re.compile(r"\b(?:incoming|outgoing|missed)\s+call\b", re.IGNORECASE)
_LETTER_CLOSE = re.compile(
    r"^\s*(?:sincerely|respectfully|very\s+truly\s+yours|regards)\b", re.IGNORECASE | re.MULTILINE
)
_TITLE_LINES = 30
_TITLE_MAX_CHARS = 100
_EMAIL_MIMES = ("message/rfc822", "application/vnd.ms-outlook", "application/mbox")


@dataclass(frozen=True)
class DocumentKind:
    document_type: DocumentType
    title: str | None


def classify_document(pages: Sequence[str], mime_type: str | None = None) -> DocumentKind:
    first = pages[0] if pages else ""
    head = first[:3000]
    mime = (mime_type or "").lower()
    if (
        mime in _EMAIL_MIMES
        or len({m.group().strip().lower()[:4] for m in _EMAIL_HEADER.finditer(head[:1500])}) >= 3
    ):
        return DocumentKind("email", _email_subject(head))
    if mime.startswith("application/xml") and "<sms" in head.lower():
        return DocumentKind("text_messages", None)
    if len(_CHAT_LINE.findall(head)) >= 3:
        return DocumentKind("chat", None)
    if len(_CALL_LINE.findall(head)) >= 3:
        return DocumentKind("phone_log", None)
    titled = _from_title(head)
    if titled is not None:
        return titled
    if "dear " in head.lower()[:800] and _LETTER_CLOSE.search(pages[-1] if pages else ""):
        return DocumentKind("letter", None)
    return DocumentKind("other", None)


def _from_title(head: str) -> DocumentKind | None:
    lines = [line.strip() for line in head.splitlines() if line.strip()][:_TITLE_LINES]
    for line in lines:
        if len(line) > _TITLE_MAX_CHARS or not _looks_like_title(line):
            continue
        best: tuple[int, int, DocumentType] | None = None
        for kind, pattern in _TITLES:
            match = pattern.search(line)
            if match:
                rank = (match.start(), -len(match.group()), kind)
                if best is None or rank[:2] < best[:2]:
                    best = rank
        if best is not None:
            return DocumentKind(best[2], line)
    return None


def _looks_like_title(line: str) -> bool:
    """A heading: mostly capitals, or Title Case words, or a salutation; not a body sentence."""
    letters = [ch for ch in line if ch.isalpha()]
    if not letters:
        return False
    if sum(ch.isupper() for ch in letters) / len(letters) > 0.6:
        return True
    if line.lower().startswith("dear "):
        return True
    words = [w for w in re.findall(r"[A-Za-z][\w'/-]*", line) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.75 and not line.endswith(".")


def _email_subject(head: str) -> str | None:
    match = re.search(r"^\s*subject\s*:\s*(.+)$", head, re.IGNORECASE | re.MULTILINE)
    return match.group(1).strip() if match else None
