"""The pipeline for one file, as ordered named steps. It touches no database: the caller records outcomes.

1. ``keep_original``  hash while copying into the blob store (originals are never changed);
2. ``KnownBytes``     the same bytes already in this case make a duplicate: no parsing (asked once for
                      a whole group of files);
3. ``extract``        parse and analyze in an isolated parser process;
4. members            archive entries, attachments and mbox messages go through steps 1–4 as a group.

A failure at any step becomes that file's outcome with a readable reason; it never stops the others.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from aseagi.ingestion.extract import ExtractRequest, ExtractResult, FileStatus
from aseagi.ingestion.isolation import ParserPool
from aseagi.ingestion.parsers import Limits
from aseagi.ingestion.sources import open_source
from aseagi.ingestion.storage import BlobStore, StoredBlob

MEMBER_CONCURRENCY = 4
PARSER_QUEUE = 64
"""Files at most waiting in threads for a parser process; more wait in the executor's queue."""


@dataclass(frozen=True)
class SourceFile:
    source: str
    """Where it was read: a path, a URL, ``upload:<name>`` or ``<parent sha256>/<member name>``."""
    file_name: str
    size: int | None = None
    mtime: datetime | None = None
    local_path: Path | None = None
    """For members and uploads: the private copy to read instead of ``source``."""
    raw: bytes | None = None
    """A local path's bytes when its name is not valid UTF-8 (``source`` is then its readable form)."""


@dataclass
class FileOutcome:
    file: SourceFile
    status: FileStatus
    blob: StoredBlob | None = None
    reason: str | None = None
    result: ExtractResult | None = None
    members: list[FileOutcome] = field(default_factory=list)

    def walk(self) -> list[FileOutcome]:
        return [self, *(o for m in self.members for o in m.walk())]


Lookup = Callable[[list[str]], Awaitable[set[str]]]
"""Which of these SHA-256 hashes the case already holds (a database look-up, by the caller)."""


class KnownBytes:
    """Which bytes are duplicates, asked once per group of files rather than once per file.

    Bytes the case already holds are duplicates; so are bytes seen earlier in the same job: the first
    file with them claims them. ``own`` is an upload's own hash (its row exists already).
    """

    def __init__(self, lookup: Lookup, *, own: str | None = None) -> None:
        self._lookup = lookup
        self._own = own
        self._claimed: set[str] = set()

    async def check(self, hashes: list[str]) -> list[bool]:
        """For each hash in order: True when it is a duplicate."""
        ask = [h for h in dict.fromkeys(hashes) if h not in self._claimed and h != self._own]
        held = await self._lookup(ask) if ask else set()
        verdicts = []
        for sha256 in hashes:
            if sha256 == self._own:
                self._own = None
                self._claimed.add(sha256)
                verdicts.append(False)
            elif sha256 in self._claimed or sha256 in held:
                verdicts.append(True)
            else:
                self._claimed.add(sha256)
                verdicts.append(False)
        return verdicts


