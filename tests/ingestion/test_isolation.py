"""The parser pool: one poisoned file costs one process, never the batch."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from aseagi.ingestion.extract import ExtractRequest
from aseagi.ingestion.isolation import ParserPool


def _request(tmp_path: Path, path: Path) -> ExtractRequest:
    workdir = tmp_path / f"work-{path.name}-{time.monotonic_ns()}"
    workdir.mkdir()
    return ExtractRequest(path=str(path), workdir=str(workdir), file_name=path.name)


@pytest.fixture(scope="module")
def pool() -> ParserPool:
    with ParserPool(1, timeout=3, memory_mb=1024) as pool:
        yield pool  # type: ignore[misc]


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "order.txt"
    path.write_text("Case No. JV-2025-001234\nThe jurisdiction hearing is set for April 15, 2024.\n")
    return path


def test_parses_and_analyzes_in_another_process(pool: ParserPool, tmp_path: Path) -> None:
    result = pool.extract(_request(tmp_path, _text_file(tmp_path)))
    assert result.outcome == "done", result.reason
    assert result.parsed is not None
    assert "JV-2025-001234" in result.parsed.text
    assert result.analyzed is not None
    assert json.loads(result.analyzed.analysis)["docket_numbers"] == ["JV-2025-001234"]
    assert result.analyzed.columns.docket_number == "JV-2025-001234"


def test_a_hanging_parser_times_out_and_the_pool_goes_on(pool: ParserPool, tmp_path: Path) -> None:
    fifo = tmp_path / "never-ends.pdf"
    os.mkfifo(fifo)  # reading it blocks forever: a real hang
    started = time.monotonic()
    result = pool.extract(_request(tmp_path, fifo))
    assert result.outcome == "failed"
    assert result.reason is not None and "timed out" in result.reason
    assert time.monotonic() - started < 10
    after = pool.extract(_request(tmp_path, _text_file(tmp_path)))
    assert after.outcome == "done"


def test_a_crashing_parser_fails_only_its_file(pool: ParserPool, tmp_path: Path) -> None:
    fifo = tmp_path / "crash.bin"
    os.mkfifo(fifo)

    def kill_the_busy_parser() -> None:
        time.sleep(0.8)
        for entry in list(pool._all):
            os.kill(entry.process.pid, signal.SIGKILL)

    threading.Thread(target=kill_the_busy_parser).start()
    result = pool.extract(_request(tmp_path, fifo))
    assert result.outcome == "failed"
    assert result.reason is not None and "crashed" in result.reason and "signal 9" in result.reason
    assert pool.extract(_request(tmp_path, _text_file(tmp_path))).outcome == "done"


def test_outcomes_for_bad_inputs(pool: ParserPool, tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    random_pdf = tmp_path / "random.pdf"
    random_pdf.write_bytes(os.urandom(4096))
    gone = tmp_path / "gone.txt"
    outcomes = {p.name: pool.extract(_request(tmp_path, p)) for p in (empty, random_pdf, gone)}
    assert outcomes["empty.pdf"].outcome == "failed"
    assert outcomes["random.pdf"].outcome in {"failed", "unsupported"}
    assert outcomes["gone.txt"].reason == "file disappeared before it was read"


def _wait_until(condition: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def _write_when_read(fifo: Path, data: str, timeout: float = 60) -> None:
    """Write to a FIFO once a reader has it open; fail (never hang) when none comes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError:  # ENXIO: nobody reads it yet
            assert time.monotonic() < deadline, "the parser never opened the held file"
            time.sleep(0.05)
    try:
        os.write(descriptor, data.encode())
    finally:
        os.close(descriptor)


def test_files_reach_a_busy_parser_first_come_first_served(tmp_path: Path) -> None:
    """A job's files finish in the order they were handed over, not all jobs' at once at the end."""
    fifo = tmp_path / "held.txt"
    os.mkfifo(fifo)
    finished: list[str] = []
    # Its own pool with room to spare: on a loaded machine, queueing six files can take longer than the
    # shared pool's 3 s limit, which would end the held file before it is released.
    with ParserPool(1, timeout=60, memory_mb=1024) as pool:

        def extract(path: Path) -> None:
            pool.extract(_request(tmp_path, path))
            finished.append(path.name)

        holder = threading.Thread(target=extract, args=(fifo,))
        holder.start()
        _wait_until(lambda: not pool._idle, timeout=30)
        waiters = []
        for i in range(6):
            path = tmp_path / f"note-{i}.txt"
            path.write_text(f"Case No. JV-2025-00100{i}")
            waiters.append(threading.Thread(target=extract, args=(path,)))
            waiters[-1].start()
            _wait_until(lambda i=i: len(pool._waiting) == i + 1, timeout=30)
        _write_when_read(fifo, "Case No. JV-2025-001000")  # the held file can be read now
        for thread in (holder, *waiters):
            thread.join(60)
    assert finished == ["held.txt", *(f"note-{i}.txt" for i in range(6))]


def test_closing_the_pool_releases_files_waiting_for_a_parser(tmp_path: Path) -> None:
    fifo = tmp_path / "held.txt"
    os.mkfifo(fifo)
    pool = ParserPool(1, timeout=30, memory_mb=None)
    errors: list[BaseException] = []

    def wait_for_a_parser() -> None:
        try:
            pool.extract(_request(tmp_path, _text_file(tmp_path)))
        except RuntimeError as exc:
            errors.append(exc)

    holder = threading.Thread(target=pool.extract, args=(_request(tmp_path, fifo),))
    holder.start()
    _wait_until(lambda: not pool._idle)
    waiter = threading.Thread(target=wait_for_a_parser)
    waiter.start()
    _wait_until(lambda: len(pool._waiting) == 1)
    pool.close()
    waiter.join(10)
    holder.join(10)
    assert not waiter.is_alive() and not holder.is_alive()
    assert [str(e) for e in errors] == ["the parser pool is closed"]
