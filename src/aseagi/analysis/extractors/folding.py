"""A page lower-cased so that a plain ``word in folded`` check answers like a case-insensitive search.

Extractors use it to skip a costly ``re.IGNORECASE`` pattern when a word the pattern cannot match
without is absent. ``re.IGNORECASE`` also reads the long s and the dotted and dotless i as "s" and "i",
which ``str.lower`` alone does not, so they are folded too: the check never skips a page the pattern
would match. The folded text has the page's offsets whenever it has the page's length (only the dotted
capital I lower-cases to two characters, and it is folded back to one); ``aligned_fold`` checks that.
"""

from __future__ import annotations


def fold_case(text: str) -> str:
    """``text`` lower-cased, with "ſ" as "s" and the dotted and dotless i as "i"."""
    folded = text.lower()
    if not folded.isascii():
        folded = folded.replace("ſ", "s").replace("ı", "i").replace("i\u0307", "i")
    return folded


def aligned_fold(text: str) -> str | None:
    """``fold_case(text)`` when its offsets are the page's (the usual case), else None."""
    folded = fold_case(text)
    return folded if len(folded) == len(text) else None
