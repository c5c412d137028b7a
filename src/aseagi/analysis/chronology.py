"""The case chronology: the mentions of every document merged into one event per real fact.

A hearing is named many ways in many papers ("Hearing", "DETENTION HEARING", "Detention hearing
(continued)"); a chronology tool keeps one fact with many citations. Here a fact is a date, a kind of
event and a docket: mentions of the same kind on the same day and docket are one event, a bare "hearing"
joins the specific hearing of its day, a continuance links the old setting to the new one, and the
sources' weight decides how certain the date is.

Pure: no database, no clock (``today`` is a parameter). The same mentions always give the same events
and the same keys.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from aseagi.analysis.chronology_types import ChronologyEvent, DateCertainty, EventStatus
from aseagi.analysis.schemas import HEARING_TYPES, EventType, Evidence

if TYPE_CHECKING:
    from aseagi.analysis.case_inputs import CaseEvent

__all__ = ["build_chronology", "docket_key", "event_label", "source_rank"]

_NAMED_HEARINGS = frozenset(HEARING_TYPES) - {"hearing"}
_SINGLE_FACTS = frozenset(
    {
        "removal",
        "petition_filed",
        "detention_hearing",
        "jurisdiction_hearing",
        "disposition_hearing",
        "review_hearing",
        "permanency_hearing",
        "366.26_hearing",
    }
)
"""Kinds whose mentions a few days apart, with no continuance between them, are one fact misdated."""
_CONFLICT_WINDOW = dt.timedelta(days=7)
_LINK_WINDOW = dt.timedelta(days=180)
_RECOUNT_WINDOW = 2
"""Days a text or e-mail may misdate a hearing the court's papers fix, and still be that hearing."""
_RANKS = {
    "minute_order": 0,
    "court_order": 0,
    "petition": 1,
    "notice": 1,
    "proof_of_service": 1,
    "social_worker_report": 2,
    "declaration": 2,
    "motion": 2,
    "police_report": 2,
    "medical_record": 2,
}
_WEAK = 3
"""E-mails, texts, chats, letters, call logs and notes recount events; they never fix a date alone."""
_CONTINUED_TO = re.compile(
    r"\b(?:continued|postponed|rescheduled|trailed|moved)\s+(?:to|until|for)\b|\bcontinuance\s+(?:to|until)\b"
    r"|\bmoved\s+from\b|\b(?:was|previously)\s+set\s+for\b",
    re.IGNORECASE,
)
_CONTINUED_FROM = re.compile(r"\bcont(?:inue)?'?d\.?\s+from\b|\bcontinued\s+from\b", re.IGNORECASE)
_CONTINUED_HERE = re.compile(r"\(continued\)|\bcontinued\b", re.IGNORECASE)
_VACATED = re.compile(r"\bvacat(?:ed|es)\b|\boff\s+(?:the\s+)?calendar\b", re.IGNORECASE)
_LABELS: dict[str, str] = {
    "detention_hearing": "Detention hearing",
    "jurisdiction_hearing": "Jurisdiction hearing",
    "disposition_hearing": "Disposition hearing",
    "review_hearing": "Review hearing",
    "permanency_hearing": "Permanency hearing",
    "366.26_hearing": "366.26 hearing",
    "trial": "Trial",
    "status_hearing": "Status hearing",
    "mediation": "Mediation",
    "hearing": "Hearing",
}


def docket_key(docket: str | None) -> str | None:
    """A docket as events are grouped on it: upper case, letters and digits only."""
    key = re.sub(r"[^0-9A-Z]", "", docket.upper()) if docket else ""
    return key or None


def source_rank(mention: CaseEvent) -> int:
    """0 for the court's own papers (and a person's own entry) … 3 for correspondence recounting them."""
    if mention.manual:
        return 0
    return _RANKS.get(mention.source_type or "", _WEAK)


def event_label(event_type: str) -> str:
    return _LABELS.get(event_type, event_type.replace("_", " ").capitalize())


