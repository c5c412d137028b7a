"""Ingestion throughput, end to end through the queue, against the raw parsers on the same files.

    .venv/bin/python bench/ingest.py [--pdfs 600] [--emails 200] [--sms 20] [--scans 6] [--runs 3]
                                     [--analyzer both|on|off] [--baseline OLD_TREE/src]

Builds its own corpus (fictional text), a fresh database (ASEAGI_TEST_DATABASE_URL's server, or an
embedded one) and data folder, then for 1 and 2 workers (one parser process each) ingests each kind
of file as its own batch and prints docs/min, pages/s, the end-to-end/raw ratio and peak RSS per worker
(worker process + its parser process) and the CPU time per document spent in the workers, their parser
processes and PostgreSQL (where the time beyond the parsers goes). Medians of --runs runs. Never a
timed assertion: figures only.

``--baseline OLD/src`` runs every configuration twice in each run, once with workers from that older
source tree (``git worktree add /tmp/old <commit>``) and once with this one, so that the two are compared
under the same load of a shared machine (its rows are marked ``old``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fixtures.corpus_files import email_with_attachment, minute_order, sms_backup, text_pdf  # noqa: E402
from tests.fixtures.database import temporary_database  # noqa: E402

from aseagi.config import Settings  # noqa: E402
from aseagi.ingestion import batches  # noqa: E402
from aseagi.ingestion.parsers import ParseContext, parse_file  # noqa: E402
from aseagi.kit import migrate  # noqa: E402
from aseagi.kit.db import create_engine, session_factory, sqlalchemy_url, transaction  # noqa: E402
from aseagi.models import ProcessingBatch  # noqa: E402

WORDS = (
    "the social worker reported that the mother attended the visit and the court ordered "
    "reunification services under section 361.5 continued hearing department minor caregiver"
).split()


def paragraph(rng: random.Random, lines: int = 45) -> str:
    return "\n".join(" ".join(rng.choice(WORDS) for _ in range(12)) for _ in range(lines))


def build_corpus(root: Path, *, pdfs: int, emails: int, sms: int, scans: int) -> dict[str, tuple[Path, int]]:
    rng = random.Random(7)
    kinds: dict[str, tuple[Path, int]] = {}
    folder, pages_total = root / "pdf", 0
    folder.mkdir(parents=True)
    for i in range(pdfs):
        pages = min(20, max(1, int(rng.expovariate(1 / 3)) or 1))
        pages_total += pages
        text_pdf(
            folder / f"doc-{i:05}.pdf", [*minute_order(i)[:1], *(paragraph(rng) for _ in range(pages - 1))]
        )
    kinds["text_pdf"] = (folder, pages_total)
    folder = root / "email"
    folder.mkdir()
    for i in range(emails):
        email_with_attachment(folder / f"m-{i:05}.eml", f"attachment {i}".encode())
    kinds["email"] = (folder, emails * 2)
    folder = root / "sms"
    folder.mkdir()
    for i in range(sms):
        sms_backup(folder / f"sms-{i:03}.xml")
        (folder / f"sms-{i:03}.xml").write_text(
            (folder / f"sms-{i:03}.xml").read_text().replace("Saturday", f"day {i}")
        )
    kinds["sms_backup"] = (folder, sms)
    if scans:
        from PIL import Image, ImageDraw, ImageFont

        folder = root / "scan"
        folder.mkdir()
        font = ImageFont.load_default(size=36)
        for i in range(scans):
            image = Image.new("L", (2550, 3300), 255)
            draw = ImageDraw.Draw(image)
            for row in range(40):
                draw.text(
                    (150, 150 + row * 75), " ".join(rng.choice(WORDS) for _ in range(9)), fill=0, font=font
                )
            image.save(folder / f"scan-{i:03}.png")
        kinds["scanned_page"] = (folder, scans)
    return kinds


def raw_parse_seconds(folder: Path) -> float:
    """The parsers alone, in this process, one file after another, members (attachments, archive
    entries) included as the pipeline parses them: what the pipeline adds is the rest."""

    def parse(path: Path, depth: int) -> None:
        with tempfile.TemporaryDirectory() as workdir:
            parsed = parse_file(path, ParseContext(workdir=Path(workdir), depth=depth))
            for member in parsed.members:
                parse(member.path, depth + 1)

    started = time.perf_counter()
    for path in sorted(folder.iterdir()):
        parse(path, 0)
    return time.perf_counter() - started


class Workers:
    def __init__(self, count: int, url: str, data_dir: Path, analyze: bool, src: Path | None = None) -> None:
        extra = [] if analyze else ["--no-analysis"]
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "ASEAGI_DATA_DIR": str(data_dir),
            "ASEAGI_LOG_LEVEL": "WARNING",
            **({"PYTHONPATH": str(src)} if src else {}),
        }
        self.processes = [
            subprocess.Popen(
                [sys.executable, "-m", "aseagi", "worker", "--concurrency", "1", *extra], env=env
            )
            for _ in range(count)
        ]
        self.peak_rss = [0] * count
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            for index, process in enumerate(self.processes):
                try:
                    parent = psutil.Process(process.pid)
                    rss = parent.memory_info().rss + sum(
                        c.memory_info().rss for c in parent.children(recursive=True)
                    )
                except psutil.Error:
                    continue
                self.peak_rss[index] = max(self.peak_rss[index], rss)
            time.sleep(0.2)

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU seconds so far of the worker processes themselves, and of their parser processes."""
        own = parsers = 0.0
        for process in self.processes:
            try:
                parent = psutil.Process(process.pid)
                times = parent.cpu_times()
                own += times.user + times.system
                for child in parent.children(recursive=True):
                    times = child.cpu_times()  # children_*: tesseract, run and reaped by a parser
                    parsers += times.user + times.system + times.children_user + times.children_system
            except psutil.Error:
                continue
        return own, parsers

    def stop(self) -> None:
        self._stop.set()
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(30)


