"""Ingest the public robustness corpus as one batch through `aseagi api` + `aseagi worker`, and print figures.

    .venv/bin/python bench/corpus.py [--runs 3]

Per run: files and pages per minute (from `POST /bulk/process` to the terminal status), how many files
ended in each state, and the time from the last file parsed to the batch's terminal state. Medians over
the runs. Each run uses a fresh database (the machine's `ASEAGI_TEST_DATABASE_URL` server, or an
embedded one) and a fresh copy of the corpus (`CORPUS_DIR`, default `../shared/corpus`).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fixtures.database import temporary_database  # noqa: E402
from tests.ops.corpus_batch import CORPUS_DIR, BatchRun, copy_corpus, run_batch  # noqa: E402


def one_run(index: int) -> tuple[BatchRun, int]:
    with tempfile.TemporaryDirectory(prefix="aseagi-bench-corpus-") as scratch:
        data_dir = Path(scratch) / "data"
        source = data_dir / "inbox" / "corpus"
        files = copy_corpus(source)
        with temporary_database(f"aseagi_bench_corpus_{index}") as url:
            run = run_batch(url, data_dir, source, case="CORPUS", timeout=3600, logs=Path(scratch) / "logs")
    return run, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    if not (CORPUS_DIR / "MANIFEST.tsv").is_file():
        sys.exit(f"no corpus at {CORPUS_DIR}: set CORPUS_DIR")
    files_per_min: list[float] = []
    pages_per_min: list[float] = []
    tails: list[float] = []
    for index in range(options.runs):
        run, files = one_run(index)
        minutes = run.seconds / 60
        files_per_min.append(files / minutes)
        pages_per_min.append(run.counts["pages"] / minutes)
        if run.tail_seconds is not None:
            tails.append(run.tail_seconds)
        print(
            f"run {index + 1}: {files} files in {run.seconds:.1f} s, status {run.status['status']}; "
            f"files by outcome {dict(sorted(run.outcomes.items()))}; counts {run.counts}; "
            f"last parsed -> terminal {run.tail_seconds} s",
            flush=True,
        )
        for reason, count in sorted(run.reasons.items(), key=lambda item: -item[1]):
            print(f"  {count:4}  {reason}")
    print(
        f"median of {options.runs}: {statistics.median(files_per_min):.0f} files/min, "
        f"{statistics.median(pages_per_min):.0f} pages/min, last parsed -> terminal "
        f"{statistics.median(tails) if tails else float('nan'):.1f} s"
    )


if __name__ == "__main__":
    main()
