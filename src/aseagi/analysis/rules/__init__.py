"""Deadline rules as data: one YAML file per jurisdiction, validated into frozen models.

A lawyer edits ``california_dependency.yaml``; a typo there must fail loudly and say which rule is wrong,
never silently compute a wrong date.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from aseagi.analysis.schemas import EventType, Severity

__all__ = [
    "DeadlineRule",
    "RuleFileError",
    "ServiceExtension",
    "ServiceMethod",
    "load_rules",
    "parse_rules",
]

ServiceMethod = Literal["personal", "mail", "electronic"]
EVENT_TYPES: frozenset[str] = frozenset(get_args(EventType))


class RuleFileError(ValueError):
    """The rules file is malformed; the message names the rule and the field to fix."""


class ServiceExtension(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    offset: int = Field(ge=0)
    unit: Literal["court_days", "calendar_days"]
    citation: str


CCP_SERVICE_EXTENSIONS: dict[str, ServiceExtension] = {
    "mail": ServiceExtension(offset=5, unit="calendar_days", citation="CCP 1013(a)"),
    "electronic": ServiceExtension(offset=2, unit="court_days", citation="CCP 1010.6"),
}


class DeadlineRule(BaseModel):
    """One statutory time limit. Field meanings are documented at the top of the YAML file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=1)
    citation: str = Field(min_length=1)
    trigger: tuple[EventType, ...] = Field(min_length=1)
    trigger_label: str = Field(min_length=1)
    trigger_pattern: str | None = None
    occurrence: Literal["first", "latest", "each"]
    offset: int = Field(ge=0)
    unit: Literal["court_days", "calendar_days", "months"]
    direction: Literal["after", "before"]
    due: str = Field(pattern=r"^[a-z0-9_.]+$")
    due_label: str = Field(min_length=1)
    condition: Literal["child_detained", "child_not_detained"] | None = None
    roll_forward: bool
    service_extension: dict[Literal["mail", "electronic"], ServiceExtension] | None = None
    severity: Severity
    note: str = ""

    @field_validator("trigger", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @field_validator("service_extension", mode="before")
    @classmethod
    def _ccp_shorthand(cls, value: Any) -> Any:
        if value == "ccp":
            return dict(CCP_SERVICE_EXTENSIONS)
        return value

    @field_validator("trigger_pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"trigger_pattern is not a valid regular expression: {exc}") from exc
        return value

    @property
    def due_is_event(self) -> bool:
        """True when ``due`` names a court event type (a hearing), False for an action (a filing)."""
        return self.due in EVENT_TYPES

    def matches_trigger(self, event_type: str, text: str) -> bool:
        if event_type not in self.trigger:
            return False
        return (
            self.trigger_pattern is None or re.search(self.trigger_pattern, text, re.IGNORECASE) is not None
        )


def parse_rules(text: str, *, source: str = "<rules>") -> list[DeadlineRule]:
    """Validate a rules document; every error names the source and the rule id (or position)."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleFileError(f"{source}: not valid YAML: {exc}") from exc
    if (
        not isinstance(document, dict)
        or set(document) != {"rules"}
        or not isinstance(document["rules"], list)
    ):
        raise RuleFileError(f"{source}: expected a mapping with a single key 'rules' holding a list")
    rules: list[DeadlineRule] = []
    seen: set[str] = set()
    for position, entry in enumerate(document["rules"], start=1):
        rule_id = entry.get("id") if isinstance(entry, dict) else None
        label = f"rule {rule_id!r}" if rule_id else f"rule #{position}"
        if not isinstance(entry, dict):
            raise RuleFileError(f"{source}: {label} is not a mapping")
        try:
            rule = DeadlineRule.model_validate(entry)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'entry'}: {err['msg']}" for err in exc.errors()
            )
            raise RuleFileError(f"{source}: {label}: {problems}") from exc
        if rule.id in seen:
            raise RuleFileError(f"{source}: {label}: duplicate id")
        seen.add(rule.id)
        rules.append(rule)
    return rules


def load_rules(jurisdiction: str = "california_dependency") -> list[DeadlineRule]:
    """The packaged rules for ``jurisdiction`` (the YAML file of that name next to this module)."""
    if not re.fullmatch(r"[a-z0-9_]+", jurisdiction):
        raise RuleFileError(
            f"unknown jurisdiction {jurisdiction!r}: use a rules file name like 'california_dependency'"
        )
    resource = resources.files(__package__).joinpath(f"{jurisdiction}.yaml")
    if not resource.is_file():
        raise RuleFileError(f"no rules file for jurisdiction {jurisdiction!r} in aseagi.analysis.rules")
    return parse_rules(resource.read_text(encoding="utf-8"), source=f"{jurisdiction}.yaml")
