"""The public robustness corpus, plus the inputs that once hung a batch, through the whole system.

Not the parsers alone: `POST /bulk/process` on a running `aseagi api`, one `aseagi worker`, PostgreSQL.
The batch must end, every file must have exactly one top-level outcome, the counts must add up, and
every failure must carry a reason. ``bench/corpus.py`` prints the same run's figures.
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
from pathlib import Path

import pytest

from tests.fixtures.database import temporary_database
from tests.ops.corpus_batch import CORPUS_DIR, copy_corpus, run_batch

pytestmark = pytest.mark.slow


def add_hostile_files(folder: Path) -> int:
    """Files that stalled batches before: NUL in headers and text, a name that is not UTF-8, archives."""
    folder.mkdir(parents=True)
    (folder / "nul-subject.eml").write_bytes(
        b"From: =?utf-8?b?QQBC?= <a@example.org>\r\nTo: b@example.org\r\n"
        b"Subject: =?utf-8?q?a=00b?=\r\nDate: Mon, 3 Mar 2025 10:00:00 -0800\r\n\r\n"
        b"Visit moved to March 6, 2025.\r\n"
    )
    (folder / "stray-nul.txt").write_bytes(b"Case No. JV-2025-000123\nHearing set\x00 for 04/01/2025.\n")
    (folder / os.fsdecode(b"bad\xffname.txt")).write_bytes(b"A file whose name is not UTF-8.\n")
    (folder / "mozilla.mbox").write_bytes(
        b"From - Fri Aug 23 10:00:00 2024\nFrom: a@example.org\nSubject: one\n\nFirst.\n\n"
        b"From - Fri Aug 23 11:00:00 2024\nFrom: b@example.org\nSubject: two\n\nSecond.\n"
    )
    members = io.BytesIO()
    with tarfile.open(fileobj=members, mode="w:gz") as archive:
        for name, body in (("a.txt", b"Minute order, Dept. 3."), ("b.txt", b"Proof of service.")):
            info = tarfile.TarInfo(name)
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
    (folder / "papers.tar.gz").write_bytes(members.getvalue())
    (folder / "note.txt.gz").write_bytes(gzip.compress(b"Status review on May 2, 2025."))
    return 6


def test_the_corpus_batch_ends_with_every_file_accounted_for_once(tmp_path: Path) -> None:
    if not (CORPUS_DIR / "MANIFEST.tsv").is_file():
        pytest.skip(f"the public corpus is not at {CORPUS_DIR} (set CORPUS_DIR); a standalone clone")
    data_dir = tmp_path / "data"
    source = data_dir / "inbox" / "lake"
    files = copy_corpus(source / "corpus") + add_hostile_files(source / "hostile")
    with temporary_database("aseagi_corpus") as url:
        run = run_batch(url, data_dir, source, case="CORPUS", timeout=1500, logs=tmp_path / "logs")

    c = run.counts
    assert run.status["status"] in ("done", "failed"), run.status
    assert c["discovered"] == c["done"] + c["duplicate"] + c["failed"] + c["unsupported"] + c["skipped"], c
    assert len(run.occurrences_per_path) == files, "every file has a top-level outcome"
    assert set(run.occurrences_per_path.values()) == {1}, "and only one"
    valid_names = {str(p) for p in source.rglob("*") if p.is_file() and "\udcff" not in str(p)}
    assert valid_names <= set(run.occurrences_per_path)
    assert run.reasonless == 0, "every failure says why"
    print(
        f"corpus batch: {files} files in {run.seconds:.0f} s, outcomes {run.outcomes}, counts {c}, "
        f"last parsed to terminal {run.tail_seconds} s"
    )
