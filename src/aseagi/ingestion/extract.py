"""What runs inside a parser process: parse one file, then analyze it.

Both run here rather than in the worker so that the CPU work of every file spreads over the pool's
processes, and a parser that crashes, hangs or eats memory takes only its own process down.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from aseagi.analysis.schemas import CourtEventFinding
from aseagi.documents.columns import DocumentColumns, analysis_columns
from aseagi.documents.status import DocumentStatus
from aseagi.ingestion.parsers import (
    EncryptedDocument,
    LimitExceeded,
    Limits,
    Page,
    ParseContext,
    ParsedDocument,
    ParseError,
    UnsupportedFormat,
    detect_type,
    parse_file,
)
from aseagi.kit.storable import JsonText


class FileStatus(StrEnum):
    """What became of one file: its document's final ``status``, or ``duplicate`` when its bytes were
    already stored (then it has no document of its own, only an occurrence of the original)."""

    DONE = DocumentStatus.DONE.value
    FAILED = DocumentStatus.FAILED.value
    UNSUPPORTED = DocumentStatus.UNSUPPORTED.value
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Analyzed:
    """What the analyzer made of one file, ready to store."""

    analysis: JsonText
    """``DocumentAnalysis.model_dump_json()``: what ``legal_documents.analysis`` stores, written in the
    parser process so that the worker neither re-validates nor re-serializes it. Nothing reads it by key:
    what the worker needs of the analysis travels typed beside it."""
    columns: DocumentColumns
    """The ``legal_documents`` columns it fills: type, docket, scores, indicators."""
    court_events: tuple[CourtEventFinding, ...]
    """The hearings, filings and orders it mentions: each becomes a ``court_events`` row."""


@dataclass(frozen=True)
class ExtractRequest:
    path: str
    """The file to read; a private copy or the source itself, never written to."""
    workdir: str
    """An empty folder the parser may write members into."""
    file_name: str
    depth: int = 0
    limits: Limits = field(default_factory=Limits)
    analyze: bool = True


@dataclass(frozen=True)
class ExtractResult:
    outcome: FileStatus
    """Never ``duplicate`` here: the pipeline knows duplicates before it parses."""
    mime_type: str | None
    reason: str | None = None
    parsed: ParsedDocument | None = None
    analyzed: Analyzed | None = None
    """None when the file was not analyzed: analysis turned off, or no text."""
    parse_seconds: float = 0.0
    analyze_seconds: float = 0.0


def clean_page(page: Page) -> Page:
    """Pages are stored separated by form feeds, so one inside a page becomes a newline (the same length,
    so analysis offsets stay true to the page). NUL and lone surrogates are replaced where rows are
    written, for every field alike (``kit/storable.py``)."""
    if "\f" in page.text:
        return replace(page, text=page.text.replace("\f", "\n"))
    return page


def extract(request: ExtractRequest) -> ExtractResult:
    path = Path(request.path)
    started = time.perf_counter()
    mime: str | None = None
    try:
        mime = detect_type(path)
        context = ParseContext(workdir=Path(request.workdir), limits=request.limits, depth=request.depth)
        parsed = parse_file(path, context, mime=mime)
    except UnsupportedFormat as exc:
        return ExtractResult(FileStatus.UNSUPPORTED, mime, reason=str(exc) or "unsupported format")
    except EncryptedDocument:
        return ExtractResult(FileStatus.FAILED, mime, reason="encrypted")
    except LimitExceeded as exc:
        return ExtractResult(FileStatus.FAILED, mime, reason=f"limit: {exc}")
    except ParseError as exc:
        return ExtractResult(FileStatus.FAILED, mime, reason=str(exc) or "unreadable")
    except FileNotFoundError:
        return ExtractResult(FileStatus.FAILED, mime, reason="file disappeared before it was read")
    except RecursionError:
        return ExtractResult(FileStatus.FAILED, mime, reason="unreadable: structure nested too deeply")
    parsed = replace(parsed, pages=tuple(clean_page(p) for p in parsed.pages))
    parse_seconds = time.perf_counter() - started
    analyzed: Analyzed | None = None
    analyze_seconds = 0.0
    if request.analyze and parsed.pages:
        from aseagi.analysis import analyze_document

        started = time.perf_counter()
        result = analyze_document(
            [p.text for p in parsed.pages],
            file_name=request.file_name,
            document_date=parsed.document_date,
            mime_type=parsed.mime_type,
        )
        analyzed = Analyzed(
            analysis=JsonText(result.model_dump_json()),
            columns=analysis_columns(result),
            court_events=tuple(result.court_events),
        )
        analyze_seconds = time.perf_counter() - started
    return ExtractResult(
        FileStatus.DONE,
        parsed.mime_type or mime,
        parsed=parsed,
        analyzed=analyzed,
        parse_seconds=parse_seconds,
        analyze_seconds=analyze_seconds,
    )