@dataclass
class _Fact:
    """A fact being assembled: its mentions, grouped by the date each one gives."""

    event_type: EventType
    docket: str | None
    mentions: list[CaseEvent] = field(default_factory=list)
    continued_to: _Fact | None = None
    continued_here: bool = False

    _date_cache: tuple[int, dt.date] | None = field(default=None, repr=False, compare=False)

    @property
    def event_date(self) -> dt.date:
        """The date the weightiest sources give (then the most mentions, then the earliest)."""
        if self._date_cache is not None and self._date_cache[0] == len(self.mentions):
            return self._date_cache[1]
        self._date_cache = (len(self.mentions), self._vote())
        return self._date_cache[1]

    def _vote(self) -> dt.date:
        votes: Counter[dt.date] = Counter()
        best: dict[dt.date, int] = {}
        for mention in self.mentions:
            votes[mention.event_date] += mention.count
            best[mention.event_date] = min(best.get(mention.event_date, _WEAK + 1), source_rank(mention))
        return min(votes, key=lambda day: (best[day], -votes[day], day))

    @property
    def rank(self) -> int:
        return min(source_rank(m) for m in self.mentions)

    def has_own_minutes(self) -> bool:
        """A minute order of the day records this hearing: it was held (or at least called) that day."""
        return any(
            m.source_type in ("minute_order", "court_order") and m.document_date == m.event_date
            for m in self.mentions
        )


def build_chronology(mentions: Iterable[CaseEvent], *, today: dt.date) -> list[ChronologyEvent]:
    """One event per fact, sorted by date, each with every mention as a source."""
    pool = [m for m in mentions if m.event_type != "deadline"]
    pool = _retype(pool)
    facts = _group(pool)
    facts = _merge_conflicts(facts)
    facts = _fold_recounted_acts(facts)
    _link_continuances(facts)
    events = [_event(fact, today) for fact in facts]
    keyed = {id(fact): event.key for fact, event in zip(facts, events, strict=True)}
    events = [
        replace(event, continued_to=keyed.get(id(fact.continued_to)) if fact.continued_to else None)
        for fact, event in zip(facts, events, strict=True)
    ]
    return sorted(events, key=lambda e: (e.event_date, e.event_type, e.key))


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _retype(pool: list[CaseEvent]) -> list[CaseEvent]:
    """A bare "hearing" (or an unnamed continuance) is the specific hearing its day names.

    An unnamed continuance to day X ("HEARING CONTINUED TO 04/16/25") with no hearing named on X continues
    the hearing of its paper's own day, when that day has one. A minute order "CONT'D FROM 03/26/25" records
    its own day's hearing as well as the setting it came from.
    """
    pool = [*pool, *_held_after_continuance(pool)]
    named: dict[dt.date, list[CaseEvent]] = defaultdict(list)
    for mention in pool:
        if mention.event_type in _NAMED_HEARINGS:
            named[mention.event_date].append(mention)
    petitions = {(m.event_date, docket_key(m.docket)) for m in pool if m.event_type == "petition_filed"}
    out: list[CaseEvent] = []
    kinds: dict[tuple[dt.date, str | None], EventType | None] = {}

    def kind_of(day: dt.date, mention: CaseEvent) -> EventType | None:
        key = (day, docket_key(mention.docket))
        if key not in kinds:
            kinds[key] = _named_kind(named.get(day, []), mention)
        return kinds[key]

    for mention in pool:
        if mention.event_type == "filing" and any(
            day == mention.event_date and _compatible(docket, docket_key(mention.docket))
            for day, docket in petitions
        ):
            mention = replace(mention, event_type="petition_filed")  # the petition's own file stamp
        if mention.event_type in ("hearing", "continuance"):
            kind = kind_of(mention.event_date, mention)
            moved = mention.event_type == "continuance" or _CONTINUED_TO.search(_quote(mention))
            if kind is None and moved and mention.document_date is not None:
                kind = kind_of(mention.document_date, mention)
            if kind is not None:
                mention = replace(mention, event_type=kind)
        out.append(mention)
    return out


