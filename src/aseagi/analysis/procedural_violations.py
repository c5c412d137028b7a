"""Procedural violations: statutory time limits the record shows were not met.

Conservative by design: a check fires only when both dates are in the record, a continuance (or, for
WIC 352(b), a finding of exceptional circumstances) excuses a late hearing, and every finding quotes the
passages it rests on. The time limits themselves come from the rules file, so a corrected rule corrects
the check.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from aseagi.analysis.calendar import add_calendar_days
from aseagi.analysis.case_inputs import CORRESPONDENCE_TYPES
from aseagi.analysis.chronology_types import EventStatus
from aseagi.analysis.deadlines import child_detained, due_date_for, event_text, events_by_docket
from aseagi.analysis.icwa import IcwaTally, icwa_inquiry_not_done
from aseagi.analysis.rules import DeadlineRule
from aseagi.analysis.schemas import Evidence, Statement
from aseagi.analysis.violation_basis import (
    Confidence,
    ViolationFinding,
    cause_stated,
    count_days,
    final_setting,
    graded,
    one_per_fact,
    quoted,
)

if TYPE_CHECKING:
    from aseagi.analysis.case_inputs import CaseDocument, CaseEvent

__all__ = ["Confidence", "ViolationFinding", "find_violations"]

_CONTINUANCE = re.compile(
    r"\bcontinu(?:ed|ance|ing)\b(?!\s+(?:detention|placement|care|custody|out|in\b|to\s+be\s+detained))"
    r"|\bpostpone|\breschedul",
    re.IGNORECASE,
)
"""A hearing moved; "continued detention" / "continued placement" are findings, not continuances."""
_GOOD_CAUSE = re.compile(r"\bgood\s+cause\b", re.IGNORECASE)
_EXCEPTIONAL = re.compile(r"\bexceptional\s+circumstances?\b", re.IGNORECASE)
_BYPASS = re.compile(r"361\.5\s*\(?b\)?", re.IGNORECASE)
_PERMANENCY_HEARING = re.compile(r"366\.26|selection\s+and\s+implementation|permanent\s+plan", re.IGNORECASE)
_PAIRING_WINDOW = dt.timedelta(days=180)
_HEARING_KINDS = {
    "detention_hearing": re.compile(r"\bdetention\s+hearing", re.IGNORECASE),
    "jurisdiction_hearing": re.compile(r"\bjurisdiction(?:al)?\b", re.IGNORECASE),
    "disposition_hearing": re.compile(r"\bdisposition(?:al)?\b", re.IGNORECASE),
}
_PARENT_AT_HEARING = re.compile(
    r"\b(?:present|appeared|appearing|noticed|notified|notice\s+(?:was\s+)?given)\b", re.IGNORECASE
)


def find_violations(
    events: Sequence[CaseEvent],
    rules: Sequence[DeadlineRule],
    documents: Iterable[CaseDocument] = (),
    icwa: IcwaTally | None = None,
) -> list[ViolationFinding]:
    """Every violation the record supports. ``events`` should be distinct and sorted (``distinct_events``).

    ``icwa`` is the tally of the papers saying the ICWA inquiry was not made, when the caller read them as
    they passed; by default it is taken from ``documents``.
    """
    by_id = {rule.id: rule for rule in rules}
    document_list = list(documents)
    found: list[ViolationFinding] = []
    for ordered in events_by_docket(events):
        found += _docket_violations(ordered, by_id, document_list)
    found += icwa.findings() if icwa is not None else icwa_inquiry_not_done(document_list)
    found = one_per_fact(found)
    found.sort(key=lambda v: (v.date or dt.date.min, v.violation_type))
    return found


def _docket_violations(
    ordered: Sequence[CaseEvent], by_id: dict[str, DeadlineRule], document_list: Sequence[CaseDocument]
) -> list[ViolationFinding]:
    detained = child_detained(ordered)
    found: list[ViolationFinding] = []
    found += _late_petition(ordered, by_id.get("wic-313-petition-after-removal"))
    if detained:
        found += _late_detention_hearing(ordered, by_id.get("wic-315-detention-hearing"))
        found += _late_jurisdiction_detained(
            ordered, by_id.get("wic-334-jurisdiction-detained"), document_list
        )
        found += _late_disposition_60_days(ordered, by_id.get("wic-352b-disposition-60-days"))
        found += _late_disposition_after_jurisdiction(ordered, by_id.get("wic-358a-disposition-detained"))
        found += _no_detention_notice(
            ordered, document_list, by_id.get("wic-290-1-notice-of-detention-hearing")
        )
    else:
        found += _late_jurisdiction_not_detained(
            ordered, by_id.get("wic-334-jurisdiction-not-detained"), document_list
        )
    found += _late_permanency_notice(ordered, by_id.get("wic-294c1-notice-of-366-26-hearing"))
    found += _late_six_month_review(ordered, by_id.get("wic-366-21e-six-month-review"), document_list)
    return found


def _of_type(events: Sequence[CaseEvent], *types: str) -> list[CaseEvent]:
    return [e for e in events if e.event_type in types]


def _next_after(
    events: Sequence[CaseEvent], start: dt.date, *types: str, strict: bool = False
) -> CaseEvent | None:
    for event in _of_type(events, *types):
        later = event.event_date > start if strict else event.event_date >= start
        if later and event.event_date - start <= _PAIRING_WINDOW:
            return event
    return None


def _continuances_between(
    events: Sequence[CaseEvent],
    start: dt.date,
    end: dt.date,
    hearing_type: str,
    documents: Sequence[CaseDocument] = (),
) -> list[CaseEvent]:
    """Continuances recorded after ``start`` and before the late hearing on ``end`` that excuse it.

    A continuance ordered at the late hearing itself moves the *next* hearing, so it excuses nothing; one
    that names another kind of hearing ("disposition continued") does not excuse this one either, nor one
    whose minute order says no good cause was found (WIC 352).
    """
    found = []
    for e in events:
        if not start < e.event_date < end:
            continue
        text = event_text(e)
        moved = e.event_type == "continuance" or getattr(e, "status", "") == EventStatus.CONTINUED
        if not moved and not _CONTINUANCE.search(text):
            continue
        named = {kind for kind, pattern in _HEARING_KINDS.items() if pattern.search(text)}
        if e.event_type in _HEARING_KINDS:
            named.add(e.event_type)
        if named and hearing_type not in named:
            continue
        if cause_stated(e, documents)[0] is False:
            continue
        found.append(e)
    return found


def _unexcused(
    events: Sequence[CaseEvent], start: dt.date, end: dt.date, documents: Sequence[CaseDocument]
) -> list[Evidence]:
    """The passages saying a continuance in the window was made without good cause."""
    found: list[Evidence] = []
    for e in events:
        if start < e.event_date < end and getattr(e, "status", "") == EventStatus.CONTINUED:
            verdict, passage = cause_stated(e, documents)
            if verdict is False and passage is not None:
                found.append(passage)
    return found


def _evidence(*events: CaseEvent | None) -> list[Evidence]:
    return [e.evidence for e in events if e is not None and e.evidence is not None]


def _finding(
    kind: str,
    rule: DeadlineRule,
    trigger: CaseEvent,
    late: CaseEvent,
    due: dt.date,
    description: str,
    *,
    also: Sequence[Evidence] = (),
    person: str | None = None,
) -> list[ViolationFinding]:
    evidence = _evidence(trigger, late) + list(also)
    if not evidence:
        return []
    finding = ViolationFinding(
        violation_type=kind,
        rule_id=rule.id,
        severity=rule.severity,
        legal_basis=rule.citation,
        date=late.event_date,
        person=person,
        description=(
            f"{description} Last day under {rule.citation}: {due.isoformat()}. "
            f"Events: {quoted(trigger)}; {quoted(late)}."
        ),
        evidence=evidence,
    )
    return [graded(finding, (trigger, late))]


def _late_pair(
    kind: str,
    rule: DeadlineRule | None,
    trigger: CaseEvent | None,
    late: CaseEvent | None,
    events: Sequence[CaseEvent],
    what: str,
    documents: Sequence[CaseDocument] = (),
) -> list[ViolationFinding]:
    """The shared shape: ``late`` (the setting it was last continued to) came after the rule's last day
    from ``trigger``, and no continuance made for good cause excuses it."""
    if rule is None or trigger is None or late is None:
        return []
    late = final_setting(late, {e.id: e for e in events})
    due = due_date_for(rule, trigger.event_date)
    if late.event_date <= due or _continuances_between(
        events, trigger.event_date, late.event_date, late.event_type, documents
    ):
        return []
    unexcused = _unexcused(events, trigger.event_date, late.event_date, documents)
    if rule.unit == "months":
        elapsed = f"{(late.event_date - trigger.event_date).days} days, more than {rule.offset} months"
    else:
        count = count_days(trigger.event_date, late.event_date, rule.unit)
        elapsed = f"{count} {rule.unit.replace('_', ' ')} > {rule.offset}"
    why = "continued without a finding of good cause" if unexcused else "no continuance appears in the record"
    return _finding(
        kind,
        rule,
        trigger,
        late,
        due,
        f"{what} on {late.event_date.isoformat()}, {(late.event_date - due).days} day(s) after the limit: "
        f"{rule.trigger_label} {trigger.event_date.isoformat()}, {late.title.lower()} "
        f"{late.event_date.isoformat()}: {elapsed} allowed by {rule.citation}; {why}.",
        also=unexcused,
    )


def _late_petition(events: Sequence[CaseEvent], rule: DeadlineRule | None) -> list[ViolationFinding]:
    found: list[ViolationFinding] = []
    for removal in _of_type(events, "removal"):
        petition = _next_after(events, removal.event_date, "petition_filed")
        if rule is None or petition is None:
            continue
        due = due_date_for(rule, removal.event_date)
        if petition.event_date > due:
            found += _finding(
                "child_held_without_petition",
                rule,
                removal,
                petition,
                due,
                f"Petition filed {petition.event_date.isoformat()} after the child's removal on "
                f"{removal.event_date.isoformat()}: the child was held more than 48 hours, excluding "
                "non-judicial days, without a petition.",
            )
    return found


def _late_detention_hearing(events: Sequence[CaseEvent], rule: DeadlineRule | None) -> list[ViolationFinding]:
    petition = next(iter(_of_type(events, "petition_filed")), None)
    if petition is None:
        return []
    hearing = _next_after(events, petition.event_date, "detention_hearing")
    return _late_pair("late_detention_hearing", rule, petition, hearing, events, "Detention hearing held")


def _late_jurisdiction_detained(
    events: Sequence[CaseEvent], rule: DeadlineRule | None, documents: Sequence[CaseDocument] = ()
) -> list[ViolationFinding]:
    first_detention = next(iter(_of_type(events, "detention_hearing")), None)
    if first_detention is None:
        return []
    jurisdiction = _next_after(events, first_detention.event_date, "jurisdiction_hearing", strict=True)
    if jurisdiction is None:
        return []
    detention = [d for d in _of_type(events, "detention_hearing") if d.event_date < jurisdiction.event_date][
        -1
    ]
    return _late_pair(
        "late_jurisdiction_hearing", rule, detention, jurisdiction, events, "Jurisdiction hearing", documents
    )


def _late_jurisdiction_not_detained(
    events: Sequence[CaseEvent], rule: DeadlineRule | None, documents: Sequence[CaseDocument] = ()
) -> list[ViolationFinding]:
    petition = next(iter(_of_type(events, "petition_filed")), None)
    if petition is None:
        return []
    jurisdiction = _next_after(events, petition.event_date, "jurisdiction_hearing", strict=True)
    return _late_pair(
        "late_jurisdiction_hearing", rule, petition, jurisdiction, events, "Jurisdiction hearing", documents
    )


def _late_disposition_60_days(
    events: Sequence[CaseEvent], rule: DeadlineRule | None
) -> list[ViolationFinding]:
    detention = next(iter(_of_type(events, "detention_hearing")), None)
    if rule is None or detention is None:
        return []
    first_review = _next_after(events, detention.event_date, "review_hearing", strict=True)
    horizon = first_review.event_date if first_review else detention.event_date + _PAIRING_WINDOW * 2
    dispositions = [
        e for e in _of_type(events, "disposition_hearing") if detention.event_date < e.event_date < horizon
    ]
    if not dispositions:
        return []
    completed = dispositions[-1]
    due = due_date_for(rule, detention.event_date)
    if completed.event_date <= due:
        return []
    window = [e for e in events if detention.event_date <= e.event_date <= completed.event_date]
    if any(_EXCEPTIONAL.search(event_text(e)) for e in window):
        return []
    return _finding(
        "disposition_beyond_60_days",
        rule,
        detention,
        completed,
        due,
        f"Disposition hearing on {completed.event_date.isoformat()}, "
        f"{(completed.event_date - detention.event_date).days} days after the detention hearing on "
        f"{detention.event_date.isoformat()}; no finding of exceptional circumstances appears in the record.",
    )


def _late_disposition_after_jurisdiction(
    events: Sequence[CaseEvent], rule: DeadlineRule | None
) -> list[ViolationFinding]:
    first_jurisdiction = next(iter(_of_type(events, "jurisdiction_hearing")), None)
    if rule is None or first_jurisdiction is None:
        return []
    disposition = _next_after(events, first_jurisdiction.event_date, "disposition_hearing")
    if disposition is None:
        return []
    jurisdiction = [
        j for j in _of_type(events, "jurisdiction_hearing") if j.event_date <= disposition.event_date
    ][-1]
    due = due_date_for(rule, jurisdiction.event_date)
    window = [e for e in events if jurisdiction.event_date <= e.event_date <= disposition.event_date]
    if any(_BYPASS.search(event_text(e)) for e in window):
        due = max(due, add_calendar_days(jurisdiction.event_date, 30))
    if disposition.event_date <= due:
        return []
    return _finding(
        "late_disposition_hearing",
        rule,
        jurisdiction,
        disposition,
        due,
        f"Disposition hearing on {disposition.event_date.isoformat()}, more than {rule.offset} judicial "
        f"days after the jurisdiction finding on {jurisdiction.event_date.isoformat()} while the child "
        "was detained.",
    )


def _late_permanency_notice(events: Sequence[CaseEvent], rule: DeadlineRule | None) -> list[ViolationFinding]:
    """Each setting of a 366.26 hearing against the notices served for it, parent by parent.

    Notice served before a continuance was notice of the old date, so each setting looks only at service
    after the setting it was continued from. A parent served in time is not a violation because the other
    was served late; the late parent is.
    """
    if rule is None:
        return []
    found: list[ViolationFinding] = []
    other_hearings = [
        e for e in events if e.event_type.endswith("_hearing") and e.event_type != "366.26_hearing"
    ]
    settings = _of_type(events, "366.26_hearing")
    for hearing in settings:
        moved_from = [h.event_date for h in settings if h.continued_to == hearing.id]
        opens = max([hearing.event_date - _PAIRING_WINDOW, *moved_from])
        notices = [
            n
            for n in _of_type(events, "notice", "service")
            if opens <= n.event_date <= hearing.event_date
            and (moved_from == [] or n.event_date > opens)
            and not _only_from(hearing, n)
            and (
                _PERMANENCY_HEARING.search(event_text(n))
                or not any(n.event_date < h.event_date < hearing.event_date for h in other_hearings)
            )
        ]
        due = due_date_for(rule, hearing.event_date)
        late = _late_for_someone(notices, due)
        if late is None:
            continue
        notice, whom = late
        days = (hearing.event_date - notice.event_date).days
        found += _finding(
            "late_notice_of_366_26_hearing",
            rule,
            notice,
            hearing,
            due,
            f"Notice of the 366.26 hearing of {hearing.event_date.isoformat()} was served"
            f"{' on the ' + ' and '.join(whom) if whom else ''} {notice.event_date.isoformat()}, only {days} "
            f"days before it: served {notice.event_date.isoformat()}, hearing "
            f"{hearing.event_date.isoformat()}: {days} calendar days < {rule.offset} required by "
            f"{rule.citation}.",
            person=", ".join(whom) or None,
        )
    return found


def _served_whom(notice: CaseEvent) -> tuple[str, ...]:
    """The parents a notice or service names ("MOT", "the father", "both parents")."""
    text = event_text(notice)
    whom = []
    if re.search(r"\b(?:mother|mom)\b|\bparents\b", text, re.IGNORECASE) or re.search(r"\bMOT\b", text):
        whom.append("mother")
    if re.search(r"\b(?:father|dad)\b|\bparents\b", text, re.IGNORECASE) or re.search(r"\bFA\b", text):
        whom.append("father")
    return tuple(whom)


def _late_for_someone(notices: Sequence[CaseEvent], due: dt.date) -> tuple[CaseEvent, tuple[str, ...]] | None:
    """The first service after the last day that reached a parent no earlier service had reached."""
    in_time = [n for n in notices if n.event_date <= due]
    covered: set[str] = set()
    for notice in in_time:
        covered |= set(_served_whom(notice) or ("mother", "father"))
    for notice in sorted((n for n in notices if n.event_date > due), key=lambda n: n.event_date):
        whom = _served_whom(notice)
        missing = tuple(p for p in whom if p not in covered) if whom else ()
        if (not in_time and not whom) or missing:
            return notice, missing or whom
    return None


def _only_from(hearing: CaseEvent, notice: CaseEvent) -> bool:
    """A hearing on the notice's own day read only from the papers of the notice: its date is the service."""
    if hearing.event_date != notice.event_date:
        return False
    hearing_papers = {s.document_id for s in getattr(hearing, "sources", ())} or {hearing.source_document_id}
    notice_papers = {s.document_id for s in getattr(notice, "sources", ())} or {notice.source_document_id}
    return hearing_papers <= notice_papers


