"""A pool of long-lived parser processes, each with a time and a memory limit.

One poisoned file costs one process: a crash, a hang past the time limit or a memory blow-up marks
that file ``failed`` with a readable reason; the process is replaced and the rest goes on. Processes
are reused across files (a new interpreter per file would cost ~1 s each).

The pool runs any module-level function on a picklable argument (``run``); ``extract`` is the parsers'
use of it. The API renders page images through a pool of its own, so a page that declares a huge size
costs a bounded process, never the API's memory.
"""

from __future__ import annotations

import collections
import importlib
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from aseagi.ingestion.extract import ExtractRequest, ExtractResult, FileStatus
from aseagi.kit.errors import AseagiError

log = logging.getLogger(__name__)

A = TypeVar("A")
R = TypeVar("R")
OUT_OF_MEMORY = "memory limit exceeded while parsing"
PARSER_PRELOAD = ("aseagi.ingestion.extract", "aseagi.analysis", "aseagi.ingestion.preload")
"""Imported once by the fork server: no parser process spends its first file's time limit on them."""
_DONE, _REFUSED, _FAILED = "done", "refused", "failed"


class ParserFailed(Exception):
    """The process gave no answer: it timed out, crashed, ran out of memory or hit a bug (``reason``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _limit_memory(memory_bytes: int | None) -> None:
    if not memory_bytes:
        return
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def _serve(connection: Connection, memory_bytes: int | None, preload: Sequence[str] = ()) -> None:
    """The parser process: run ``(function, argument)`` calls until the pipe closes. The answer is
    ``(_DONE, result)``, ``(_REFUSED, error)`` for an ``AseagiError`` meant for the user, or
    ``(_FAILED, reason)``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the worker's to handle
    # Imported before the memory limit: a no-op when the fork server preloaded them, but the fork server
    # is one per process and keeps the preload of whichever pool started it first (an API's render pool,
    # say); importing the parsers under the limit instead can fail at start-up.
    for module in preload:
        importlib.import_module(module)
    _limit_memory(memory_bytes)

    while True:
        try:
            function, argument = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = (_DONE, function(argument))
        except MemoryError:
            connection.send((_FAILED, OUT_OF_MEMORY))
            os._exit(3)
        except AseagiError as exc:
            answer = (_REFUSED, exc)
        except Exception as exc:  # a parser bug: the file fails, the process goes on
            log.exception("parser error on %s", getattr(argument, "file_name", type(argument).__name__))
            answer = (_FAILED, f"parser error: {type(exc).__name__}: {exc}"[:300])
        connection.send(answer)


@dataclass
class _Process:
    process: Any
    connection: Connection
    served: int = 0


class ParserPool:
    def __init__(
        self,
        size: int = 2,
        *,
        timeout: float = 120.0,
        memory_mb: int | None = 2048,
        max_files_per_process: int = 5000,
        preload: Sequence[str] = PARSER_PRELOAD,
    ) -> None:
        self.size = size
        self.timeout = timeout
        self.memory_bytes = memory_mb * 1024 * 1024 if memory_mb else None
        self.max_files_per_process = max_files_per_process
        self._context = multiprocessing.get_context("forkserver")
        self._preload = tuple(preload)
        self._context.set_forkserver_preload(list(preload))
        self._closed = False
        self._lock = threading.Lock()
        self._all: list[_Process] = []
        self._idle: list[_Process] = []
        self._waiting: collections.deque[tuple[threading.Event, list[_Process]]] = collections.deque()
        for _ in range(size):
            self._release(self._start())

    def _acquire(self) -> _Process:
        """A free process, first come first served: files reach the parsers in the order they were
        handed over, so a job's files finish together and its results are written while the next
        job's files are parsed (with barging, every job would finish last and all at once)."""
        with self._lock:
            if self._idle and not self._waiting:
                return self._idle.pop()
            ready, slot = threading.Event(), list[_Process]()
            self._waiting.append((ready, slot))
        ready.wait()
        if not slot:
            raise RuntimeError("the parser pool is closed")
        return slot[0]

    def _release(self, entry: _Process) -> None:
        with self._lock:
            if self._waiting:
                ready, slot = self._waiting.popleft()
                slot.append(entry)
                ready.set()
            else:
                self._idle.append(entry)

    def _start(self) -> _Process:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(child, self.memory_bytes, self._preload), daemon=True
        )
        process.start()
        child.close()
        entry = _Process(process, parent)
        with self._lock:
            self._all.append(entry)
        return entry

    def _stop(self, entry: _Process) -> None:
        with self._lock:
            if entry in self._all:
                self._all.remove(entry)
        try:
            entry.connection.close()
        except OSError:
            pass
        if entry.process.is_alive():
            entry.process.kill()
        entry.process.join(5)

    def extract(self, request: ExtractRequest) -> ExtractResult:
        """Parse and analyze one file in a free process (blocks until one is free)."""
        from aseagi.ingestion.extract import extract

        try:
            return self.run(extract, request)
        except ParserFailed as failure:
            return ExtractResult(FileStatus.FAILED, None, reason=failure.reason)
        except AseagiError as exc:
            return ExtractResult(
                FileStatus.FAILED, None, reason=f"parser error: {type(exc).__name__}: {exc}"[:300]
            )

    def run(self, function: Callable[[A], R], argument: A) -> R:
        """``function(argument)`` in a free process (blocks until one is free). An ``AseagiError`` it
        raises is raised here; any other failure raises ``ParserFailed`` with a readable reason."""
        if self._closed:
            raise RuntimeError("the parser pool is closed")
        entry = self._acquire()
        replace = False
        try:
            try:
                entry.connection.send((function, argument))
            except (BrokenPipeError, OSError):
                replace = True
                raise ParserFailed("parser process was not available; retry") from None
            if not entry.connection.poll(self.timeout):
                replace = True
                raise ParserFailed(f"timed out after {self.timeout:g} s while parsing")
            try:
                kind, value = entry.connection.recv()
            except (EOFError, OSError):
                replace = True
                entry.process.join(1)
                code = entry.process.exitcode
                how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                if code == -signal.SIGKILL:
                    how += ", likely out of memory"
                raise ParserFailed(f"parser crashed ({how})") from None
            entry.served += 1
            spent = kind == _FAILED and value == OUT_OF_MEMORY
            replace = spent or entry.served >= self.max_files_per_process
            if kind == _REFUSED:
                raise value
            if kind == _FAILED:
                raise ParserFailed(value)
            result: R = value
            return result
        finally:
            if replace:
                self._stop(entry)
                entry = self._start() if not self._closed else entry
            if not self._closed:
                self._release(entry)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            entries = list(self._all)
            while self._waiting:  # nobody will hand these a process now
                self._waiting.popleft()[0].set()
        for entry in entries:
            self._stop(entry)

    def __enter__(self) -> ParserPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
