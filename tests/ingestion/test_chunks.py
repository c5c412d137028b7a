"""How discovery cuts a listing into jobs: about the same work per job, whatever the files."""

from __future__ import annotations

from aseagi.ingestion.chunks import FILES_PER_JOB, job_chunks
from aseagi.ingestion.sources import ListedFile


def _listed(name: str, size: int | None) -> ListedFile:
    return ListedFile(f"/inbox/{name}", name, size, None)


def _names(chunks: list[list[ListedFile]]) -> list[list[str]]:
    return [[f.file_name for f in chunk] for chunk in chunks]


def test_small_files_go_in_full_jobs_in_listing_order() -> None:
    files = [_listed(f"order-{i:03}.pdf", 9_000) for i in range(60)]
    chunks = list(job_chunks(files))
    assert [len(c) for c in chunks] == [FILES_PER_JOB, FILES_PER_JOB, 10]
    assert [f for c in chunks for f in c] == files


def test_pictures_for_ocr_get_a_job_each_so_workers_share_them() -> None:
    files = [_listed("a.pdf", 9_000), _listed("scan-1.PNG", 300_000), _listed("scan-2.jpeg", 1_000)]
    files += [_listed("b.pdf", 9_000), _listed("photo.HEIC", 2_000_000), _listed("c.pdf", 9_000)]
    assert _names(list(job_chunks(files))) == [
        ["a.pdf"],
        ["scan-1.PNG"],
        ["scan-2.jpeg"],
        ["b.pdf"],
        ["photo.HEIC"],
        ["c.pdf"],
    ]


def test_big_files_count_for_more_than_small_ones() -> None:
    big = [_listed(f"scanned-{i}.pdf", 1_200_000) for i in range(6)]  # ~10 small files' work each
    chunks = _names(list(job_chunks(big)))
    assert chunks == [
        ["scanned-0.pdf", "scanned-1.pdf"],
        ["scanned-2.pdf", "scanned-3.pdf"],
        ["scanned-4.pdf", "scanned-5.pdf"],
    ]
    huge = [_listed("transcript.pdf", 50_000_000), _listed("note.txt", 100), _listed("note2.txt", None)]
    assert _names(list(job_chunks(huge))) == [["transcript.pdf"], ["note.txt", "note2.txt"]]


def test_nothing_listed_makes_no_job() -> None:
    assert list(job_chunks([])) == []
