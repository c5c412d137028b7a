"""Paged responses and opaque keyset cursors."""

from __future__ import annotations

import base64
import json
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from aseagi.kit.errors import BadRequest

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    count: int
    """All rows matching the filters, not only this page."""
    limit: int
    offset: int = 0
    next_cursor: str | None = None
    """Pass as ``cursor`` for the next page (keyset pagination: stable while rows are added)."""


def encode_cursor(*values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, default=str).encode()).decode()


def decode_cursor(cursor: str, arity: int) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("invalid cursor: pass back the next_cursor of the previous page") from None
    if not isinstance(values, list) or len(values) != arity:
        raise BadRequest("invalid cursor: pass back the next_cursor of the previous page")
    return values
