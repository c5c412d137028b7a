from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from aseagi.demo import generate_case
from aseagi.demo import story as s
from aseagi.exports.privacy import ProtectedPerson
from aseagi.exports.schemas import ExhibitSource
from aseagi.ingestion.parsers import detect_type
from aseagi.ingestion.storage import BlobStore
from tests.exports import planted

DEMO_PERSONS = (
    ProtectedPerson(s.CHILD, "child", s.CHILD_DOB),
    ProtectedPerson(s.SIBLING, "sibling", s.SIBLING_DOB, case_numbers=("J24-00478",)),
    ProtectedPerson(s.MOTHER, "relative", phone=s.MOTHER_PHONE),
)


@dataclass(frozen=True)
class StoredCase:
    """DEMO's files plus the planted ones, stored in a blob store, as exhibit sources."""

    store: BlobStore
    files: dict[str, Path]
    sources: list[ExhibitSource]


def _date_of(name: str) -> date | None:
    try:
        return date.fromisoformat(name[:10])
    except ValueError:
        return None


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    generate_case(folder / "DEMO", truth_file=folder / "truth.json")
    planted.write_petition_pdf(folder / "DEMO" / "2025-03-01_supplemental_report.pdf")
    planted.write_email(folder / "DEMO" / "2025-03-04_visit_email.eml")
    return folder / "DEMO"


def store_files(store: BlobStore, files: list[Path]) -> list[ExhibitSource]:
    sources = []
    for path in files:
        blob = store.put_file(path)
        sources.append(
            ExhibitSource(
                document_id=uuid.uuid4(),
                file_name=path.name,
                sha256=blob.sha256,
                storage_key=blob.key,
                mime_type=detect_type(path),
                document_date=_date_of(path.name),
                title=None,
                document_type=None,
                received_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
            )
        )
    return sources


@pytest.fixture(scope="module")
def stored_case(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoredCase]:
    store = BlobStore(str(tmp_path_factory.mktemp("blobs")))
    files = sorted(demo_folder.iterdir())
    return StoredCase(store, {p.name: p for p in files}, store_files(store, files))
