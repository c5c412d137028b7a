"""exports/manifest.py: output-file hashes, exhibit records, the redaction log and the manifest pair."""

from __future__ import annotations

import csv
import hashlib
import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from aseagi.exports.manifest import (
    CSV_FIELDS,
    exhibit_records,
    file_sha256,
    output_file,
    write_manifest,
    write_redaction_log,
)
from aseagi.exports.pdf_redaction import PageRedaction
from aseagi.exports.privacy import WIC_827_NOTICE, ProtectedPerson, Redactor, Replacement
from aseagi.exports.schemas import (
    BinderOptions,
    ExhibitPlacement,
    ExhibitSource,
    OutputFile,
    PreparedExhibit,
)

CHILD = ProtectedPerson("Avery Quinn Holloway", "child", date(2018, 6, 2))
RECEIVED = datetime(2026, 11, 30, 8, 15, tzinfo=UTC)


def _exhibit(
    tmp_path: Path,
    label: str,
    *,
    file_name: str = "report.pdf",
    document_date: date | None = date(2025, 1, 9),
    redactions: tuple[PageRedaction, ...] = (),
    rendered: bool = False,
) -> PreparedExhibit:
    source = ExhibitSource(
        document_id=uuid.UUID(int=int(label, 36)),
        file_name=file_name,
        sha256="a" * 64,
        storage_key="ab/cd",
        mime_type="application/pdf",
        document_date=document_date,
        title=None,
        document_type="report",
        received_at=RECEIVED,
    )
    return PreparedExhibit(
        source=source,
        label=label,
        description=f"Exhibit {label} description",
        body=tmp_path / f"{label}.pdf",
        pages=2,
        sha256="b" * 64,
        size=1234,
        redactions=redactions,
        rendered=rendered,
    )


def _part(tmp_path: Path, name: str, first: int, last: int, content: bytes = b"%PDF-1.4 x") -> OutputFile:
    path = tmp_path / name
    path.write_bytes(content)
    return OutputFile(path, file_sha256(path), len(content), first, last, f"P{first:04d}", f"P{last:04d}")


def test_file_sha256_and_output_file_match_hashlib(tmp_path: Path) -> None:
    path = tmp_path / "part.pdf"
    data = bytes(range(256)) * 9000  # about 2.3 MB: read in three 1 MiB chunks
    path.write_bytes(data)
    assert file_sha256(path) == hashlib.sha256(data).hexdigest()
    out = output_file(path)
    assert out == OutputFile(path, hashlib.sha256(data).hexdigest(), len(data))
    assert out.first_page is None and out.bates_first is None


def test_file_sha256_of_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert file_sha256(path) == hashlib.sha256(b"").hexdigest()
    assert output_file(path).size == 0


def test_exhibit_records_bates_parts_and_redacted_file_name(tmp_path: Path) -> None:
    first = ExhibitPlacement(
        _exhibit(tmp_path, "1", file_name="Avery Quinn Holloway intake.pdf"),
        tab_page=3,
        first_page=4,
        last_page=5,
    )
    second = ExhibitPlacement(
        _exhibit(tmp_path, "2", document_date=None, rendered=True), tab_page=6, first_page=7, last_page=9
    )
    parts = [
        _part(tmp_path, "B_part1.pdf", 1, 4),
        _part(tmp_path, "B_part2.pdf", 5, 8),
        _part(tmp_path, "B_part3.pdf", 9, 12),
        OutputFile(tmp_path / "manifest.csv", "c" * 64, 10),  # no pages: never a part of an exhibit
    ]
    options = BinderOptions("CASE-", bates_start=100, bates_digits=5)
    records = exhibit_records([first, second], parts, options, Redactor((CHILD,)))

    assert [r["exhibit"] for r in records] == ["1", "2"]
    one, two = records
    assert one["original_file_name"] == "Avery H. intake.pdf"
    assert one["bates_first"] == "CASE-00103" and one["bates_last"] == "CASE-00104"
    assert one["parts"] == ["B_part1.pdf", "B_part2.pdf"]  # tab page 3 to body page 5
    assert one["document_date"] == "2025-01-09"
    assert one["received_at"] == RECEIVED.isoformat()
    assert one["rendered_from"] == "the stored PDF"
    assert one["pages_redacted"] == 0
    assert one["document_id"] == str(uuid.UUID(int=1))
    assert (one["tab_page"], one["first_page"], one["last_page"]) == (3, 4, 5)
    assert one["original_sha256"] == "b" * 64 and one["original_bytes"] == 1234

    assert two["document_date"] is None
    assert two["parts"] == ["B_part2.pdf", "B_part3.pdf"]
    assert two["rendered_from"] == "pages drawn from the stored original"
    assert two["bates_first"] == "CASE-00106" and two["bates_last"] == "CASE-00108"


def test_exhibit_records_keep_the_name_when_redaction_is_off(tmp_path: Path) -> None:
    placement = ExhibitPlacement(
        _exhibit(tmp_path, "A", file_name="Avery Quinn Holloway.eml"), tab_page=1, first_page=2, last_page=2
    )
    records = exhibit_records([placement], [], BinderOptions("X"), Redactor((CHILD,), enabled=False))
    assert records[0]["original_file_name"] == "Avery Quinn Holloway.eml"
    assert records[0]["parts"] == []
    assert records[0]["bates_first"] == "X000002"