def postgres_cpu_seconds() -> float:
    """CPU seconds of the PostgreSQL servers this user can see, ended backends included (the database
    works for the pipeline too)."""
    total = 0.0
    for process in psutil.process_iter(["name", "ppid"]):
        if process.info["name"] not in ("postgres", "postmaster"):
            continue
        try:
            times = process.cpu_times()
            total += times.user + times.system
            if psutil.Process(process.info["ppid"]).name() not in ("postgres", "postmaster"):
                total += times.children_user + times.children_system  # backends that have ended
        except psutil.Error:
            continue
    return total


async def ingest(sessions, settings: Settings, folder: Path, case: str) -> float:  # type: ignore[no-untyped-def]
    async with transaction(sessions) as session:
        job_id = (await batches.start(session, settings, source=str(folder), case=case)).job_id
    started = time.perf_counter()
    state = select(ProcessingBatch.status).where(ProcessingBatch.job_id == job_id)
    while True:  # the batch's state alone, often: the full status (counts, rates) would load the database
        async with sessions() as session:
            running = await session.scalar(state) == "running"
        if not running:
            break
        await asyncio.sleep(0.05)
    seconds = time.perf_counter() - started
    async with sessions() as session:
        status = await batches.status(session, job_id)
    assert status.status == "done", status
    return seconds


@dataclass
class Measured:
    seconds: float
    peak_rss: int
    cpu: tuple[float, float, float]
    """CPU seconds of the worker processes, their parser processes and PostgreSQL during the batch."""


