"""Text that remembers what was planted in it.

Each template writes its dates, dockets, citations and hearings through a ``MarkedText``, so the ground
truth is a by-product of writing the document and can never drift from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from aseagi.analysis.schemas import EventType

DateStyle = Literal["long", "slash", "slash4", "iso", "ordinal", "abbr", "weekday", "dmy"]

_MONTH_ABBR = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def format_date(day: dt.date, style: DateStyle) -> str:
    """Write a date the way court papers and people do: "March 5, 2024", "3/5/24", "the 5th day of…"."""
    month = day.strftime("%B")
    if style == "long":
        return f"{month} {day.day}, {day.year}"
    if style == "slash":
        return f"{day.month}/{day.day}/{day.year % 100:02d}"
    if style == "slash4":
        return f"{day.month:02d}/{day.day:02d}/{day.year}"
    if style == "iso":
        return day.isoformat()
    if style == "ordinal":
        return f"the {_ordinal(day.day)} day of {month}, {day.year}"
    if style == "abbr":
        return f"{_MONTH_ABBR[day.month - 1]} {day.day}, {day.year}"
    if style == "weekday":
        return f"{day.strftime('%A')}, {month} {day.day}, {day.year}"
    return f"{day.day} {month} {day.year}"


@dataclass(frozen=True)
class Hearing:
    date: dt.date
    event_type: EventType
    text: str


@dataclass
class MarkedText:
    """Lines of a document plus everything planted in them."""

    lines: list[str] = field(default_factory=list)
    dates: dict[dt.date, str] = field(default_factory=dict)
    dockets: dict[str, str] = field(default_factory=dict)
    citations: dict[str, str] = field(default_factory=dict)
    hearings: list[Hearing] = field(default_factory=list)
    negatives: list[str] = field(default_factory=list)

    def date(self, day: dt.date, style: DateStyle = "long") -> str:
        written = format_date(day, style)
        self.dates.setdefault(day, written)
        return written

    def hearing(self, day: dt.date, event_type: EventType, style: DateStyle = "long") -> str:
        written = self.date(day, style)
        if all((h.date, h.event_type) != (day, event_type) for h in self.hearings):
            self.hearings.append(Hearing(day, event_type, written))
        return written

    def docket(self, written: str, normalized: str | None = None) -> str:
        key = normalized or written.upper().replace(" ", "")
        self.dockets.setdefault(key, written)
        return written

    def cite(self, written: str, normalized: str) -> str:
        self.citations.setdefault(normalized, written)
        return written

    def negative(self, written: str) -> str:
        """Something that looks like a docket or date and is neither."""
        self.negatives.append(written)
        return written

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)
