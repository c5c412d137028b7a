"""Field rules shared by request bodies."""

from __future__ import annotations

from typing import Any

from pydantic import field_validator


def _refuse_null(value: object) -> object:
    if value is None:
        raise ValueError("leave this field out instead of sending null: it always has a value")
    return value


def not_null(*fields: str) -> Any:
    """For correction bodies: each field may be left out, but not sent as ``null`` (its column has a value).

    Declare such a field as ``T | SkipJsonSchema[None] = None`` so the OpenAPI document does not offer null.
    """
    return field_validator(*fields)(_refuse_null)