def _late_six_month_review(
    events: Sequence[CaseEvent], rule: DeadlineRule | None, documents: Sequence[CaseDocument]
) -> list[ViolationFinding]:
    """WIC 366.21(e): the first review hearing, where its continuances led, within 6 months of disposition."""
    held = _of_type(events, "disposition_hearing")
    dispositions = [e for e in held if getattr(e, "status", "") != EventStatus.CONTINUED]
    if rule is None or not dispositions:
        return []
    disposition = dispositions[0]
    review = _next_after(events, disposition.event_date, "review_hearing", strict=True)
    return _late_pair(
        "late_six_month_review", rule, disposition, review, events, "Six-month review hearing", documents
    )


def _no_detention_notice(
    events: Sequence[CaseEvent], documents: Sequence[CaseDocument], rule: DeadlineRule | None
) -> list[ViolationFinding]:
    """WIC 290.1: a record saying a parent was not noticed, or (weaker) no notice at all in the record."""
    petition = next(iter(_of_type(events, "petition_filed")), None)
    if rule is None or petition is None:
        return []
    hearing = _next_after(events, petition.event_date, "detention_hearing")
    if hearing is None:
        return []
    start = petition.event_date - dt.timedelta(days=3)
    denied = _notice_denials(documents, start, hearing.event_date + dt.timedelta(days=3))
    if denied:
        subjects = sorted({s.subject for s in denied if s.subject})
        finding = ViolationFinding(
            violation_type="no_notice_of_detention_hearing",
            rule_id=rule.id,
            severity=rule.severity,
            legal_basis=rule.citation,
            date=hearing.event_date,
            person=", ".join(subjects) or None,
            description=(
                f"The record says {' and '.join(subjects) or 'a parent'} was not given notice of the "
                f"detention hearing of {hearing.event_date.isoformat()}, which {rule.citation} requires "
                f"as soon as possible after the petition is filed. Events: {quoted(petition)}; "
                f"{quoted(hearing)}. Stated: "
                + "; ".join(f'"{" ".join(s.evidence.quote.split())[:160]}"' for s in denied)
                + "."
            ),
            evidence=[s.evidence for s in denied] + _evidence(hearing),
        )
        return [graded(finding, (petition, hearing))]
    same_day = [e for e in events if e.event_date == hearing.event_date]
    noticed = any(
        start <= e.event_date <= hearing.event_date for e in _of_type(events, "notice", "service")
    ) or any(
        d.document_type in ("notice", "proof_of_service")
        and d.document_date is not None
        and start <= d.document_date <= hearing.event_date
        for d in documents
    )
    if noticed or any(_PARENT_AT_HEARING.search(event_text(e)) for e in same_day):
        return []
    if _parents_listed_in(hearing, documents):
        return []
    if _notice_statement_in(documents, start, hearing.event_date):
        return []
    evidence = _evidence(petition, hearing)
    if not evidence:
        return []
    finding = ViolationFinding(
        violation_type="no_notice_of_detention_hearing",
        rule_id=rule.id,
        severity="MEDIUM",
        legal_basis=rule.citation,
        date=hearing.event_date,
        description=(
            f"No notice to the parents of the detention hearing of {hearing.event_date.isoformat()} "
            f"appears in the record (petition filed {petition.event_date.isoformat()}), and the record "
            f"does not say they were present; check for a proof of notice. Events: {quoted(petition)}; "
            f"{quoted(hearing)}."
        ),
        evidence=evidence,
    )
    return [graded(finding, (petition, hearing))]