def test_exhibit_records_of_nothing(tmp_path: Path) -> None:
    assert exhibit_records([], [], BinderOptions("X"), Redactor()) == []


def test_redaction_log_entries_never_repeat_the_value(tmp_path: Path) -> None:
    redactions = (
        PageRedaction(
            1,
            (Replacement("name", "child", "Avery H.", 3), Replacement("dob", "child", "[DOB]", 1)),
            4,
            "text",
        ),
        PageRedaction(2, (), 0, "unchecked"),
    )
    placement = ExhibitPlacement(_exhibit(tmp_path, "3", redactions=redactions), 10, 11, 12)
    log = tmp_path / "redaction_log.json"
    write_redaction_log(log, [placement], enabled=True)

    document = json.loads(log.read_text("utf-8"))
    assert document["redaction"].startswith("on (CRC 8.401")
    assert document["notice"] == WIC_827_NOTICE
    assert document["entries"] == [
        {"exhibit": "3", "binder_page": 11, "method": "text", "kind": "name", "whose": "child",
         "replaced_with": "Avery H.", "count": 3, "boxes": 4},
        {"exhibit": "3", "binder_page": 11, "method": "text", "kind": "dob", "whose": "child",
         "replaced_with": "[DOB]", "count": 1, "boxes": 4},
        {"exhibit": "3", "binder_page": 12, "method": "unchecked", "kind": None, "whose": None,
         "replaced_with": None, "count": 0, "boxes": 0},
    ]  # fmt: skip
    assert "Avery Quinn Holloway" not in log.read_text("utf-8")


def test_redaction_log_when_off_and_empty(tmp_path: Path) -> None:
    log = tmp_path / "log.json"
    write_redaction_log(log, [], enabled=False)
    document = json.loads(log.read_text("utf-8"))
    assert document["redaction"] == "OFF: filed under seal"
    assert document["entries"] == []
    assert log.read_text("utf-8").endswith("}\n")


def test_write_manifest_csv_then_json_with_every_hash(tmp_path: Path) -> None:
    placement = ExhibitPlacement(_exhibit(tmp_path, "1"), tab_page=2, first_page=3, last_page=4)
    parts = [_part(tmp_path, "part1.pdf", 1, 4, b"%PDF-1.7 one"), _part(tmp_path, "part2.pdf", 5, 6, b"two")]
    options = BinderOptions("P", bates_start=1, bates_digits=4, max_bytes=5000, redaction=False)
    records = exhibit_records([placement], parts, options, Redactor())
    json_path, csv_path = tmp_path / "manifest.json", tmp_path / "manifest.csv"
    generated = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
    write_manifest(
        json_path,
        csv_path,
        case={"docket": "JV-0000-FAKE", "name": "In re a fictional child"},
        options=options,
        generated_at=generated,
        records=records,
        outputs=parts,
        total_pages=6,
    )

    with open(csv_path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == CSV_FIELDS
        rows = list(reader)
    assert [r["record"] for r in rows] == ["exhibit", "output", "output"]
    assert rows[0]["exhibit"] == "1" and rows[0]["bates_first"] == "P0003" and rows[0]["output_file"] == ""
    assert rows[1]["output_file"] == "part1.pdf"
    assert rows[1]["output_sha256"] == hashlib.sha256(b"%PDF-1.7 one").hexdigest()
    assert rows[2]["output_bytes"] == "3" and rows[2]["first_page"] == "5" and rows[2]["exhibit"] == ""

    document = json.loads(json_path.read_text("utf-8"))
    assert document["case"] == {"docket": "JV-0000-FAKE", "name": "In re a fictional child"}
    assert document["generated_at"] == "2026-12-02T17:00:00+00:00"
    assert document["bates"] == {"prefix": "P", "start": 1, "digits": 4}
    assert document["max_part_bytes"] == 5000
    assert document["redaction"] is False
    assert document["total_pages"] == 6
    assert document["exhibits"] == records
    files = {f["name"]: f for f in document["files"]}
    assert list(files) == ["part1.pdf", "part2.pdf", "manifest.csv"]
    assert files["manifest.csv"]["sha256"] == file_sha256(csv_path)  # the CSV as written, final
    assert files["manifest.csv"]["bytes"] == csv_path.stat().st_size
    assert files["manifest.csv"]["first_page"] is None
    assert files["part2.pdf"]["bates_last"] == "P0006"


def test_write_manifest_with_no_exhibits_or_outputs(tmp_path: Path) -> None:
    json_path, csv_path = tmp_path / "m.json", tmp_path / "m.csv"
    write_manifest(
        json_path, csv_path, case={}, options=BinderOptions("E"), generated_at=RECEIVED,
        records=[], outputs=[], total_pages=0,
    )  # fmt: skip
    assert csv_path.read_text("utf-8").strip() == ",".join(CSV_FIELDS)
    document = json.loads(json_path.read_text("utf-8"))
    assert document["exhibits"] == [] and document["total_pages"] == 0
    assert [f["name"] for f in document["files"]] == ["m.csv"]