def _held_after_continuance(pool: Sequence[CaseEvent]) -> list[CaseEvent]:
    """The hearing a court paper of day D records when it names only the setting it was continued from."""
    found: list[CaseEvent] = []
    for mention in pool:
        day = mention.document_date
        if (
            mention.event_type in HEARING_TYPES
            and mention.source_type in ("minute_order", "court_order")
            and day is not None
            and day > mention.event_date
            and _CONTINUED_FROM.search(_quote(mention))
        ):
            title = re.sub(r"\s*\(continued\)\s*$", "", mention.title, flags=re.IGNORECASE)
            found.append(replace(mention, id=f"{mention.id}:held", event_date=day, title=title))
    return found


def _named_kind(candidates: Sequence[CaseEvent], mention: CaseEvent) -> EventType | None:
    """The named hearing of a day a mention belongs to: same docket first, then the weightiest sources."""
    docket = docket_key(mention.docket)
    usable = [c for c in candidates if _compatible(docket_key(c.docket), docket)]
    if not usable:
        return None
    tally: Counter[EventType] = Counter()
    for candidate in usable:
        tally[candidate.event_type] += candidate.count
    same = {c.event_type for c in usable if docket is not None and docket_key(c.docket) == docket}
    return min(
        tally,
        key=lambda kind: (
            kind not in same,
            min(source_rank(c) for c in usable if c.event_type == kind),
            -tally[kind],
            kind,
        ),
    )


def _group(pool: list[CaseEvent]) -> list[_Fact]:
    """Mentions of one kind on one day: one fact per docket, undocketed mentions joining the main one."""
    buckets: dict[tuple[dt.date, EventType], list[CaseEvent]] = defaultdict(list)
    served_days = {m.event_date for m in pool if m.event_type == "service"}
    for mention in pool:
        kind = mention.event_type
        if kind == "notice" and mention.event_date in served_days:
            kind = "service"  # the notice given that day is the service the proof records
        buckets[(mention.event_date, kind)].append(mention)
    totals: Counter[str] = Counter()
    for mention in pool:
        if (key := docket_key(mention.docket)) is not None:
            totals[key] += mention.count
    facts: list[_Fact] = []
    for (_, kind), group in sorted(buckets.items(), key=lambda item: (item[0][0], item[0][1])):
        by_docket: dict[str | None, list[CaseEvent]] = defaultdict(list)
        for mention in group:
            by_docket[docket_key(mention.docket)].append(mention)
        loose = by_docket.pop(None, [])
        if by_docket:
            main = min(
                by_docket,
                key=lambda d: (min(source_rank(m) for m in by_docket[d]), -totals[d or ""], d or ""),
            )
            by_docket[main].extend(loose)
        else:
            by_docket[None] = loose
        facts.extend(_Fact(kind, docket, mentions) for docket, mentions in sorted(by_docket.items(), key=str))
    return facts


def _merge_conflicts(facts: list[_Fact]) -> list[_Fact]:
    """One removal, petition or hearing given two dates a few days apart, with nothing moving it, is one fact.

    Two settings both recorded by their own minute orders are two hearings, and a continuance between them
    is a chain (linked later), so neither is merged.
    """
    merged: list[_Fact] = []
    for fact in sorted(facts, key=lambda f: (f.event_date, f.event_type, f.docket or "")):
        target = next(
            (
                kept
                for kept in reversed(merged)
                if fact.event_type in _SINGLE_FACTS
                and kept.event_type == fact.event_type
                and _compatible(kept.docket, fact.docket)
                and fact.event_date - kept.event_date <= _CONFLICT_WINDOW
                and not (kept.has_own_minutes() and fact.has_own_minutes())
                and not _moved(kept, fact)
            ),
            None,
        )
        if target is None:
            merged.append(fact)
        else:
            target.mentions.extend(fact.mentions)
            target.docket = target.docket or fact.docket
    return merged


