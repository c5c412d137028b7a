"""The clause that makes a paper sworn: "I declare under penalty of perjury ... true and correct".

Variants: "I certify (or declare)", "the undersigned declares", "Under penalty of perjury, I declare",
"... under the laws of the State of California / the United States", "subscribed and sworn to before
me". A sentence that only mentions perjury ("false statements are punishable as perjury") is not one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aseagi.analysis.extractors.passages import Source
from aseagi.analysis.schemas import Evidence

_CLAUSE = re.compile(
    r"(?:\b(?:I|the\s+undersigned|declarant|affiant)\b[^.\n]{0,60}?\b(?:declare|certify|state|swear"
    r"|affirm|verify)s?\b"
    r"[^.]{0,60}?\bunder\s+(?:the\s+)?penalt(?:y|ies)\s+of\s+perjury"
    r"|\bunder\s+(?:the\s+)?penalt(?:y|ies)\s+of\s+perjury\s*,?\s*I\s+(?:hereby\s+)?(?:declare"
    r"|certify|state|swear)"
    r"|\bsubscribed\s+and\s+sworn\s+(?:to\s+)?before\s+me)"
    r"(?:\s+under\s+the\s+laws\s+of\s+the\s+(?:State\s+of\s+California|United\s+States(?:\s+of\s+America)?))?"
    r"(?:\s*,?\s*that\s+the\s+foregoing\s+(?:is|are)\s+true\s+and\s+correct)?\.?",
    re.IGNORECASE,
)


def find_perjury_clause(pages: Sequence[str], source: Source) -> Evidence | None:
    """The last perjury clause in the document (the signature block), or None."""
    for number in range(len(pages), 0, -1):
        text = pages[number - 1]
        if "perjury" not in text.lower() and "sworn" not in text.lower():
            continue
        matches = list(_CLAUSE.finditer(text))
        if matches:
            return source.evidence(number, text, *matches[-1].span())
    return None
