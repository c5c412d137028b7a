"""ICWA: papers saying a person was never asked about Indian ancestry (WIC 224.2), one finding per person.

Read one document at a time (``IcwaTally``), so a case where every visit log repeats "the mother was not
asked" holds a bounded list of them, not the whole case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aseagi.analysis.case_inputs import MAX_SOURCES
from aseagi.analysis.schemas import Evidence
from aseagi.analysis.violation_basis import ViolationFinding

if TYPE_CHECKING:
    from aseagi.analysis.case_inputs import CaseDocument

__all__ = ["IcwaTally", "icwa_inquiry_not_done"]


def icwa_inquiry_not_done(documents: Iterable[CaseDocument]) -> list[ViolationFinding]:
    tally = IcwaTally()
    for document in documents:
        tally.add(document)
    return tally.findings()


@dataclass
class _Unasked:
    """The papers saying one person was not asked about Indian ancestry."""

    papers: list[tuple[str, Evidence]] = field(default_factory=list)
    """(file name, passage), the first ``MAX_SOURCES``."""
    count: int = 0
    earliest: dt.date | None = None


@dataclass
class IcwaTally:
    """Papers saying the ICWA inquiry was not made, read one document at a time; listed up to
    ``MAX_SOURCES`` per person, the rest counted."""

    said: dict[str | None, _Unasked] = field(default_factory=dict)

    def add(self, document: CaseDocument) -> None:
        if document.analysis is None:
            return
        statement = next(
            (s for s in document.analysis.statements if s.kind == "icwa_inquiry" and s.polarity == "denied"),
            None,
        )
        if statement is None:
            return
        evidence = statement.evidence
        if evidence.document_id is None:
            evidence = evidence.model_copy(update={"document_id": document.document_id})
        unasked = self.said.setdefault(statement.subject, _Unasked())
        unasked.count += 1
        if len(unasked.papers) < MAX_SOURCES:
            unasked.papers.append((document.file_name, evidence))
        day = document.document_date or document.analysis.document_date
        if day is not None and (unasked.earliest is None or day < unasked.earliest):
            unasked.earliest = day

    def findings(self) -> list[ViolationFinding]:
        """One finding per person the record says was not asked, citing every paper that says so."""
        found: list[ViolationFinding] = []
        for subject, unasked in self.said.items():
            papers = unasked.papers
            more = unasked.count - len(papers)
            names = ", ".join(name for name, _ in papers) + (f" and {more} more" if more else "")
            quotes = "; ".join(f'"{" ".join(e.quote.split())[:160]}" ({name})' for name, e in papers)
            found.append(
                ViolationFinding(
                    violation_type="icwa_inquiry_not_done",
                    severity="HIGH",
                    legal_basis="WIC 224.2; 25 U.S.C. § 1912",
                    date=unasked.earliest,
                    person=subject,
                    description=(
                        f"{names} report{'s' if unasked.count == 1 else ''} that the inquiry into Indian "
                        f"ancestry was not made{' of the ' + subject if subject else ''}; WIC 224.2 makes "
                        f"the inquiry a continuing duty of the agency and the court. Stated: {quotes}."
                    ),
                    evidence=[e for _, e in papers],
                )
            )
        return found