_ACTS = frozenset({"filing", "service", "notice"})


def _fold_recounted_acts(facts: list[_Fact]) -> list[_Fact]:
    """A filing or service only correspondence or a listing recounts, on a day a court paper or proof
    records one of the same kind, is that one, whatever docket the listing names (an appellate docket
    lists the notice of appeal filed below)."""
    recorded: dict[tuple[dt.date, str], _Fact] = {}
    for fact in facts:
        if fact.event_type in _ACTS and fact.rank < _WEAK:
            recorded.setdefault((fact.event_date, fact.event_type), fact)
    hearings = [f for f in facts if f.event_type in HEARING_TYPES and f.rank < _WEAK]
    kept: list[_Fact] = []
    for fact in facts:
        target = recorded.get((fact.event_date, fact.event_type))
        if fact.rank >= _WEAK and fact.event_type in HEARING_TYPES:
            target = _recorded_hearing_near(hearings, fact)
        if fact.rank >= _WEAK and target is not None:
            target.mentions.extend(fact.mentions)
        else:
            kept.append(fact)
    return kept


def _recorded_hearing_near(recorded: Sequence[_Fact], recounted: _Fact) -> _Fact | None:
    """The court's own setting a text or e-mail misdates by a day or two ("the 23rd" for the 22nd).

    Only when exactly one setting of that kind (or any kind, for a bare "hearing") is that close."""
    near = [
        f
        for f in recorded
        if f.event_date != recounted.event_date
        and abs((f.event_date - recounted.event_date).days) <= _RECOUNT_WINDOW
        and (recounted.event_type == "hearing" or f.event_type == recounted.event_type)
        and _compatible(f.docket, recounted.docket)
    ]
    return near[0] if len(near) == 1 else None


def _moved(earlier: _Fact, later: _Fact) -> bool:
    """A mention of either says the hearing was continued (or the later one says where it moved from)."""
    both = (*earlier.mentions, *later.mentions)
    return any(_CONTINUED_HERE.search(f"{m.title}\n{_quote(m)}") for m in both)


def _link_continuances(facts: list[_Fact]) -> None:
    """Link each hearing to the one it was continued to: a chain, not new hearings."""
    hearings = sorted(
        (f for f in facts if f.event_type in HEARING_TYPES), key=lambda f: (f.event_date, f.event_type)
    )
    for fact in hearings:
        for mention in fact.mentions:
            text = f"{mention.title}\n{_quote(mention)}"
            said_on = mention.document_date
            if (
                said_on == mention.event_date
                and _CONTINUED_HERE.search(mention.title)
                and not _CONTINUED_FROM.search(text)
            ):
                # "MINUTE ORDER - DISPOSITION HEARING (CONTINUED)": this day's hearing was continued.
                fact.continued_here = True
            elif said_on is not None and said_on > fact.event_date and _CONTINUED_FROM.search(text):
                # "HEARING: JURISDICTION (CONT'D FROM 03/26/25)" in the paper of 04/16: 03/26 moved to 04/16.
                later = _setting_on(hearings, fact, said_on)
                if later is not None and fact.continued_to is None:
                    fact.continued_to = later
            elif _CONTINUED_TO.search(text):
                previous = _previous_setting(hearings, fact, mention.document_date)
                if previous is not None and previous.continued_to is None:
                    previous.continued_to = fact
    for fact in hearings:
        if fact.continued_here and fact.continued_to is None:
            fact.continued_to = next(
                (
                    later
                    for later in hearings
                    if later.event_type == fact.event_type
                    and _compatible(later.docket, fact.docket)
                    and fact.event_date < later.event_date <= fact.event_date + _LINK_WINDOW
                ),
                None,
            )


def _setting_on(hearings: Sequence[_Fact], fact: _Fact, day: dt.date) -> _Fact | None:
    same = [h for h in hearings if h.event_date == day and _compatible(h.docket, fact.docket)]
    return next((h for h in same if h.event_type == fact.event_type), same[0] if same else None)


