"""The case chronology's vocabulary: one event per real fact, with every mention of it as a source.

Types only (no logic), so the merge (``chronology``), the case analysis and the evaluation can all
import them without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from aseagi.analysis.schemas import EventType, Evidence

__all__ = ["ChronologyEvent", "DateCertainty", "EventStatus"]


class DateCertainty(StrEnum):
    """``court_events.date_certainty``: how sure the event's date is."""

    EXACT = "exact"
    """An authoritative paper (order, minute order, notice, petition…) states it and none disagrees."""
    APPROXIMATE = "approximate"
    """Only weak sources (an e-mail, a report recounting it) or a user's note."""
    CONFLICTING = "conflicting"
    """Authoritative sources give different dates for the same fact."""


class EventStatus(StrEnum):
    """``court_events.status``: what became of a hearing. Non-hearing events (filings, service, orders)
    are ``held`` once they are in the past."""

    SCHEDULED = "scheduled"
    """In the future, or nothing says it happened."""
    CONTINUED = "continued"
    """Moved; ``continued_to`` names where."""
    HELD = "held"
    VACATED = "vacated"
    """Taken off calendar."""
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ChronologyEvent:
    """One fact of the case, merged from every mention of it."""

    key: str
    """Stable id: the same case and the same fact give the same key on every run."""
    event_date: date
    date_certainty: DateCertainty
    event_type: EventType
    """From the fixed vocabulary of ``aseagi.analysis.schemas.EventType``."""
    status: EventStatus
    title: str
    """One line."""
    people: tuple[str, ...]
    """Names of the people involved, as the sources write them."""
    sources: tuple[Evidence, ...]
    """Every mention: document, page, offsets and quote."""
    disputed: bool
    """The sources disagree about the date, type or status."""
    continued_to: str | None
    """Key of the event this one was continued to."""
    docket: str | None
    """Normalized docket the event belongs to, when known."""
    unlisted: int = 0
    """Mentions beyond ``sources``: past ``MAX_SOURCES`` passages (or repeats) a fact is only counted."""

    @property
    def mentions(self) -> int:
        """How many passages name this fact."""
        return len(self.sources) + self.unlisted
