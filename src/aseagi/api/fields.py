"""Field rules shared by request bodies."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import Field, field_validator


def _refuse_null(value: object) -> object:
    if value is None:
        raise ValueError("leave this field out instead of sending null: it always has a value")
    return value


def not_null(*fields: str) -> Any:
    """For correction bodies: each field may be left out, but not sent as ``null`` (its column has a value).

    Declare such a field as ``T | SkipJsonSchema[None] = None`` so the OpenAPI document does not offer null.
    """
    return field_validator(*fields)(_refuse_null)


EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
CaseDate = Annotated[
    date,
    Field(
        ge=EARLIEST_DATE,
        le=LATEST_DATE,
        description="A date between 1900-01-01 and 2199-12-31: deadline rules count days from it.",
    ),
]
"""A date a person enters for a case (a hearing, a violation, a document). Years like 9999 or 0001 are
typing mistakes, and deadline arithmetic past the calendar's ends would fail the whole case's analysis."""
