"""The robustness corpus (PDFs, images, office files) through parse_file: a clean result or a clean error.

Every file runs in a separate worker process with a timeout, so a hang or a crash in a C library
(PDFium, libjpeg, libheif) shows up as a failure of that file instead of stopping the whole run.
OCR is off for the sweep (speed); the OCR tests below check expected strings on a few inputs.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import selectors
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aseagi.ingestion.parsers import Limits, ParseContext, parse_file

ROOT = Path(__file__).resolve().parents[3]
CORPUS_DIR = Path(os.environ.get("CORPUS_DIR") or ROOT.parent / "shared" / "corpus")
FOLDERS = ("pdf/", "pdf_malformed/", "images/", "office/")
SECONDS_PER_FILE = 60
CLEAN_ERRORS = {"ParseError", "EncryptedDocument", "UnsupportedFormat", "LimitExceeded"}

WORKER = """
import json, sys, tempfile, time
from pathlib import Path
from aseagi.ingestion.parsers import Limits, ParseContext, ParseError, UnsupportedFormat, parse_file

limits = Limits(ocr=sys.argv[1] == "ocr")
for line in sys.stdin:
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as work:
        try:
            document = parse_file(Path(line.rstrip("\\n")), ParseContext(workdir=Path(work), limits=limits))
            result = {"outcome": "ok", "pages": document.page_count, "chars": len(document.text)}
        except (ParseError, UnsupportedFormat) as exc:
            result = {"outcome": type(exc).__name__, "message": str(exc)}
        except BaseException as exc:
            result = {"outcome": "crash", "message": f"{type(exc).__name__}: {exc}"}
    result["seconds"] = round(time.monotonic() - start, 3)
    print(json.dumps(result), flush=True)