async def scenario(
    url: str,
    settings: Settings,
    kinds: dict[str, tuple[Path, int]],
    configuration: tuple[int, bool, Path | None],
    run: int,
) -> dict[str, Measured]:
    workers, analyze, src = configuration
    engine = create_engine(sqlalchemy_url(url), pool_size=2)
    sessions = session_factory(engine)
    pool = Workers(workers, url, settings.data_dir, analyze, src)
    await asyncio.sleep(4)  # let the workers start their parser processes
    results = {}
    tree = "old" if src else "new"
    for kind, (folder, _) in kinds.items():
        before = (*pool.cpu_seconds(), postgres_cpu_seconds())
        seconds = await ingest(
            sessions, settings, folder, f"BENCH-{tree}-{workers}-{int(analyze)}-{run}-{kind}"
        )
        after = (*pool.cpu_seconds(), postgres_cpu_seconds())
        cpu = (after[0] - before[0], after[1] - before[1], after[2] - before[2])
        results[kind] = (seconds, cpu)
    pool.stop()
    await engine.dispose()
    peak = max(pool.peak_rss)
    return {kind: Measured(seconds, peak, cpu) for kind, (seconds, cpu) in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=int, default=600)
    parser.add_argument("--emails", type=int, default=200)
    parser.add_argument("--sms", type=int, default=20)
    parser.add_argument("--scans", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--analyzer",
        choices=("both", "on", "off"),
        default="both",
        help="run the workers with the analyzer on, off, or both (in turn within each run)",
    )
    parser.add_argument(
        "--baseline", type=Path, help="also run the workers from this older source tree, in turn (OLD/src)"
    )
    options = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="aseagi-bench-") as scratch,
        temporary_database("aseagi_bench") as url,
    ):
        root = Path(scratch)
        settings = Settings(ASEAGI_DATA_DIR=root / "data")  # type: ignore[call-arg]
        inbox = settings.allowed_ingest_roots[0]
        kinds = build_corpus(
            inbox, pdfs=options.pdfs, emails=options.emails, sms=options.sms, scans=options.scans
        )
        settings.data_dir.chmod(0o700)  # private, as the service asks of a data folder
        migrate.upgrade(url)
        counts = {kind: len(list(folder.iterdir())) for kind, (folder, _) in kinds.items()}
        kinds = {kind: value for kind, value in kinds.items() if counts[kind]}  # --emails 0 skips e-mail
        raw = {
            kind: statistics.median(raw_parse_seconds(folder) for _ in range(options.runs))
            for kind, (folder, _) in kinds.items()
        }
        rows = []
        configurations = [(1, False), (1, True), (2, False), (2, True)]
        if options.analyzer != "both":
            configurations = [(w, a) for w, a in configurations if a == (options.analyzer == "on")]
        trees: list[Path | None] = [options.baseline, None] if options.baseline else [None]
        every = [(workers, analyze, src) for workers, analyze in configurations for src in trees]
        # Run by run, every configuration in turn: a change in the machine's load then weighs on all of
        # them alike instead of on whichever ran last.
        by_run = [
            {
                configuration: asyncio.run(scenario(url, settings, kinds, configuration, r))
                for configuration in every
            }
            for r in range(options.runs)
        ]
        for configuration in every:
            runs = [measured[configuration] for measured in by_run]
            for kind in kinds:
                seconds = statistics.median(run[kind].seconds for run in runs)
                peak = max(run[kind].peak_rss for run in runs)
                cpu = tuple(statistics.median(run[kind].cpu[i] for run in runs) for i in range(3))
                rows.append((configuration, kind, seconds, peak, cpu))
        print(f"corpus: {counts}; pages: { {k: p for k, (_, p) in kinds.items()} }; cores: {os.cpu_count()}")
        print(
            f"{'tree':>4} {'workers':>7} {'analyzer':>8} {'kind':<13} {'docs/min':>9} {'pages/s':>8} "
            f"{'e2e/raw':>8} {'peak RSS/worker':>16}   CPU ms/doc: worker parsers postgres"
        )
        by_key, cpu_by_key = {}, {}
        for (workers, analyze, src), kind, seconds, peak, cpu in rows:
            cpu_by_key[(workers, analyze, src, kind)] = cpu
            pages = kinds[kind][1]
            by_key[(workers, analyze, src, kind)] = seconds
            print(
                f"{'old' if src else 'new':>4} {workers:>7} {'on' if analyze else 'off':>8} {kind:<13} "
                f"{counts[kind] / seconds * 60:>9.0f} "
                f"{pages / seconds:>8.1f} {seconds / raw[kind]:>8.2f} {peak / 2**20:>13.0f} MB"
                f"   {'':>10} {' '.join(f'{c / counts[kind] * 1000:>7.2f}' for c in cpu)}"
            )
        for kind in kinds:
            if (1, True, None, kind) in cpu_by_key and (1, False, None, kind) in cpu_by_key:
                on, off = cpu_by_key[(1, True, None, kind)][1], cpu_by_key[(1, False, None, kind)][1]
                added = (on - off) / counts[kind]
                print(
                    f"analyzer cost in the parser processes (on - off, 1 worker), {kind}: {added * 1000:.2f} "
                    f"CPU ms/doc, {added * 1000 * counts[kind] / kinds[kind][1]:.2f} CPU ms/page"
                )
        for kind in kinds:
            if (1, True, None, kind) not in by_key or (2, True, None, kind) not in by_key:
                continue
            one, two = by_key[(1, True, None, kind)], by_key[(2, True, None, kind)]
            cpu_per_doc = sum(cpu_by_key[(2, True, None, kind)]) / counts[kind]
            ceiling = (os.cpu_count() or 1) / cpu_per_doc  # documents a second, all cores busy
            print(
                f"speed-up 2 workers / 1 worker, {kind}: {one / two:.2f}x (ceiling on {os.cpu_count()} cores "
                f"at {cpu_per_doc * 1000:.1f} CPU ms/doc: {ceiling * 60:.0f} docs/min, "
                f"{ceiling * one / counts[kind]:.2f}x one worker)"
            )
        if options.baseline:
            for workers, analyze in configurations:
                for kind in kinds:
                    old, new = (
                        by_key[(workers, analyze, options.baseline, kind)],
                        by_key[(workers, analyze, None, kind)],
                    )
                    print(
                        f"new / old docs/min, {workers} worker(s), analyzer {'on' if analyze else 'off'}, "
                        f"{kind}: {old / new:.2f}x"
                    )
        print("raw parse seconds (one process, median):", {k: round(v, 2) for k, v in raw.items()})


if __name__ == "__main__":
    main()
