"""A person's corrections of the chronology, applied after every merge so they survive re-analysis.

The merge is deterministic, so an event's key is the same on every run; a correction names that key.
``update`` sets the date, type, status or title (the date is then the person's word: exact);
``merge`` folds one event into another; ``split`` moves some sources out into an event of their own,
which a later ``update`` can re-date or re-type. Deadlines and violations are computed after this step,
so they follow the corrected events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

from aseagi.analysis.chronology_types import ChronologyEvent, DateCertainty, EventStatus
from aseagi.analysis.schemas import EventType, Evidence

__all__ = ["Correction", "CorrectionAction", "apply_corrections", "source_ref"]

CorrectionAction = Literal["update", "merge", "split"]


@dataclass(frozen=True)
class Correction:
    """One ``event_corrections`` row."""

    event_key: str
    """The key of the event as the merge produced it (or as an earlier split named it)."""
    action: CorrectionAction
    values: Mapping[str, Any] = field(default_factory=dict)
    """update: any of ``event_date`` (ISO), ``event_type``, ``status``, ``title``; merge: ``into`` (a key);
    split: ``sources`` (refs ``document_id:page:start``) and optionally ``key`` for the new event."""


def source_ref(evidence: Evidence) -> str:
    """How a correction names one source of an event."""
    return f"{evidence.document_id}:{evidence.page}:{evidence.start}"


def apply_corrections(
    chronology: Iterable[ChronologyEvent], corrections: Iterable[Correction]
) -> list[ChronologyEvent]:
    """The chronology with the corrections applied in order; one naming a key that no longer exists is
    skipped (the documents it was about are gone)."""
    events = {event.key: event for event in chronology}
    for correction in corrections:
        event = events.get(correction.event_key)
        if event is None:
            continue
        if correction.action == "update":
            events[event.key] = _updated(event, correction.values)
        elif correction.action == "merge":
            target = events.get(str(correction.values.get("into", "")))
            if target is None or target.key == event.key:
                continue
            del events[event.key]
            events[target.key] = _merged(target, event)
            events = {k: _relinked(e, event.key, target.key) for k, e in events.items()}
        elif correction.action == "split":
            moved = {str(ref) for ref in correction.values.get("sources", [])}
            taken = tuple(s for s in event.sources if source_ref(s) in moved)
            kept = tuple(s for s in event.sources if source_ref(s) not in moved)
            if not taken or not kept:
                continue
            key = str(correction.values.get("key") or f"{event.key}:split:{len(events)}")
            events[event.key] = replace(event, sources=kept, disputed=False)
            events[key] = replace(
                event, key=key, sources=taken, disputed=False, continued_to=None, unlisted=0
            )
    return sorted(events.values(), key=lambda e: (e.event_date, e.event_type, e.key))


def _updated(event: ChronologyEvent, values: Mapping[str, Any]) -> ChronologyEvent:
    changes: dict[str, Any] = {}
    if values.get("event_date"):
        changes["event_date"] = dt.date.fromisoformat(str(values["event_date"]))
        changes["date_certainty"] = DateCertainty.EXACT
        changes["disputed"] = False
    if values.get("event_type"):
        changes["event_type"] = cast(EventType, values["event_type"])
    if values.get("status"):
        changes["status"] = cast(EventStatus, values["status"])
        if values["status"] != EventStatus.CONTINUED:
            changes["continued_to"] = None
    if values.get("title"):
        changes["title"] = str(values["title"])
    return replace(event, **changes)


def _merged(target: ChronologyEvent, other: ChronologyEvent) -> ChronologyEvent:
    seen = {source_ref(s) for s in target.sources}
    sources = target.sources + tuple(s for s in other.sources if source_ref(s) not in seen)
    people = tuple(dict.fromkeys((*target.people, *other.people)))
    return replace(
        target,
        sources=sources,
        people=people,
        continued_to=target.continued_to or other.continued_to,
        unlisted=target.unlisted + other.unlisted,
    )


def _relinked(event: ChronologyEvent, old: str, new: str) -> ChronologyEvent:
    return replace(event, continued_to=new) if event.continued_to == old else event
