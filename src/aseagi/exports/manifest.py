"""The binder's manifest (JSON and CSV) and its redaction log.

The manifest proves the chain of custody: each exhibit's original file name, the SHA-256 of the original
(recorded at ingestion and re-checked for this binder), when it was received, its pages and Bates range,
and the SHA-256 of every output file. The redaction log says what kind of thing was replaced where and
with what; it never repeats the value removed.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from aseagi.exports.bates import bates_label
from aseagi.exports.privacy import WIC_827_NOTICE, Redactor
from aseagi.exports.schemas import BinderOptions, ExhibitPlacement, OutputFile

CSV_FIELDS = (
    "record",
    "exhibit",
    "description",
    "original_file_name",
    "original_sha256",
    "received_at",
    "document_date",
    "first_page",
    "last_page",
    "bates_first",
    "bates_last",
    "output_file",
    "output_sha256",
    "output_bytes",
)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def output_file(path: Path) -> OutputFile:
    return OutputFile(path, file_sha256(path), path.stat().st_size)


def _parts_of(placement: ExhibitPlacement, parts: Sequence[OutputFile]) -> list[str]:
    return [
        p.path.name
        for p in parts
        if p.first_page is not None
        and p.last_page is not None
        and p.first_page <= placement.last_page
        and placement.tab_page <= p.last_page
    ]


def exhibit_records(
    placements: Sequence[ExhibitPlacement],
    parts: Sequence[OutputFile],
    options: BinderOptions,
    redactor: Redactor,
) -> list[dict[str, Any]]:
    def bates(page: int) -> str:
        return bates_label(options.bates_prefix, options.bates_start + page - 1, options.bates_digits)

    return [
        {
            "exhibit": p.exhibit.label,
            "description": p.exhibit.description,
            "document_id": str(p.exhibit.source.document_id),
            "original_file_name": redactor.clean(p.exhibit.source.file_name),
            "original_sha256": p.exhibit.sha256,
            "original_bytes": p.exhibit.size,
            "received_at": p.exhibit.source.received_at.isoformat(),
            "document_date": p.exhibit.source.document_date.isoformat()
            if p.exhibit.source.document_date
            else None,
            "tab_page": p.tab_page,
            "first_page": p.first_page,
            "last_page": p.last_page,
            "bates_first": bates(p.first_page),
            "bates_last": bates(p.last_page),
            "parts": _parts_of(p, parts),
            "rendered_from": "pages drawn from the stored original"
            if p.exhibit.rendered
            else "the stored PDF",
            "pages_redacted": len(p.exhibit.redactions),
        }
        for p in placements
    ]


def write_redaction_log(path: Path, placements: Sequence[ExhibitPlacement], enabled: bool) -> None:
    entries = []
    for placement in placements:
        for page in placement.exhibit.redactions:
            for item in page.replacements or ():
                entries.append(
                    {
                        "exhibit": placement.exhibit.label,
                        "binder_page": placement.first_page + page.page - 1,
                        "method": page.method,
                        "kind": item.kind,
                        "whose": item.role,
                        "replaced_with": item.replacement,
                        "count": item.count,
                        "boxes": page.boxes,
                    }
                )
            if not page.replacements:
                entries.append(
                    {
                        "exhibit": placement.exhibit.label,
                        "binder_page": placement.first_page + page.page - 1,
                        "method": page.method,
                        "kind": None,
                        "whose": None,
                        "replaced_with": None,
                        "count": 0,
                        "boxes": page.boxes,
                    }
                )
    document = {
        "redaction": "on (CRC 8.401 naming; dates of birth, addresses, phones, other minors' case numbers)"
        if enabled
        else "OFF: filed under seal",
        "notice": WIC_827_NOTICE,
        "note": "Pages drawn from non-PDF originals are redacted before drawing; their replacements are "
        "recorded per exhibit in the manifest, not page by page here.",
        "entries": entries,
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def write_manifest(
    json_path: Path,
    csv_path: Path,
    *,
    case: dict[str, Any],
    options: BinderOptions,
    generated_at: datetime,
    records: list[dict[str, Any]],
    outputs: Sequence[OutputFile],
    total_pages: int,
) -> None:
    """CSV first (its hash goes into the JSON), then the JSON with every output file's hash."""
    with open(csv_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for record in records:
            row = {key: record.get(key) for key in CSV_FIELDS if key in record}
            writer.writerow({"record": "exhibit", **row})
        for output in outputs:
            writer.writerow(
                {
                    "record": "output",
                    "first_page": output.first_page,
                    "last_page": output.last_page,
                    "bates_first": output.bates_first,
                    "bates_last": output.bates_last,
                    "output_file": output.path.name,
                    "output_sha256": output.sha256,
                    "output_bytes": output.size,
                }
            )
    csv_file = output_file(csv_path)
    document = {
        "case": case,
        "generated_at": generated_at.isoformat(),
        "notice": WIC_827_NOTICE,
        "rules": "CRC 3.1110: consecutive pagination from 1, exhibit index, one bookmark per exhibit",
        "bates": {
            "prefix": options.bates_prefix,
            "start": options.bates_start,
            "digits": options.bates_digits,
        },
        "max_part_bytes": options.max_bytes,
        "redaction": options.redaction,
        "total_pages": total_pages,
        "exhibits": records,
        "files": [
            {
                "name": o.path.name,
                "sha256": o.sha256,
                "bytes": o.size,
                "first_page": o.first_page,
                "last_page": o.last_page,
                "bates_first": o.bates_first,
                "bates_last": o.bates_last,
            }
            for o in [*outputs, csv_file]
        ],
    }
    json_path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
