"""Scale: ingestion with 1, 2 and 4 workers on the same corpus, and the API's latency while ingestion runs
at full speed against a database holding 1,000,000 documents.

    .venv/bin/python bench/scale.py [--pdfs 400] [--emails 100] [--requests 60] [--smoke]

Uses bench/telegram_api.py's seeded database (1M documents, created on first use, kept for reruns) on
ASEAGI_TEST_DATABASE_URL's server, and bench/ingest.py's corpus. Each worker is one `aseagi worker`
process with one parser process. Figures only; on a 2-core machine 4 workers share 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


telegram = _load("telegram_api")
ingest_bench = _load("ingest")

from aseagi.config import Settings  # noqa: E402
from aseagi.kit.db import create_engine, libpq_url, session_factory, sqlalchemy_url  # noqa: E402

PROBES = (
    ("/telegram/report", {}),
    ("/telegram/search", {"query": "hearing visit", "limit": 10}),
    ("/documents", {"case": "BENCH-J-0001", "min_score": 500, "limit": 50}),
)


def probe_latency(base: str, token: str, stop: threading.Event, out: dict[str, list[float]]) -> None:
    """One client calling each probe in turn until ``stop``: what a user sees while the workers run."""
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        while not stop.is_set():
            for path, params in PROBES:
                started = time.perf_counter()
                client.get(path, params={**params, "refresh": "true"} if path.endswith("report") else params)
                out.setdefault(path, []).append((time.perf_counter() - started) * 1000)


async def run_batch(url: str, settings: Settings, folder: Path, case: str) -> float:
    engine = create_engine(sqlalchemy_url(url), pool_size=2)
    try:
        return float(await ingest_bench.ingest(session_factory(engine), settings, folder, case))
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=int, default=400)
    parser.add_argument("--emails", type=int, default=100)
    parser.add_argument("--smoke", action="store_true")
    options = parser.parse_args()
    server = libpq_url(
        os.environ.get("ASEAGI_TEST_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    sizes = telegram.Sizes(1_000_000, 100_000, 10_000, 10_000)
    name = "aseagi_bench_telegram"
    if options.smoke:
        sizes, name = telegram.Sizes(2_000, 200, 100, 100), name + "_smoke"
        options.pdfs, options.emails = 30, 10
    url, needs_seed = telegram.ensure_database(server, name, options.smoke)
    if needs_seed:
        telegram.log(f"seeding {sizes} into {name}")
        telegram.seed(url, sizes)
    token = telegram.create_token(url)
    results: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="aseagi-scale-") as scratch:
        settings = Settings(ASEAGI_DATA_DIR=Path(scratch) / "data")  # type: ignore[call-arg]
        corpus = ingest_bench.build_corpus(
            settings.allowed_ingest_roots[0], pdfs=options.pdfs, emails=options.emails, sms=0, scans=0
        )
        files = sum(len(list(folder.iterdir())) for folder, _ in corpus.values())
        with telegram.api_server(url, 1) as api:
            for workers in (1, 2, 4):
                pool = ingest_bench.Workers(workers, url, settings.data_dir, True)
                time.sleep(4)
                stop, timings = threading.Event(), {}
                prober = threading.Thread(target=probe_latency, args=(api.base, token, stop, timings))
                prober.start()
                seconds = 0.0
                for kind, (folder, _) in corpus.items():
                    seconds += asyncio.run(
                        run_batch(url, settings, folder, f"SCALE-{workers}-{kind}-{time.time()}")
                    )
                stop.set()
                prober.join()
                pool.stop()
                results[workers] = {"seconds": seconds, "timings": timings, "rss": max(pool.peak_rss)}
    one = results[1]["seconds"]
    print(f"corpus: {files} files ({options.pdfs} text PDFs, {options.emails} emails); database: {sizes}")
    print(
        f"{'workers':>7} {'docs/min':>9} {'speed-up':>9} {'peak RSS/worker':>16}   "
        "API p50/p95 during ingestion"
    )
    for workers, result in results.items():
        api = "  ".join(
            f"{path.split('/')[-1]} {statistics.median(values):.0f}/"
            f"{telegram.percentile(values, 0.95):.0f} ms"
            for path, values in result["timings"].items()
        )
        print(
            f"{workers:>7} {files / result['seconds'] * 60:>9.0f} {one / result['seconds']:>8.2f}x "
            f"{result['rss'] / 2**20:>13.0f} MB   {api}"
        )


if __name__ == "__main__":
    main()
