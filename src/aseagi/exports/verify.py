"""Verification of a redacted export, with a different library from the one that wrote it.

Binders are written with pypdf and reportlab and read back here with pypdfium2 (PDFium): every page's
text, the document information, and the bookmarks. Text files (manifest, CSV, log, chronology) are read
as they are. A forbidden term anywhere fails the export.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

from aseagi.exports.privacy import leaks
from aseagi.kit.errors import AseagiError


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


def pdf_texts(path: Path) -> Iterable[tuple[int | None, str]]:
    """(page, text) for each page, then (None, metadata and bookmark titles)."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            yield index + 1, textpage.get_text_range()
            textpage.close()
            page.close()
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


def verify_files(files: Sequence[Path], terms: Sequence[str]) -> Verification:
    started = time.perf_counter()
    findings: list[Finding] = []
    pages = 0
    for path in files:
        if path.suffix.lower() == ".pdf":
            for page, text in pdf_texts(path):
                pages += page is not None
                findings += [Finding(path.name, page, _kind(t)) for t in leaks(text, terms)]
        elif path.suffix.lower() == ".docx":
            findings += [Finding(path.name, None, _kind(t)) for t in leaks(_docx_text(path), terms)]
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
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
