"""What passes between the stages of an export: selection, prepared exhibits, layout, and the result."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from aseagi.api.fields import CaseDate, not_null
from aseagi.exports.pdf_redaction import PageRedaction

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
"""The appellate e-filing portals' limit per file."""


@dataclass(frozen=True)
class ExhibitSource:
    """One selected document, as its row describes the stored original."""

    document_id: uuid.UUID
    file_name: str
    sha256: str | None
    storage_key: str | None
    mime_type: str | None
    document_date: date | None
    title: str | None
    document_type: str | None
    received_at: datetime
    """When ASEAGI received the original (the row's creation): the chain of custody's first link."""


@dataclass(frozen=True)
class BinderOptions:
    """How the binder is numbered, stamped, split and guarded."""

    bates_prefix: str
    bates_start: int = 1
    bates_digits: int = 6
    max_bytes: int = DEFAULT_MAX_BYTES
    lettered: bool = False
    """Exhibits as A, B, … (the respondent's custom) instead of 1, 2, …"""
    redaction: bool = True
    """False only for filings under seal (admin scope)."""


@dataclass(frozen=True)
class PreparedExhibit:
    """An exhibit whose body pages are drawn (from the stored original) and redacted, on disk."""

    source: ExhibitSource
    label: str
    """``1``, ``2``… or ``A``, ``B``…"""
    description: str
    """Redacted: what the index and the bookmark call it."""
    body: Path
    pages: int
    sha256: str
    """SHA-256 of the original's bytes as read for this export (checked against the recorded one)."""
    size: int
    redactions: tuple[PageRedaction, ...] = ()
    rendered: bool = False
    """True when the pages were drawn from a non-PDF original (e-mail, thread, log, image, text)."""


@dataclass(frozen=True)
class ExhibitPlacement:
    """Where an exhibit sits in the binder."""

    exhibit: PreparedExhibit
    tab_page: int
    """The binder page of its tab page; its body follows."""
    first_page: int
    """The first page of its body (what the index cites)."""
    last_page: int


@dataclass(frozen=True)
class OutputFile:
    """One file written: a binder part, the manifest, the redaction log."""

    path: Path
    sha256: str
    size: int
    first_page: int | None = None
    last_page: int | None = None
    bates_first: str | None = None
    bates_last: str | None = None


@dataclass(frozen=True)
class BinderResult:
    parts: tuple[OutputFile, ...]
    manifest_json: Path
    manifest_csv: Path
    redaction_log: Path
    exhibits: tuple[ExhibitPlacement, ...]
    total_pages: int
    verified_pages: int = 0
    verification_seconds: float = 0.0
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def files(self) -> list[Path]:
        return [*(p.path for p in self.parts), self.manifest_json, self.manifest_csv, self.redaction_log]


class ProtectedPersonIn(BaseModel):
    """A person every export must not identify; what the user adds or corrects."""

    model_config = ConfigDict(extra="forbid")

    full_name: str = Field(min_length=2, max_length=200)
    role: Literal["child", "sibling", "relative", "caregiver"] = "child"
    date_of_birth: CaseDate | None = None
    address: str | None = Field(default=None, max_length=300)
    phone: str | None = Field(default=None, max_length=40)
    case_numbers: list[Annotated[str, Field(min_length=3, max_length=40)]] = Field(
        default_factory=list, max_length=20
    )
    unusual_name: bool = Field(default=False, description="Initials instead of first name and last initial.")


class ProtectedPersonPatch(BaseModel):
    """A correction: fields left out stay as they are; those that always have a value cannot be null."""

    model_config = ConfigDict(extra="forbid")

    full_name: Annotated[str, Field(min_length=2, max_length=200)] | SkipJsonSchema[None] = None
    role: Literal["child", "sibling", "relative", "caregiver"] | SkipJsonSchema[None] = None
    date_of_birth: CaseDate | None = None
    address: str | None = Field(default=None, max_length=300)
    phone: str | None = Field(default=None, max_length=40)
    case_numbers: (
        Annotated[list[Annotated[str, Field(min_length=3, max_length=40)]], Field(max_length=20)]
        | (SkipJsonSchema[None])
    ) = None
    unusual_name: bool | SkipJsonSchema[None] = None

    _not_null = not_null("full_name", "role", "case_numbers", "unusual_name")


class ProtectedPersonRead(ProtectedPersonIn):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    short_name: str = Field(description="How exports name this person (CRC 8.401).")
    source: str


class BinderRequest(BaseModel):
    """What to put in a binder and how to number it. No selection: every document of the case."""

    model_config = ConfigDict(extra="forbid")

    documents: list[uuid.UUID] = Field(
        default_factory=list, max_length=10_000, description="In exhibit order."
    )
    violation: uuid.UUID | None = Field(default=None, description="A violation: its evidence, in date order.")
    events: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=10_000,
        description="Chronology events: their sources, in date order.",
    )
    bates_prefix: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{1,20}$")
    start: int = Field(default=1, ge=1, le=10**9)
    digits: int = Field(default=6, ge=3, le=12)
    max_mb: float = Field(default=25.0, gt=0.05, le=2000)
    letters: bool = False
    redaction: bool = Field(default=True, description="False (under seal) needs an admin token.")


class BinderFile(BaseModel):
    name: str
    sha256: str
    bytes: int
    first_page: int | None = None
    last_page: int | None = None
    bates_first: str | None = None
    bates_last: str | None = None


class BinderRead(BaseModel):
    id: uuid.UUID
    case_id: uuid.UUID
    status: str
    requested_by: str
    created_at: datetime
    error: str | None
    total_pages: int | None = None
    exhibits: int | None = None
    files: list[BinderFile] = Field(default_factory=list)
