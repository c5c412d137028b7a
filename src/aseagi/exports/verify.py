"""Verification of a redacted export, with a different library from the one that wrote it.

Binders are written with pypdf and reportlab and read back here with pypdfium2 (PDFium): every page's
text, the document information, and the bookmarks. Text files (manifest, CSV, log, chronology) are read
as they are. A forbidden term anywhere fails the export.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

from aseagi.exports.privacy import leaks
from aseagi.kit.errors import AseagiError

CHUNK_PAGES = 500
MAX_WORKERS = 4
PARALLEL_FROM_PAGES = 1000


class PrivacyLeak(AseagiError):
    """A redacted export still contains what it must not; the files are removed."""

    status_code = 500
    code = "privacy_leak"


@dataclass(frozen=True)
class Finding:
    file: str
    page: int | None
    """1-based page of a PDF; None for metadata, bookmarks or a text file."""
    term_kind: str
    """Which kind of term was found (never the term itself, which would leak into logs)."""


@dataclass(frozen=True)
class Verification:
    pages: int
    seconds: float
    findings: tuple[Finding, ...]

    @property
    def per_page_ms(self) -> float:
        return 1000 * self.seconds / self.pages if self.pages else 0.0


def pdf_texts(path: Path, start: int = 0, end: int | None = None) -> Iterable[tuple[int | None, str]]:
    """(page, text) for pages ``start`` to ``end``, then (None, metadata and bookmark titles) when the
    range starts at the first page."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(start, min(end if end is not None else len(document), len(document))):
            page = document[index]
            textpage = page.get_textpage()
            yield index + 1, textpage.get_text_range()
            textpage.close()
            page.close()
        if start == 0:
            extra = [str(v) for v in document.get_metadata_dict().values()]
            extra += [item.get_title() for item in document.get_toc()]
            yield None, "\n".join(extra)
    finally:
        document.close()


def _kind(term: str) -> str:
    if term.isdigit():
        return "phone"
    if any(ch.isdigit() for ch in term):
        return "date, address or case number"
    return "name"


def _check_pages(path: Path, start: int, end: int, terms: Sequence[str]) -> tuple[int, list[Finding]]:
    findings: list[Finding] = []
    pages = 0
    for page, text in pdf_texts(path, start, end):
        pages += page is not None
        findings += [Finding(path.name, page, _kind(t)) for t in leaks(text, terms)]
    return pages, findings


def _chunks(files: Sequence[Path]) -> list[tuple[Path, int, int]]:
    chunks = []
    for path in files:
        if path.suffix.lower() != ".pdf":
            continue
        document = pypdfium2.PdfDocument(str(path))
        count = len(document)
        document.close()
        chunks += [
            (path, start, min(start + CHUNK_PAGES, count)) for start in range(0, max(count, 1), CHUNK_PAGES)
        ]
    return chunks


def verify_files(files: Sequence[Path], terms: Sequence[str]) -> Verification:
    """Every page of every PDF (in worker processes when there are many) and every text file."""
    started = time.perf_counter()
    findings: list[Finding] = []
    pages = 0
    chunks = _chunks(files)
    workers = min(MAX_WORKERS, os.cpu_count() or 1)
    if sum(end - start for _, start, end in chunks) >= PARALLEL_FROM_PAGES and workers > 1 and terms:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            done = [pool.submit(_check_pages, path, start, end, terms) for path, start, end in chunks]
            results = [future.result() for future in done]
    else:
        results = [_check_pages(path, start, end, terms) for path, start, end in chunks]
    for checked, found in results:
        pages += checked
        findings += found
    for path in files:
        if path.suffix.lower() == ".pdf":
            continue
        text = (
            _docx_text(path) if path.suffix.lower() == ".docx" else path.read_text("utf-8", errors="replace")
        )
        findings += [Finding(path.name, None, _kind(t)) for t in leaks(text, terms)]
    return Verification(pages, time.perf_counter() - started, tuple(findings))


def _docx_text(path: Path) -> str:
    """All text of a .docx, read as XML (not with python-docx, which wrote it)."""
    import zipfile

    from defusedxml import ElementTree

    parts = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                root = ElementTree.fromstring(archive.read(name))
                parts.append(" ".join(node.text or "" for node in root.iter()))
    return "\n".join(parts)


def require_clean(files: Sequence[Path], terms: Sequence[str]) -> Verification:
    """Verify, and on any finding remove the files and raise."""
    result = verify_files(files, terms)
    if result.findings:
        for path in files:
            path.unlink(missing_ok=True)
        where = "; ".join(f"{f.file} page {f.page or '-'}: a {f.term_kind}" for f in result.findings[:5])
        raise PrivacyLeak(
            f"redaction could not be verified ({where}); nothing was kept: add the missing form of the "
            "name or date to the case's protected persons and export again"
        )
    return result
