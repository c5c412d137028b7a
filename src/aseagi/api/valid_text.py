"""Text PostgreSQL can take, checked once at the edge for every route.

PostgreSQL's ``text`` and ``jsonb`` refuse NUL, and UTF-8 cannot encode an unpaired surrogate (JSON's
``"\\ud800"``). Either one in a query parameter, a path parameter, a form field or anywhere in a JSON body
used to reach the database and come back as a 500. ``reject_unstorable_text`` runs before every endpoint
(an app-wide dependency) and answers 422 naming the field instead. Upload file names are cleaned rather
than refused (``clean_file_name``): the name is metadata and the bytes are the evidence.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import HTTPConnection, Request

from aseagi.kit.errors import InvalidRequest

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
"""NUL, and any surrogate: in a Python string every surrogate is unpaired (JSON's pairs are joined)."""
MAX_FILE_NAME = 255
JSON_TYPES = ("application/json", "+json")
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def printable(value: str) -> str:
    """``value`` with each NUL or surrogate written as ``\\uXXXX``, safe to echo in an error message."""
    return UNSTORABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", value)


def find_unstorable(value: Any, where: str) -> str | None:
    """The location (``body.evidence.0.quote``) of the first string, or dict key, PostgreSQL would refuse."""
    pending: list[tuple[Any, str]] = [(value, where)]
    while pending:
        item, location = pending.pop()
        if isinstance(item, str):
            if UNSTORABLE.search(item):
                return location
        elif isinstance(item, dict):
            for key, child in item.items():
                name = f"{location}.{printable(str(key))}"
                if isinstance(key, str) and UNSTORABLE.search(key):
                    return name
                pending.append((child, name))
        elif isinstance(item, list | tuple):
            pending.extend((child, f"{location}.{index}") for index, child in enumerate(item))
    return None


def _refuse(where: str) -> InvalidRequest:
    problem = "contains a NUL character or an unpaired surrogate, which cannot be stored: remove it"
    return InvalidRequest(f"{where}: {problem}", detail=[{"where": where, "problem": problem}])


async def reject_unstorable_text(connection: HTTPConnection) -> None:
    """An app-wide dependency: path, query, form and JSON fields are all checked, before any endpoint runs."""
    for name, value in connection.path_params.items():
        if isinstance(value, str) and UNSTORABLE.search(value):
            raise _refuse(f"path.{name}")
    for name, value in connection.query_params.multi_items():
        if UNSTORABLE.search(name) or UNSTORABLE.search(value):
            raise _refuse(f"query.{printable(name)}")
    if not isinstance(connection, Request):
        return  # WebSockets check their own parameters.
    if getattr(connection.scope.get("route"), "body_field", None) is None:
        return  # A body this route does not take is never read, so it is not checked either.
    content_type = connection.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type.endswith(JSON_TYPES) and await connection.body():
        # FastAPI has parsed the body already (a 422 if it was not JSON); Request caches the result.
        found = find_unstorable(await connection.json(), "body")
        if found is not None:
            raise _refuse(found)
    elif content_type in FORM_TYPES:
        form = await connection.form()
        for name, field in form.multi_items():
            if isinstance(field, str) and (UNSTORABLE.search(name) or UNSTORABLE.search(field)):
                raise _refuse(f"body.{printable(name)}")
            if isinstance(field, UploadFile) and UNSTORABLE.search(name):
                raise _refuse(f"body.{printable(name)}")


def clean_file_name(raw: str | None, default: str = "upload") -> str:
    """A client's file name as metadata: no folders, no NUL, no surrogate, at most 255 characters."""
    name = UNSTORABLE.sub("", raw or "").replace("\\", "/")
    name = PurePosixPath(name).name.strip()
    if name in {"", ".", ".."}:
        return default
    return name[:MAX_FILE_NAME]
