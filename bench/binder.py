"""Exhibit binders: the DEMO case's binder, and a generated one of 2,000 exhibits / 20,000 pages.

Prints, per binder: exhibits, pages, parts, seconds for each stage (prepare = read from the blob store,
hash-check and redaction scan; assemble = stamp and write the parts; verify = re-extract every page with
pypdfium2 and search for protected details), pages per second stamped and assembled, redaction
verification milliseconds per page, and the build process's peak memory (RSS). Each build runs in its own
process, so the peak is that build's alone; run two sizes to see that memory does not grow with the binder.

Run: .venv/bin/python bench/binder.py [--exhibits 2000] [--pages-per-exhibit 10] [--skip-demo]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from aseagi.exports import binder as binder_module
from aseagi.exports.detection import find_protected_persons
from aseagi.exports.pipeline import build_binder
from aseagi.exports.privacy import ProtectedPerson, Redactor
from aseagi.exports.schemas import BinderOptions, ExhibitSource
from aseagi.ingestion.parsers import ParseContext, detect_type, parse_file
from aseagi.ingestion.storage import BlobStore

LINES = [
    "The social worker visited the family home and observed the child playing in the living room.",
    "The mother reported that she has completed eight of twelve parenting classes to date.",
    "Visitation has been consistent; the caregiver reports no concerns after the visits.",
    "The Department recommends that family reunification services continue for six months.",
]


def generate(folder: Path, exhibits: int, pages: int) -> list[Path]:
    """``exhibits`` PDFs of ``pages`` pages of report-like text each (about 2 KB per page)."""
    files = []
    for number in range(exhibits):
        path = folder / f"{number:05d}_report.pdf"
        pdf = canvas.Canvas(str(path), pagesize=letter)
        for page in range(pages):
            pdf.setFont("Helvetica", 10)
            for line in range(40):
                pdf.drawString(72, 740 - line * 16, f"{number}.{page}.{line} {LINES[(line + page) % 4]}")
            pdf.showPage()
        pdf.save()
        files.append(path)
    return files


def sources_for(store: BlobStore, files: list[Path]) -> list[ExhibitSource]:
    sources = []
    for path in files:
        blob = store.put_file(path)
        day = date.fromisoformat(path.name[:10]) if path.name[:4].isdigit() and path.name[4] == "-" else None
        sources.append(
            ExhibitSource(
                uuid.uuid4(),
                path.name,
                blob.sha256,
                blob.key,
                detect_type(path),
                day,
                None,
                None,
                datetime.now(UTC),
            )
        )
    return sources


def timed_build(
    sources: list[ExhibitSource], store: BlobStore, out: Path, redactor: Redactor
) -> dict[str, object]:
    """One build with each stage timed (by wrapping the stage functions, not changing them)."""
    stages: dict[str, float] = {"prepare": 0.0, "assemble": 0.0}
    import aseagi.exports.pipeline as pipeline

    prepare, assemble = pipeline.prepare_all, binder_module.assemble

    def timed(stage: str, function):  # type: ignore[no-untyped-def]
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                stages[stage] += time.perf_counter() - started

        return run

    pipeline.prepare_all = timed("prepare", prepare)  # type: ignore[assignment]
    pipeline.assemble = timed("assemble", assemble)  # type: ignore[assignment]
    started = time.perf_counter()
    result = build_binder(
        sources,
        BinderOptions("BENCH"),
        docket="BENCH",
        caption="In re the bench",
        store=store,
        out_dir=out,
        redactor=redactor,
    )
    total = time.perf_counter() - started
    return {
        "exhibits": len(result.exhibits),
        "pages": result.total_pages,
        "parts": len(result.parts),
        "part_mb": [round(p.size / 1e6, 1) for p in result.parts],
        "seconds_total": round(total, 1),
        "seconds_prepare": round(stages["prepare"], 1),
        "seconds_assemble": round(stages["assemble"], 1),
        "seconds_verify": round(result.verification_seconds, 1),
        "pages_per_second_assembled": round(result.total_pages / stages["assemble"], 1),
        "pages_per_second_overall": round(result.total_pages / total, 1),
        "verify_ms_per_page": round(1000 * result.verification_seconds / max(result.verified_pages, 1), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def child(args: argparse.Namespace) -> None:
    """Runs in its own process: build from a stored folder, print the figures as JSON."""
    store = BlobStore(args.store)
    files = sorted(Path(args.files).iterdir())
    persons = [
        ProtectedPerson("Jordan Michael Martinez", "child", date(2019, 3, 14), address="1234 Elm Street")
    ]
    if args.demo:
        texts = []
        for path in files:
            with tempfile.TemporaryDirectory() as work:
                try:
                    texts.append((path.name, parse_file(path, ParseContext(workdir=Path(work))).text))
                except Exception:
                    continue
        persons = [
            ProtectedPerson(p.full_name, p.role, p.date_of_birth, address=p.address)
            for p in find_protected_persons(texts)
        ]
    with tempfile.TemporaryDirectory() as out:
        figures = timed_build(sources_for(store, files), store, Path(out), Redactor(tuple(persons)))
    figures["protected_persons"] = len(persons)
    print(json.dumps(figures))


def run_child(files: Path, store: Path, *, demo: bool) -> dict[str, object]:
    command = [sys.executable, __file__, "--child", "--files", str(files), "--store", str(store)]
    done = subprocess.run(
        [*command, *(["--demo"] if demo else [])], capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--exhibits", type=int, default=2000)
    parser.add_argument("--pages-per-exhibit", type=int, default=10)
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--demo", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--files", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        if not args.skip_demo:
            from aseagi.demo import generate_case

            generate_case(root / "demo", truth_file=root / "truth.json")
            print("DEMO", json.dumps(run_child(root / "demo", root / "blobs-demo", demo=True)))
        for exhibits in sorted({max(1, args.exhibits // 10), args.exhibits}):
            folder = root / f"gen-{exhibits}"
            folder.mkdir()
            started = time.perf_counter()
            generate(folder, exhibits, args.pages_per_exhibit)
            generated = time.perf_counter() - started
            figures = run_child(folder, root / f"blobs-{exhibits}", demo=False)
            print(
                f"GENERATED {exhibits}x{args.pages_per_exhibit} (generation {generated:.0f} s)",
                json.dumps(figures),
            )


if __name__ == "__main__":
    main()