"""


def _manifest_rows() -> list[dict[str, str]]:
    manifest = CORPUS_DIR / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        row
        for row in rows
        if row["relpath"].startswith(FOLDERS)
        and "sidecar, not an input" not in row["note"]
        and not row["relpath"].startswith("office/rtf_expected/")
    ]


class IsolatedParser:
    """One long-lived worker process; a file that hangs or kills it is reported and the worker restarted."""

    def __init__(self, ocr: bool = False) -> None:
        self._ocr = ocr
        self._process: subprocess.Popen[str] | None = None

    def parse(self, path: Path) -> dict[str, Any]:
        process = self._process or self._start()
        assert process.stdin is not None
        assert process.stdout is not None
        process.stdin.write(f"{path}\n")
        process.stdin.flush()
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            ready = selector.select(timeout=SECONDS_PER_FILE)
        line = process.stdout.readline() if ready else ""
        if not line:
            outcome = "timeout" if not ready else "died"
            self.close()
            return {"outcome": outcome, "message": f"worker {outcome} on {path.name}"}
        result: dict[str, Any] = json.loads(line)
        return result

    def _start(self) -> subprocess.Popen[str]:
        self._process = subprocess.Popen(
            [sys.executable, "-c", WORKER, "ocr" if self._ocr else "no-ocr"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        return self._process

    def close(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None


@pytest.fixture(scope="module")
def isolated() -> Iterator[IsolatedParser]:
    parser = IsolatedParser()
    yield parser
    parser.close()


def _expected_outcomes(relpath: str) -> set[str]:
    """What each part of the corpus must give; anything else (crash, hang) always fails."""
    if relpath.startswith("pdf_malformed/"):
        return {"ok", *CLEAN_ERRORS}
    if relpath.startswith("pdf/encrypted/"):
        return {"EncryptedDocument", "ok"}  # a few open with an empty user password
    if relpath.endswith("DerivedPartNameFAIL.docx"):
        return {"ParseError"}  # the package lacks a part its relationships name
    if relpath.endswith("protected_agile.docx"):
        return {"EncryptedDocument"}
    if relpath.endswith(("PasswordProtected.doc", "binaryrc4.doc")):
        return {"EncryptedDocument"}
    if relpath.endswith(("word2.doc", "Bug51944.doc", "TestRobert_Flaherty.doc")):
        return {"UnsupportedFormat"}  # Word 2.0, fast-saved East Asian Word 95, an Excel file named .doc
    if "clusterfuzz" in relpath:
        return {"ok", *CLEAN_ERRORS}
    return {"ok"}


ROWS = _manifest_rows()


@pytest.mark.slow
@pytest.mark.parametrize("row", ROWS, ids=[row["relpath"] for row in ROWS])
def test_corpus_file_parses_or_fails_cleanly(
    row: dict[str, str], corpus: Path, isolated: IsolatedParser
) -> None:
    path = corpus / row["relpath"]
    data = path.read_bytes()
    assert len(data) == int(row["bytes"])
    assert hashlib.sha256(data).hexdigest() == row["sha256"]
    result = isolated.parse(path)
    assert result["outcome"] in _expected_outcomes(row["relpath"]), result


@pytest.mark.slow
def test_encrypted_corpus_pdfs_are_reported_as_encrypted(corpus: Path, isolated: IsolatedParser) -> None:
    encrypted = sorted((corpus / "pdf/encrypted").glob("*.pdf"))
    outcomes = [isolated.parse(path)["outcome"] for path in encrypted]
    assert outcomes.count("EncryptedDocument") >= len(encrypted) - 3, outcomes


PYTESSERACT_TEXT = (
    "This is a lot of 12 point text to test the ocr code and see if it works on all types of file format."
)
OCR_EXPECTATIONS = [
    ("images/pytesseract/test.png", PYTESSERACT_TEXT),
    ("images/pytesseract/test.jpeg2000", PYTESSERACT_TEXT),
    ("images/pytesseract/test.pgm", PYTESSERACT_TEXT),
    ("images/paperless/simple.gif", "This is a test document."),
    ("images/paperless/simple-alpha.png", "This is a test document."),
    ("images/paperless/simple.tiff", "This is a test document."),
    ("images/ingest_file/hello_world_tiff.tif", "HELLO WORLD"),
    ("images/ingest_file/regression_gif.gif", "This is text inside a GIF image"),
    ("images/ingest_file/regression_webp.webp", "Debian -- Packages"),
    ("images/ingest_file/regression_openjpeg.jp2", "Debian -- Packages"),
    ("pdf/paperless/simple-digital.pdf", "This is a test document."),
    ("pdf/ingest_file/readme.pdf", "Ingestors extract useful information"),
]


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.ocr
@pytest.mark.parametrize(
    ("relpath", "expected"), OCR_EXPECTATIONS, ids=[item[0] for item in OCR_EXPECTATIONS]
)
def test_expected_text_from_corpus(corpus: Path, relpath: str, expected: str, tmp_path: Path) -> None:
    document = parse_file(corpus / relpath, ParseContext(workdir=tmp_path))
    assert expected in _words(document.text)


@pytest.mark.ocr
@pytest.mark.parametrize(
    "relpath", ["images/paperless/multi-page-images.tiff", "pdf/paperless/multi-page-images.pdf"]
)
def test_scanned_pages_keep_their_order(corpus: Path, relpath: str, tmp_path: Path) -> None:
    document = parse_file(corpus / relpath, ParseContext(workdir=tmp_path, limits=Limits()))
    assert [_words(page.text) for page in document.pages] == [
        f"This is a multi page document. Page {number}." for number in (1, 2, 3)
    ]
    assert all(page.ocr for page in document.pages)


@pytest.mark.ocr
def test_pages_scanned_at_every_orientation_are_read_upright(corpus: Path, tmp_path: Path) -> None:
    """OCRmyPDF's cardinal.pdf: one page turned 0, 90, 180 and 270 degrees."""
    document = parse_file(corpus / "pdf/scanned/ocrmypdf__cardinal.pdf", ParseContext(workdir=tmp_path))
    assert len(document.pages) == 4
    for page in document.pages:
        assert "32 Track MIDI Sequence Recorder" in _words(page.text), page.text[:200]
