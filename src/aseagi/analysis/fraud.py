"""Documents that cannot be what they claim: dated before the events they presuppose.

Three checks, each conservative and each quoting both passages:
- a document that describes, in the past tense, a hearing dated after the document itself;
- a proof of service or declaration executed before the service or mailing it attests;
- a proof of service dated before the document it says it served existed. A notice is addressed: each
  person gets a copy dated when it was sent, so a proof and a later notice are only one paper when they
  name the same person and the same hearing (where both name them).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aseagi.analysis.schemas import CourtEventFinding, DateMention, Evidence, Indicator

if TYPE_CHECKING:
    import datetime as dt

    from aseagi.analysis.case_inputs import CaseDocument

__all__ = ["FraudFinder", "find_fraud_indicators"]

_PAST = re.compile(
    r"\b(?:was|were|had\s+been)\s+(?:held|heard|conducted|continued|sustained|found|ordered|granted|denied|"
    r"removed|detained|terminated|present|represented)\b"
    r"|\btook\s+place\b|\bheld\s+on\b|\bappeared\b|\battended\b"
    r"|\b(?:the\s+)?(?:court|judge|commissioner)\s+(?:found|ordered|sustained|continued|granted|denied|terminated|"
    r"adopted|declared|made|set|advised|removed)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|is\s+set|are\s+set|set\s+for|scheduled|calendared|next\s+hearing|upcoming|continued\s+to|"
    r"to\s+be\s+held|pending|must|recommend(?:s|ed)?\s+that|anticipated|expected|hearing\s+date\s*:)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.;?!](?:\s|$)|\n\n")
_COMMUNICATION_TYPES = frozenset({"email", "text_messages", "phone_log", "chat"})
_ATTESTED_ACT = frozenset({"served", "mailed", "sent"})
_TITLE_NOISE = frozenset(
    {"proof", "service", "served", "declaration", "the", "and", "for", "with", "of", "on", "re", "by", "mail",
     "personal", "certificate", "mailing", "copy", "document", "documents"}
)  # fmt: skip


_ADDRESSED_TYPES = frozenset({"notice"})
"""Papers sent to each person in a copy of their own, dated when it was sent (a notice of hearing)."""
_SERVED_ROLES = frozenset({"parent", "parent_attorney", "child_attorney", "county_counsel", "casa", "other"})
"""Roles of the people papers are served on or addressed to; the child, the court and the agency's staff
are named in every paper of a case (caption, author), so they tell no copy from another."""


def find_fraud_indicators(documents: Sequence[CaseDocument]) -> dict[str, list[Indicator]]:
    """Fraud indicators keyed by the id of the document that cannot be right."""
    finder = FraudFinder(documents)
    for document in documents:
        finder.add(document)
    return finder.indicators()


class FraudFinder:
    """The same checks read one document at a time, holding only what they found.

    The proofs of service (few) are given first: each later document is compared with them as it passes,
    so a case's correspondence is never held to be matched against its proofs.
    """

    def __init__(self, proofs: Iterable[CaseDocument]) -> None:
        self._proofs = [
            _Proof(
                document=proof,
                title_words=_title_words(proof.analysis.title),
                dockets=frozenset(proof.analysis.docket_numbers),
                people=_people(proof),
                hearings=_hearings(proof),
            )
            for proof in proofs
            if proof.document_type == "proof_of_service" and proof.analysis and proof.analysis.title
        ]
        self._proof_ids = {proof.document.document_id for proof in self._proofs}
        self._found: dict[str, list[Indicator]] = {}
        self._served: dict[str, list[Indicator]] = defaultdict(list)

    def add(self, document: CaseDocument) -> None:
        own = _past_events_after_date(document) + _executed_before_attested_act(document)
        if own or document.document_id in self._proof_ids:
            self._found.setdefault(document.document_id, []).extend(own)
        if document.document_type == "proof_of_service" or document.analysis is None:
            return
        words = _title_words(document.analysis.title)
        if len(words) < 2:
            return
        dockets = set(document.analysis.docket_numbers)
        addressed = document.document_type in _ADDRESSED_TYPES
        people = _people(document) if addressed else frozenset()
        hearings = _hearings(document) if addressed else frozenset()
        for proof in self._proofs:
            if not words <= proof.title_words or (proof.dockets and dockets and not proof.dockets & dockets):
                continue
            if addressed and not (
                _may_be_one(proof.people, people) and _may_be_one(proof.hearings, hearings)
            ):
                continue  # another person's copy, or the notice of another hearing
            self._served[proof.document.document_id] += _proof_before_served_document(
                proof.document, document
            )

    def indicators(self) -> dict[str, list[Indicator]]:
        """What was found so far (asking twice gives the same answer)."""
        found = {doc_id: list(indicators) for doc_id, indicators in self._found.items()}
        for proof in self._proofs:
            proof_id = proof.document.document_id
            found.setdefault(proof_id, []).extend(self._served.get(proof_id, []))
        return {doc_id: indicators for doc_id, indicators in found.items() if indicators}


@dataclass(frozen=True)
class _Proof:
    """A proof of service with what a later paper is matched on."""

    document: CaseDocument
    title_words: frozenset[str]
    """The words of its title that name the paper served (``_title_words``)."""
    dockets: frozenset[str]
    people: frozenset[tuple[str, str]]
    """Who it says was served (``_people``)."""
    hearings: frozenset[dt.date]
    """The hearings it names (the one the served notice is for)."""


def _people(document: CaseDocument) -> frozenset[tuple[str, str]]:
    """The people a paper is served on or addressed to, as (first initial, surname): Alicia Marie Vasquez
    and A. Vasquez are one person."""
    found = set()
    for party in document.analysis.parties if document.analysis else ():
        names = re.findall(r"[a-z][a-z'-]*", party.name.lower())
        if party.role in _SERVED_ROLES and names:
            found.add((names[0][0], names[-1]))
    return frozenset(found)


def _hearings(document: CaseDocument) -> frozenset[dt.date]:
    return (
        frozenset(e.event_date for e in document.analysis.court_events) if document.analysis else frozenset()
    )


def _may_be_one(ours: frozenset[object], theirs: frozenset[object]) -> bool:
    """Two papers may concern the same person (or hearing) unless each names some and none in common."""
    return not ours or not theirs or bool(ours & theirs)


def _document_date(document: CaseDocument) -> dt.date | None:
    if document.document_date is not None:
        return document.document_date
    return document.analysis.document_date if document.analysis else None


def _date_evidence(document: CaseDocument, day: dt.date) -> Evidence | None:
    """The passage that dates the document: a mention of ``day``, preferably marked signed/dated."""
    if document.analysis is None:
        return None
    mentions = [m for m in document.analysis.dates if m.date == day]
    if not mentions:
        return None
    mentions.sort(key=lambda m: (m.context not in ("signed", "dated"), -m.page, -m.start))
    return _mention_evidence(document, mentions[0])


def _mention_evidence(document: CaseDocument, mention: DateMention) -> Evidence:
    return Evidence(
        document_id=document.document_id,
        file_name=document.file_name,
        page=mention.page,
        start=mention.start,
        end=mention.end,
        quote=mention.text,
    )


def _with_document(evidence: Evidence, document: CaseDocument) -> Evidence:
    if evidence.document_id:
        return evidence
    return evidence.model_copy(update={"document_id": document.document_id, "file_name": document.file_name})


def _past_events_after_date(document: CaseDocument) -> list[Indicator]:
    dated = _document_date(document)
    if dated is None or document.analysis is None or document.document_type in _COMMUNICATION_TYPES:
        return []
    date_passage = _date_evidence(document, dated)
    indicators: list[Indicator] = []
    seen: set[dt.date] = set()
    for event in document.analysis.court_events:
        if event.event_date <= dated or event.event_date in seen or not _described_as_past(event, document):
            continue
        seen.add(event.event_date)
        evidence = [e for e in (date_passage, _with_document(event.evidence, document)) if e is not None]
        indicators.append(
            Indicator(
                kind="dated_before_event",
                description=(
                    f"{document.file_name} is dated {dated.isoformat()} but describes the {event.title} of "
                    f"{event.event_date.isoformat()} as having happened."
                ),
                confidence=0.75 if date_passage is not None else 0.6,
                evidence=evidence,
            )
        )
    return indicators


def _described_as_past(event: CourtEventFinding, document: CaseDocument) -> bool:
    """The sentence of the quote that holds the event's date speaks of it in the past tense."""
    sentence = _sentence_with_date(event, document)
    return bool(_PAST.search(sentence)) and not _FUTURE.search(sentence)


