"""Values PostgreSQL can take: no NUL character and no unpaired surrogate in any text, JSON key or value.

``text`` and ``jsonb`` refuse NUL (``\\u0000``), and UTF-8 cannot encode a lone surrogate (what Python
makes of undecodable bytes with ``surrogateescape``). Documents people have are full of both: a NUL in
an Outlook subject, in an encoded e-mail header, in a text file's padding. One rejected value used to
fail a whole chunk of files, so every row is made storable where it is written (``kit/bulk.py``) instead
of in each parser.

Each bad character is replaced by one character (NUL by a space, a surrogate by U+FFFD), so offsets
into a page that analysis computed before the cleaning still point at the same text.
"""

from __future__ import annotations

import re
from typing import Any

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_REPLACEMENTS = {0: " ", **{code: "\ufffd" for code in range(0xD800, 0xE000)}}


def clean_text(value: str) -> str:
    if _UNSTORABLE.search(value) is None:
        return value
    return value.translate(_REPLACEMENTS)


def clean(value: Any) -> tuple[Any, bool]:
    """``value`` with every string inside it (dict keys too) storable, and whether anything changed.

    Unchanged containers are returned as they are (no copy); other types pass through untouched.
    """
    if isinstance(value, str):
        cleaned = clean_text(value)
        return cleaned, cleaned is not value
    if isinstance(value, dict):
        items = [(clean(key), clean(item)) for key, item in value.items()]
        if not any(key[1] or item[1] for key, item in items):
            return value, False
        return {key[0]: item[0] for key, item in items}, True
    if isinstance(value, list | tuple):
        parts = [clean(item) for item in value]
        if not any(changed for _, changed in parts):
            return value, False
        parts_cleaned = [part for part, _ in parts]
        return (parts_cleaned if isinstance(value, list) else tuple(parts_cleaned)), True
    return value, False


def storable(value: Any) -> Any:
    """``value`` as PostgreSQL will take it (see ``clean``)."""
    return clean(value)[0]


def needs_cleaning(value: Any) -> bool:
    return clean(value)[1]
