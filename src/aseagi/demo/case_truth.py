"""The case as a lawyer reads it: true events, deadlines, violations and contradictions of a whole case.

Two fictional cases carry one: DEMO (its events in ``demo_events.yaml``, the rest from the generator's
``ground_truth.json``) and the hand-written second case (``second_case/truth.yaml``). Both were written
from what the record says, never from the analyzer's output.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import yaml
from pydantic import Field

from aseagi.analysis.chronology_types import EventStatus
from aseagi.analysis.rules import load_rules
from aseagi.analysis.schemas import EventType
from aseagi.demo.truth import (
    ContradictionTruth,
    FraudTruth,
    GroundTruth,
    NegativeTruth,
    TruthModel,
    ViolationTruth,
)

SECOND_CASE = "second_case"
DOCUMENTS_FOLDER = "documents"
PDF_SOURCE_SUFFIX = ".pdf.txt"
"""A document kept as text in the package, rendered at run time to a PDF named without ``.txt``."""


class EventTruth(TruthModel):
    """One fact of the case: a hearing on one day (with what became of it), a filing, a removal, a service."""

    key: str
    date: dt.date
    type: EventType
    also_types: list[EventType] = Field(default_factory=list)
    """Other vocabulary types a correct tool may give the same fact (``notice`` for a service)."""
    status: EventStatus | None = None
    """For hearings: scheduled, continued, held or vacated; ``None`` where status is not judged."""
    continued_to: str | None = None
    """The key of the hearing this one was continued to."""
    required: bool = True
    """False for a fact a chronology may list or leave out (a report filed): counted neither way."""
    sources: list[str] = Field(default_factory=list)
    note: str = ""


class CaseDeadlineTruth(TruthModel):
    rule: str
    """A rule id of ``rules/california_dependency.yaml`` or a citation (``WIC 334``)."""
    trigger_date: dt.date | None = None
    due_date: dt.date
    required: bool = True
    """False for a deadline a rule yields but the case made moot: found or not, no penalty."""
    computation: str = ""

    @property
    def citation(self) -> str:
        """The rule's citation, whether the truth names the rule by id or by citation."""
        return {rule.id: rule.citation for rule in load_rules()}.get(self.rule, self.rule)


class CaseTruth(TruthModel):
    case: str
    docket: str | None = None
    today: dt.date
    events: list[EventTruth]
    deadlines: list[CaseDeadlineTruth]
    violations: list[ViolationTruth]
    contradictions: list[ContradictionTruth]
    fraud: list[FraudTruth] = Field(default_factory=list)
    negatives: list[NegativeTruth] = Field(default_factory=list)


def _package_file(*parts: str) -> Path:
    return Path(str(resources.files("aseagi.demo").joinpath(*parts)))


def second_case_truth() -> CaseTruth:
    return CaseTruth.model_validate(yaml.safe_load(_package_file(SECOND_CASE, "truth.yaml").read_text()))


def demo_case_truth(ground_truth: GroundTruth) -> CaseTruth:
    """DEMO's hand-listed events joined with what its generator planted (deadlines, violations…)."""
    listed = yaml.safe_load(_package_file("demo_events.yaml").read_text())
    return CaseTruth(
        case=ground_truth.case_name,
        today=ground_truth.today,
        events=[EventTruth.model_validate(event) for event in listed["events"]],
        deadlines=[
            CaseDeadlineTruth(
                rule=d.rule,
                trigger_date=d.trigger_date,
                due_date=d.due_date,
                required=d.required,
                computation=d.computation,
            )
            for d in ground_truth.deadlines
        ],
        violations=list(ground_truth.violations),
        contradictions=list(ground_truth.contradictions),
        fraud=list(ground_truth.fraud),
        negatives=list(ground_truth.negatives),
    )


def write_second_case(folder: Path) -> list[str]:
    """Copy the second case's documents into ``folder`` (PDFs rendered from their text); return the names."""
    from aseagi.demo.writers import pdf_bytes

    folder.mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    for source in sorted(_package_file(SECOND_CASE, DOCUMENTS_FOLDER).iterdir()):
        if source.name.endswith(PDF_SOURCE_SUFFIX):
            name = source.name.removesuffix(".txt")
            (folder / name).write_bytes(pdf_bytes(source.read_text().splitlines()))
        else:
            name = source.name
            (folder / name).write_bytes(source.read_bytes())
        names.append(name)
    return names