def _sentence_with_date(event: CourtEventFinding, document: CaseDocument) -> str:
    quote, evidence = event.evidence.quote, event.evidence
    position = -1
    for mention in document.analysis.dates if document.analysis else ():
        if mention.date == event.event_date and mention.page == evidence.page:
            if evidence.start <= mention.start < evidence.end:
                position = mention.start - evidence.start
                break
            found = quote.find(mention.text)
            if found >= 0:
                position = found
                break
    if position < 0:
        return quote if len(_SENTENCE_END.findall(quote)) <= 1 else ""
    # A single line break is a PDF line wrap, not the end of a sentence.
    start = max(quote.rfind(mark, 0, position) for mark in (". ", "\n\n", "; ", "? ", "! ")) + 1
    ends = [i for i in (quote.find(mark, position) for mark in (". ", "\n\n", "; ", "? ", "! ")) if i >= 0]
    return quote[start : min(ends) if ends else len(quote)]


def _executed_before_attested_act(document: CaseDocument) -> list[Indicator]:
    if document.document_type not in ("proof_of_service", "declaration") or document.analysis is None:
        return []
    executed = _document_date(document)
    if executed is None:
        return []
    date_passage = _date_evidence(document, executed)
    if date_passage is None:
        return []
    acts = [m for m in document.analysis.dates if m.context in _ATTESTED_ACT and m.date > executed]
    if not acts:
        return []
    act = acts[0]
    return [
        Indicator(
            kind="signed_before_attested_act",
            description=(
                f"{document.file_name} was executed on {executed.isoformat()} but attests that papers were "
                f"{act.context} on {act.date.isoformat()}, after the signature."
            ),
            confidence=0.7,
            evidence=[date_passage, _mention_evidence(document, act)],
        )
    ]


def _title_words(text: str | None) -> frozenset[str]:
    words = re.findall(r"[a-z0-9.]+", (text or "").lower())
    return frozenset(
        w.strip(".") for w in words if len(w.strip(".")) >= 3 and w.strip(".") not in _TITLE_NOISE
    )


def _proof_before_served_document(proof: CaseDocument, served: CaseDocument) -> list[Indicator]:
    proof_date, served_date = _document_date(proof), _document_date(served)
    if proof_date is None or served_date is None or served_date <= proof_date:
        return []
    served_passage = _date_evidence(served, served_date)
    if served_passage is None:
        return []
    proof_passage = _date_evidence(proof, proof_date)
    evidence = [e for e in (proof_passage, served_passage) if e is not None]
    title = served.analysis.title if served.analysis else served.file_name
    return [
        Indicator(
            kind="service_before_document",
            description=(
                f"{proof.file_name} is dated {proof_date.isoformat()} and says it served the {title}, "
                f"which is dated {served_date.isoformat()}, later."
            ),
            confidence=0.7 if proof_passage is not None else 0.55,
            evidence=evidence,
        )
    ]
