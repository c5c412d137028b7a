"""How discovery cuts a listing into ingest jobs, and how a listed file travels in one.

Jobs carry chunks of about the same work, so the queue's per-job cost is paid once per chunk, not once
per file, and workers share slow files evenly.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from aseagi.ingestion.pipeline import SourceFile
from aseagi.ingestion.sources import ListedFile
from aseagi.jobs.specs import FileToRead

FILES_PER_JOB = 25
"""A job carries about this many small files' worth of work."""
SMALL_FILE = 128 * 1024
"""A file up to this size counts as one unit of work; bigger ones count as more (see ``_cost``)."""
OCR_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".heic", ".heif", ".bmp", ".gif", ".webp"}
)


def _cost(listed: ListedFile) -> int:
    """A guess at a file's parsing work in units of one small file, from what its listing tells.

    Pictures are read by OCR (a second or more a page against milliseconds for a text PDF), and big
    files are mostly scans or long documents: both go into smaller jobs, so workers share them evenly.
    It only sizes jobs: every file is still detected by its content when it is parsed.
    """
    if Path(listed.file_name).suffix.lower() in OCR_SUFFIXES:
        return FILES_PER_JOB
    return min(FILES_PER_JOB, 1 + (listed.size or 0) // SMALL_FILE)


def job_chunks(files: list[ListedFile]) -> Iterator[list[ListedFile]]:
    """Consecutive files in jobs of about ``FILES_PER_JOB`` small files' worth of work."""
    chunk: list[ListedFile] = []
    cost = 0
    for listed in files:
        if chunk and cost + _cost(listed) > FILES_PER_JOB:
            yield chunk
            chunk, cost = [], 0
        chunk.append(listed)
        cost += _cost(listed)
    if chunk:
        yield chunk


def file_to_read(listed: ListedFile) -> FileToRead:
    return FileToRead(
        source=listed.source,
        file_name=listed.file_name,
        size=listed.size,
        mtime=listed.mtime,
        source_raw=listed.raw,
    )


def source_file(file: FileToRead) -> SourceFile:
    return SourceFile(
        source=file.source,
        file_name=file.file_name or Path(file.source).name,
        size=file.size,
        mtime=file.mtime,
        raw=file.source_raw,
    )
