"""One binder, from selected originals to verified files: prepare, assemble, manifest, verify.

No database here: the service loads the rows and the protected persons, this runs (in a thread or a
worker) on what it was given. The work folder holds the exhibits' bodies and is removed afterwards.
Many exhibits are drawn in spawned processes, so a script that calls ``build_binder`` needs the usual
``if __name__ == "__main__":`` guard (the ``aseagi`` command and pytest have it).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aseagi.exports.binder import assemble, exhibit_label
from aseagi.exports.evidence import prepare
from aseagi.exports.front_matter import CoverText
from aseagi.exports.manifest import (
    exhibit_records,
    file_sha256,
    output_file,
    write_manifest,
    write_redaction_log,
)
from aseagi.exports.privacy import Redactor
from aseagi.exports.schemas import BinderOptions, BinderResult, ExhibitSource, PreparedExhibit
from aseagi.exports.verify import require_clean
from aseagi.ingestion.storage import BlobStore
from aseagi.kit.errors import AseagiError, BadRequest

log = logging.getLogger(__name__)
MAX_EXHIBITS = 10_000
MAX_WORKERS = 4
PARALLEL_FROM = 20
"""Fewer exhibits than this are drawn in this process: starting worker processes would cost more."""
Progress = Callable[[str, int, int], None]


def _prepare_one(
    source: ExhibitSource, label: str, store: BlobStore, workdir: Path, redactor: Redactor
) -> PreparedExhibit:
    try:
        return prepare(source, label, store, workdir, redactor)
    except AseagiError:
        raise
    except Exception as exc:
        log.warning("exhibit %s (%s) could not be drawn", label, source.document_id, exc_info=True)
        raise BadRequest(
            f"exhibit {label} ({redactor.clean(source.file_name)}) cannot be drawn ({type(exc).__name__}): "
            "leave it out by choosing the documents with --documents"
        ) from None


def prepare_all(
    sources: Sequence[ExhibitSource],
    options: BinderOptions,
    store: BlobStore,
    workdir: Path,
    redactor: Redactor,
    progress: Progress | None = None,
) -> list[PreparedExhibit]:
    """Each exhibit's body, in order; in worker processes when there are many (they are independent)."""
    labels = [exhibit_label(n, options.lettered) for n in range(1, len(sources) + 1)]
    workers = min(MAX_WORKERS, os.cpu_count() or 1)
    if len(sources) < PARALLEL_FROM or workers < 2:
        exhibits = []
        for number, (source, label) in enumerate(zip(sources, labels, strict=True), start=1):
            exhibits.append(_prepare_one(source, label, store, workdir, redactor))
            if progress:
                progress("prepare", number, len(sources))
        return exhibits
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [
            pool.submit(_prepare_one, source, label, store, workdir, redactor)
            for source, label in zip(sources, labels, strict=True)
        ]
        exhibits = []
        for number, future in enumerate(futures, start=1):
            exhibits.append(future.result())
            if progress:
                progress("prepare", number, len(sources))
        return exhibits


def build_binder(
    sources: Sequence[ExhibitSource],
    options: BinderOptions,
    *,
    docket: str,
    caption: str,
    store: BlobStore,
    out_dir: Path,
    redactor: Redactor,
    progress: Progress | None = None,
) -> BinderResult:
    if not sources:
        raise BadRequest("no documents selected: pass document ids, a violation, or none for the whole case")
    if len(sources) > MAX_EXHIBITS:
        raise BadRequest(f"{len(sources)} exhibits is more than {MAX_EXHIBITS}: select fewer documents")
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"{options.bates_prefix}_exhibits"
    generated = datetime.now(UTC)
    workdir = Path(tempfile.mkdtemp(prefix="aseagi-binder-", dir=out_dir))
    try:
        exhibits = prepare_all(sources, options, store, workdir, redactor, progress)
        cover = CoverText(
            caption=redactor.clean(caption),
            docket=docket,
            prepared=generated.strftime("%Y-%m-%d %H:%M UTC") + " by ASEAGI",
            bates_range="",
            total_pages=0,
            parts="",
            redaction_note="Names per CRC 8.401; dates of birth, addresses and phone numbers redacted"
            if options.redaction
            else "NOT REDACTED: for filing under seal only",
        )
        layout, parts = assemble(exhibits, options, cover, out_dir, workdir, name)
        if progress:
            progress("assemble", layout.total_pages, layout.total_pages)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    log_path = out_dir / f"{name}_redaction_log.json"
    write_redaction_log(log_path, layout.placements, options.redaction)
    records = exhibit_records(layout.placements, parts, options, redactor)
    json_path, csv_path = out_dir / f"{name}_manifest.json", out_dir / f"{name}_manifest.csv"
    write_manifest(
        json_path,
        csv_path,
        case={"docket": docket, "caption": redactor.clean(caption)},
        options=options,
        generated_at=generated,
        records=records,
        outputs=[*parts, output_file(log_path)],
        total_pages=layout.total_pages,
    )
    files = [*(p.path for p in parts), json_path, csv_path, log_path]
    verification = require_clean(files, redactor.forbidden_terms())
    return BinderResult(
        parts=tuple(parts),
        manifest_json=json_path,
        manifest_csv=csv_path,
        redaction_log=log_path,
        exhibits=layout.placements,
        total_pages=layout.total_pages,
        verified_pages=verification.pages,
        verification_seconds=verification.seconds,
    )


def result_summary(result: BinderResult, folder: Path) -> dict[str, Any]:
    """What a binder job records: the files (by name, in ``folder``), the exhibits and their pages."""
    files = [
        {
            "name": p.path.name,
            "sha256": p.sha256,
            "bytes": p.size,
            "first_page": p.first_page,
            "last_page": p.last_page,
            "bates_first": p.bates_first,
            "bates_last": p.bates_last,
        }
        for p in result.parts
    ]
    files += [
        {"name": path.name, "sha256": file_sha256(path), "bytes": path.stat().st_size}
        for path in (result.manifest_json, result.manifest_csv, result.redaction_log)
    ]
    return {
        "folder": str(folder),
        "files": files,
        "total_pages": result.total_pages,
        "parts": len(result.parts),
        "verified_pages": result.verified_pages,
        "verification_seconds": round(result.verification_seconds, 3),
        "exhibits": [
            {
                "exhibit": p.exhibit.label,
                "document_id": str(p.exhibit.source.document_id),
                "description": p.exhibit.description,
                "first_page": p.first_page,
                "last_page": p.last_page,
            }
            for p in result.exhibits
        ],
    }