def _previous_setting(hearings: Sequence[_Fact], fact: _Fact, said_on: dt.date | None) -> _Fact | None:
    """The setting a "continued to" mention moved: the paper's own day's hearing, else the latest before."""
    earlier = [
        h
        for h in hearings
        if h.event_type == fact.event_type
        and h is not fact
        and _compatible(h.docket, fact.docket)
        and fact.event_date - _LINK_WINDOW <= h.event_date < fact.event_date
        and (said_on is None or h.event_date <= said_on)
    ]
    if said_on is not None:
        same_day = [h for h in earlier if h.event_date == said_on]
        if same_day:
            return same_day[0]
    return earlier[-1] if earlier else None


def _quote(mention: CaseEvent) -> str:
    return mention.evidence.quote if mention.evidence is not None else ""


def _event(fact: _Fact, today: dt.date) -> ChronologyEvent:
    day = fact.event_date
    # The weightiest paper first, and among equals the one of the day itself (a hearing's own minutes).
    mentions = sorted(
        fact.mentions, key=lambda m: (source_rank(m), m.event_date != day, m.document_date != day, m.id)
    )
    dates_by_rank: dict[dt.date, int] = {}
    for mention in mentions:
        rank = source_rank(mention)
        dates_by_rank[mention.event_date] = min(dates_by_rank.get(mention.event_date, _WEAK), rank)
    top = min(dates_by_rank.values())
    certainty: DateCertainty
    if top >= _WEAK:
        certainty = DateCertainty.APPROXIMATE
    elif sum(rank == top for rank in dates_by_rank.values()) > 1:
        certainty = DateCertainty.CONFLICTING
    else:
        certainty = DateCertainty.EXACT
    status = _status(fact, day, today)
    vacated_and_held = status == EventStatus.VACATED and fact.has_own_minutes()
    best = mentions[0]
    docket = fact.docket or next((docket_key(m.docket) for m in mentions if m.docket), None)
    return ChronologyEvent(
        key=f"{day.isoformat()}:{fact.event_type}:{docket or '-'}",
        event_date=day,
        date_certainty=certainty,
        event_type=fact.event_type,
        status=status,
        title=_title(fact, best),
        people=tuple(dict.fromkeys(name for m in mentions for name in m.people)),
        sources=_sources(mentions),
        disputed=len(dates_by_rank) > 1 or vacated_and_held,
        continued_to=None,
        docket=docket,
        unlisted=sum(m.count - 1 for m in mentions),
    )


def _status(fact: _Fact, day: dt.date, today: dt.date) -> EventStatus:
    if fact.continued_to is not None or fact.continued_here:
        return EventStatus.CONTINUED
    if any(_VACATED.search(_quote(m)) and m.event_date == day for m in fact.mentions):
        return EventStatus.VACATED
    return EventStatus.HELD if day < today else EventStatus.SCHEDULED


def _title(fact: _Fact, best: CaseEvent) -> str:
    """One line: a person's own title, the hearing's kind, or the weightiest paper's words otherwise."""
    if best.manual:
        return best.title
    if fact.event_type in HEARING_TYPES or best.event_type != fact.event_type:
        return event_label(fact.event_type)
    title = re.sub(r"\s*\(continued\)\s*$", "", " ".join(best.title.split()), flags=re.IGNORECASE)
    return title or event_label(fact.event_type)


def _sources(mentions: Sequence[CaseEvent]) -> tuple[Evidence, ...]:
    """Every mention's passage once (a paper's two mentions of one sentence are one source)."""
    seen: dict[tuple[str | None, int, int, int], Evidence] = {}
    for mention in mentions:
        evidence = mention.evidence
        if evidence is None:
            continue
        seen.setdefault((evidence.document_id, evidence.page, evidence.start, evidence.end), evidence)
    return tuple(seen.values())