def _parents_listed_in(hearing: CaseEvent, documents: Sequence[CaseDocument]) -> bool:
    """The hearing's minute order names a parent among its appearances: notice is not what is missing."""
    papers = {s.document_id for s in getattr(hearing, "sources", ())} | {hearing.source_document_id}
    return any(
        party.role == "parent"
        for document in documents
        if document.document_id in papers and document.analysis is not None
        for party in document.analysis.parties
    )


def _notice_denials(documents: Sequence[CaseDocument], start: dt.date, end: dt.date) -> list[Statement]:
    """ "Father not noticed" in court papers or reports dated around the hearing, with the document id set."""
    found: list[Statement] = []
    for document in documents:
        if document.analysis is None or document.document_type in CORRESPONDENCE_TYPES:
            continue
        for statement in document.analysis.statements:
            when = statement.date or document.document_date or document.analysis.document_date
            if (
                statement.kind == "notice_given"
                and statement.polarity == "denied"
                and when
                and start <= when <= end
            ):
                evidence = statement.evidence
                if evidence.document_id is None:
                    evidence = evidence.model_copy(update={"document_id": document.document_id})
                found.append(statement.model_copy(update={"evidence": evidence}))
    return found


def _notice_statement_in(documents: Sequence[CaseDocument], start: dt.date, end: dt.date) -> bool:
    for document in documents:
        for statement in document.analysis.statements if document.analysis else ():
            if statement.kind == "notice_given" and statement.polarity == "affirmed":
                if statement.date is None or start <= statement.date <= end:
                    return True
    return False
