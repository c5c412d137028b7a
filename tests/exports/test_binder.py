"""The DEMO binder (plus a planted child), read back with pypdfium2: a different library from the writer."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pytest

from aseagi.exports.pipeline import build_binder
from aseagi.exports.privacy import Redactor
from aseagi.exports.render import STAMP_BAND
from aseagi.exports.schemas import BinderOptions, BinderResult
from tests.exports import planted
from tests.exports.conftest import DEMO_PERSONS, StoredCase

MAX_BYTES = 700_000
"""Small enough that the DEMO binder comes out in several parts."""
INDEX_LINE = re.compile(r"^(\d+)\s+(.+?)\s+(\d{4}-\d{2}-\d{2}|undated)\s+(\d+)\s*$")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(stored_case: StoredCase, tmp_path_factory: pytest.TempPathFactory) -> BinderResult:
    redactor = Redactor((*DEMO_PERSONS, planted.PLANTED))
    return build_binder(
        stored_case.sources,
        BinderOptions("DEMO", bates_start=1, max_bytes=MAX_BYTES),
        docket="DEMO",
        caption="In re Maya Whitfield",
        store=stored_case.store,
        out_dir=tmp_path_factory.mktemp("binder"),
        redactor=redactor,
    )


def pages_of(result: BinderResult) -> Iterator[tuple[int, str]]:
    """(binder page number, text) for every page of every part, in order."""
    number = 0
    for part in result.parts:
        document = pypdfium2.PdfDocument(str(part.path))
        for page in document:
            number += 1
            yield number, page.get_textpage().get_text_range()
        document.close()


def test_parts_are_under_the_limit_and_paginate_on(built: BinderResult) -> None:
    assert len(built.parts) > 1
    expected_first = 1
    for part in built.parts:
        assert part.path.stat().st_size == part.size <= MAX_BYTES
        document = pypdfium2.PdfDocument(str(part.path))
        assert part.first_page == expected_first
        assert part.last_page == expected_first + len(document) - 1
        expected_first += len(document)
        document.close()
    assert expected_first - 1 == built.total_pages


def test_every_page_has_its_page_number_and_bates_number(built: BinderResult) -> None:
    seen = 0
    for number, text in pages_of(built):
        assert f"DEMO{number:06d}" in text, number
        assert f"Page {number}" in text
        assert "CONFIDENTIAL - WIC 827" in text
        seen += 1
    assert seen == built.total_pages


def test_index_matches_bookmarks_and_tab_pages(built: BinderResult) -> None:
    texts = dict(pages_of(built))
    index: dict[str, int] = {}
    for _number, text in texts.items():
        if "EXHIBIT INDEX" in text:
            for line in text.splitlines():
                match = INDEX_LINE.match(line.strip())
                if match:
                    index[match.group(1)] = int(match.group(4))
    assert len(index) == len(built.exhibits)
    bookmarks: dict[str, int] = {}
    for part in built.parts:
        document = pypdfium2.PdfDocument(str(part.path))
        for item in document.get_toc():
            title = item.get_title()
            match = re.match(r"Exhibit (\w+) - ", title)
            if match and not title.endswith("(continued)"):
                assert match.group(1) not in bookmarks, "one bookmark per exhibit"
                bookmarks[match.group(1)] = (part.first_page or 0) + item.get_dest().get_index()
        document.close()
    assert set(bookmarks) == set(index)
    for label, tab_page in bookmarks.items():
        assert f"EXHIBIT {label}" in texts[tab_page]
        assert index[label] == tab_page + 1, "the index cites the exhibit's first page after its tab"


def test_manifest_hashes_match_the_originals_and_the_outputs(
    built: BinderResult, stored_case: StoredCase
) -> None:
    manifest = json.loads(built.manifest_json.read_text())
    by_id = {str(s.document_id): s for s in stored_case.sources}
    assert len(manifest["exhibits"]) == len(stored_case.sources)
    for exhibit in manifest["exhibits"]:
        original = stored_case.files[by_id[exhibit["document_id"]].file_name]
        assert exhibit["original_sha256"] == sha256(original)
        assert exhibit["bates_first"] == f"DEMO{exhibit['first_page']:06d}"
    files = {f["name"]: f for f in manifest["files"]}
    for output in [*built.parts, built.redaction_log, built.manifest_csv]:
        path = getattr(output, "path", output)
        assert files[path.name]["sha256"] == sha256(path)
        assert files[path.name]["bytes"] == path.stat().st_size
    rows = list(csv.DictReader(built.manifest_csv.open()))
    assert sum(r["record"] == "exhibit" for r in rows) == len(stored_case.sources)
    outputs = {r["output_file"]: r["output_sha256"] for r in rows if r["record"] == "output"}
    assert outputs == {p.path.name: sha256(p.path) for p in [*built.parts]} | {
        built.redaction_log.name: sha256(built.redaction_log)
    }


def all_export_text(result: BinderResult) -> str:
    chunks = [text for _, text in pages_of(result)]
    for part in result.parts:
        document = pypdfium2.PdfDocument(str(part.path))
        chunks += [str(v) for v in document.get_metadata_dict().values()]
        chunks += [item.get_title() for item in document.get_toc()]
        document.close()
    chunks += [p.read_text() for p in (result.manifest_json, result.manifest_csv, result.redaction_log)]
    return "\n".join(chunks)


def test_planted_name_dob_and_address_appear_nowhere_but_the_short_form_does(built: BinderResult) -> None:
    text = re.sub(r"\s+", " ", all_export_text(built))
    for secret in (planted.FULL_NAME, "Jordan Martinez", planted.DOB_TEXT, planted.ADDRESS, "Maya Whitfield"):
        assert secret.lower() not in text.lower(), secret
    assert "Eli Whitfield" not in text and "06/14/2022" not in text and "555-0147" not in text
    assert planted.SHORT_NAME in text
    assert "Maya W." in text
    log = json.loads(built.redaction_log.read_text())
    kinds = {(e["kind"], e["whose"]) for e in log["entries"]}
    assert {("name", "child"), ("dob", "child"), ("address", "child")} <= kinds


def test_stored_pdf_content_is_scaled_above_the_stamp_band(built: BinderResult) -> None:
    stamp_words = {"CONFIDENTIAL", "-", "WIC", "827", "Page"}
    checked = 0
    for part in built.parts:
        document = pypdfium2.PdfDocument(str(part.path))
        for page in document:
            width, _ = page.get_size()
            band = page.get_textpage().get_text_bounded(0, 0, width, STAMP_BAND - 4)
            words = {w for w in band.split() if not re.fullmatch(r"DEMO\d{6}|\d+", w)}
            assert words <= stamp_words, words
            checked += 1
        document.close()
    assert checked == built.total_pages


def test_redacted_pdf_page_keeps_no_original_text_operators(built: BinderResult) -> None:
    """The planted petition's first page is an image plus redacted invisible text, searchable still."""
    texts = dict(pages_of(built))
    page = next(n for n, t in texts.items() if "SUPPLEMENTAL REPORT" in t)
    assert planted.SHORT_NAME in texts[page]
    assert "[DOB redacted]" in texts[page]
    assert "Page two: nothing private here" in texts[page + 1], (
        "pages with nothing to redact stay as they were"
    )
