"""What stops an export: an original altered since ingestion, and a protected detail found after writing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aseagi.exports.evidence import CustodyBroken
from aseagi.exports.pipeline import build_binder
from aseagi.exports.privacy import Redactor
from aseagi.exports.schemas import BinderOptions
from aseagi.exports.verify import PrivacyLeak, require_clean
from aseagi.ingestion.storage import BlobStore
from tests.exports import planted
from tests.exports.conftest import store_files


def test_an_original_altered_in_the_store_stops_the_binder(tmp_path: Path) -> None:
    store = BlobStore(str(tmp_path / "blobs"))
    sources = store_files(store, [planted.write_email(tmp_path / "visit.eml")])
    stored = Path(store.path(sources[0].storage_key or ""))
    os.chmod(stored, 0o600)
    stored.write_bytes(stored.read_bytes().replace(b"visit", b"VISIT"))
    with pytest.raises(CustodyBroken, match="altered"):
        build_binder(
            sources,
            BinderOptions("T"),
            docket="T",
            caption="T",
            store=store,
            out_dir=tmp_path / "out",
            redactor=Redactor((planted.PLANTED,)),
        )
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_a_protected_detail_found_after_writing_deletes_the_files(tmp_path: Path) -> None:
    leaked = planted.write_petition_pdf(tmp_path / "leaked.pdf")
    log = tmp_path / "log.json"
    log.write_text('{"ok": true}')
    with pytest.raises(PrivacyLeak, match="could not be verified"):
        require_clean([leaked, log], Redactor((planted.PLANTED,)).forbidden_terms())
    assert not leaked.exists() and not log.exists()


def test_under_seal_nothing_is_replaced_and_the_full_name_stays(tmp_path: Path) -> None:
    store = BlobStore(str(tmp_path / "blobs"))
    sources = store_files(store, [planted.write_petition_pdf(tmp_path / "report.pdf")])
    result = build_binder(
        sources,
        BinderOptions("SEAL", redaction=False),
        docket="T",
        caption="T",
        store=store,
        out_dir=tmp_path / "out",
        redactor=Redactor((planted.PLANTED,), enabled=False),
    )
    import pypdfium2

    document = pypdfium2.PdfDocument(str(result.parts[0].path))
    text = " ".join(" ".join(page.get_textpage().get_text_range() for page in document).split())
    document.close()
    assert planted.FULL_NAME in text and "NOT REDACTED" in text
