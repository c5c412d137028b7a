"""Response headers built from stored names, which may hold any character."""

from __future__ import annotations

import re
from urllib.parse import quote

_NOT_PLAIN = re.compile(r"[^A-Za-z0-9._ -]+")


def attachment(file_name: str) -> str:
    """``Content-Disposition`` for a download: an ASCII name for old clients, the exact one (RFC 6266).

    Headers are Latin-1, so a docket or file name with other characters cannot go in as it is (it raised
    ``UnicodeEncodeError``, a 500); quotes and line breaks could break the header.
    """
    plain = _NOT_PLAIN.sub("_", file_name).strip() or "download"
    exact = quote(file_name, safe="", encoding="utf-8", errors="replace")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{exact}"