class Workdirs:
    """Empty private folders for parsers to write members into, reused while they stay empty.

    Creating and removing a folder per file costs more than parsing a small one on some disks.
    """

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="aseagi-work-"))
        self._free: list[Path] = []

    def take(self) -> Path:
        if self._free:
            return self._free.pop()
        return Path(tempfile.mkdtemp(dir=self.root))

    def give_back(self, folder: Path) -> None:
        try:
            with os.scandir(folder) as entries:
                empty = next(entries, None) is None
        except FileNotFoundError:
            return
        if empty:
            self._free.append(folder)
        else:
            shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class Pipeline:
    store: BlobStore
    pool: ParserPool
    limits: Limits = field(default_factory=Limits)
    analyze: bool = True
    _workdirs: Workdirs = field(default_factory=Workdirs)
    _waiting: ThreadPoolExecutor = field(init=False)
    """Threads that hand files to the parser processes. Files queue for a free process in these threads,
    so a process gets its next file the moment it is free, without waiting for the event loop, and the
    default executor's threads stay free for storing originals."""

    def __post_init__(self) -> None:
        self._waiting = ThreadPoolExecutor(PARSER_QUEUE, thread_name_prefix="aseagi-parse")

    def close(self) -> None:
        self.pool.close()
        self._waiting.shutdown(wait=False, cancel_futures=True)
        self._workdirs.close()

    async def run(self, files: list[SourceFile], known: KnownBytes, *, depth: int = 0) -> list[FileOutcome]:
        """All steps for a group of files (a job's files, a container's members), in their order.

        Originals are stored first, then which of them the case already holds is asked once for the
        whole group, then the others are parsed.
        """
        stored = await asyncio.gather(*(self.keep_original(f) for f in files))
        verdicts = iter(await known.check([b.sha256 for b in stored if isinstance(b, StoredBlob)]))
        gate = asyncio.Semaphore(MEMBER_CONCURRENCY) if depth else None

        async def one(file: SourceFile, blob: StoredBlob, duplicate: bool) -> FileOutcome:
            if duplicate:
                return FileOutcome(file, FileStatus.DUPLICATE, blob=blob)
            if gate is None:
                return await self._extract(file, blob, known, depth)
            async with gate:
                return await self._extract(file, blob, known, depth)

        return list(
            await asyncio.gather(
                *(
                    asyncio.sleep(0, blob)
                    if isinstance(blob, FileOutcome)
                    else one(file, blob, next(verdicts))
                    for file, blob in zip(files, stored, strict=True)
                )
            )
        )

    async def _extract(
        self, file: SourceFile, blob: StoredBlob, known: KnownBytes, depth: int
    ) -> FileOutcome:
        try:
            workdir = self._workdirs.take()
        except OSError as exc:
            return FileOutcome(
                file,
                FileStatus.FAILED,
                blob=blob,
                reason=f"no usable temporary folder: {exc.strerror or exc}",
            )
        try:
            loop = asyncio.get_running_loop()
            result = await loop.run_in_executor(self._waiting, self.extract, file, blob, workdir, depth)
            outcome = FileOutcome(file, result.outcome, blob=blob, reason=result.reason, result=result)
            if result.parsed is not None and result.parsed.members:
                children = [
                    SourceFile(
                        source=f"{blob.sha256}/{member.name}",
                        file_name=Path(member.name).name or member.name,
                        size=member.size,
                        local_path=member.path,
                    )
                    for member in result.parsed.members
                ]
                outcome.members = await self.run(children, known, depth=depth + 1)
            return outcome
        finally:
            self._workdirs.give_back(workdir)

    async def keep_original(self, file: SourceFile) -> StoredBlob | FileOutcome:
        """Step 1, or the failed outcome saying why the file could not be read."""
        try:
            return await asyncio.to_thread(self.store_original, file)
        except FileNotFoundError:
            return FileOutcome(file, FileStatus.FAILED, reason="file disappeared before it was read")
        except IsADirectoryError:
            return FileOutcome(
                file, FileStatus.FAILED, reason="a folder that could not be listed (check its permissions)"
            )
        except PermissionError:
            return FileOutcome(file, FileStatus.FAILED, reason="permission denied reading the file")
        except OSError as exc:
            return FileOutcome(
                file, FileStatus.FAILED, reason=f"could not read the file: {exc.strerror or exc}"
            )

    def store_original(self, file: SourceFile) -> StoredBlob:
        if file.local_path is not None:
            return self.store.put_file(file.local_path)
        with open_source(file.source, file.raw) as handle:
            return self.store.put_file(handle)

    def extract(self, file: SourceFile, blob: StoredBlob, workdir: Path, depth: int) -> ExtractResult:
        path = Path(self.store.path(blob.key)) if self.store.local else None
        if path is None:
            path = self.store.download(blob.key, workdir.parent / f"original-{workdir.name}")
        request = ExtractRequest(
            path=str(path),
            workdir=str(workdir),
            file_name=file.file_name,
            depth=depth,
            limits=self.limits,
            analyze=self.analyze,
        )
        try:
            return self.pool.extract(request)
        finally:
            if not self.store.local:
                path.unlink(missing_ok=True)
