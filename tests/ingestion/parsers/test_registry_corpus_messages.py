"""The message formats of the public robustness corpus, through detection: each parses or fails cleanly.

Driven by MANIFEST.tsv (sidecars skipped), with the expectations the source projects publish: chat-miner's
target.json, ingest-file's subjects and bodies, CPython's defect classes, the SMS truncation notes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from aseagi.ingestion.parsers.base import ParseContext, ParsedDocument, ParseError
from aseagi.ingestion.parsers.msg import OutlookMsgParser
from aseagi.ingestion.parsers.registry import parse_file
from aseagi.ingestion.parsers.whatsapp import WhatsAppParser

from .conftest import CORPUS_DIR

FOLDERS = ("email/", "msg/", "sms/", "chat/")


def _rows() -> list[dict[str, str]]:
    manifest = CORPUS_DIR / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [r for r in rows if r["relpath"].startswith(FOLDERS) and "sidecar" not in r["note"]]


def _parse(corpus: Path, relpath: str, tmp_path: Path) -> ParsedDocument:
    """Through detection, as the pipeline reads them: the parser is chosen by the bytes."""
    return parse_file(corpus / relpath, ParseContext(workdir=tmp_path / "work"))


@pytest.mark.parametrize("row", _rows(), ids=lambda row: row["relpath"])
def test_every_file_parses_or_fails_cleanly(corpus: Path, tmp_path: Path, row: dict[str, str]) -> None:
    data = (corpus / row["relpath"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == row["sha256"]
    try:
        doc = _parse(corpus, row["relpath"], tmp_path)
    except ParseError:
        return  # never UnsupportedFormat: every message format here (winmail.dat too) has a parser
    work = (tmp_path / "work").resolve()
    for member in doc.members:
        assert member.path.resolve().parent == work
    for page in doc.pages:
        assert page.number >= 1
    defects = re.findall(r"defects: ([A-Za-z,]+)", row["note"])
    if row["relpath"].startswith("email/cpython/") and defects and doc.mime_type == "message/rfc822":
        warned = " ".join(doc.warnings)
        assert any(name in warned for name in defects[0].split(","))


def test_whatsapp_matches_chat_miner_target(corpus: Path, tmp_path: Path) -> None:
    folder = corpus / "chat" / "whatsapp"
    target = json.loads((folder / "chat-miner__target.json").read_text(encoding="utf-8"))
    expected = sorted((datetime.fromisoformat(t["timestamp"]), t["author"], t["message"]) for t in target)
    inputs = sorted(folder.glob("chat-miner__test*.txt"))
    assert len(inputs) == 5
    for path in inputs:
        doc = WhatsAppParser().parse(path, ParseContext(workdir=tmp_path / path.stem))
        got = sorted(
            (m.sent_at, m.sender, " ".join(m.content.split())) for m in doc.messages if m.sender is not None
        )
        assert got == expected, path.name


def test_old_whatsapp_format(corpus: Path, tmp_path: Path) -> None:
    doc = _parse(corpus, "chat/whatsapp/nmoya__testChat2.txt", tmp_path)
    assert len(doc.messages) == 9
    assert doc.messages[0].sent_at == datetime(2012, 12, 9, 17, 2, 35)
    assert doc.messages[1].content == "response Time with media <media omitted>"


@pytest.mark.parametrize(
    ("relpath", "subject", "body"),
    [
        ("email/ingest_file/testThunderbirdEml.eml", "JUnit test message", "Dear Vladimir"),
        ("email/ingest_file/email_base64.eml", None, "Base64 email payload"),
        ("email/ingest_file/plaintext.emlx", "Re: Emlx library", "welcome"),
        ("email/ingest_file/richtext.emlx", "Re: Emlx library", None),
        ("msg/ingest_file__piste.msg", "Ab auf die Piste!", None),
        ("msg/ingest_file__fnf.msg", "Innovationskongress", None),
        ("msg/msgreader/RtfSampleEmail.msg", "RtfSampleEmail", "Genoa and Lucca"),
        ("msg/msgreader/HtmlSampleEmail.msg", "HtmlSampleEmail", "Genoa and Lucca"),
    ],
)
def test_published_expectations(
    corpus: Path, tmp_path: Path, relpath: str, subject: str | None, body: str | None
) -> None:
    (message,) = _parse(corpus, relpath, tmp_path).messages
    if subject:
        assert subject in (message.subject or "")
    if body:
        assert body in message.content


def test_nested_msg_is_saved_as_msg(corpus: Path, tmp_path: Path) -> None:
    doc = _parse(corpus, "msg/msgreader/EmailWithInnerMailAndAttachments.msg", tmp_path)
    inner = [m for m in doc.members if m.path.suffix == ".msg"]
    assert len(inner) == 1
    nested = OutlookMsgParser().parse(inner[0].path, ParseContext(workdir=tmp_path / "inner"))
    assert nested.messages[0].channel == "email"


def test_corrupt_ole_fails_cleanly(corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(ParseError):
        _parse(corpus, "msg/poi__unknown_properties.msg", tmp_path)


def test_a_from_body_line_is_not_a_separator(corpus: Path, tmp_path: Path) -> None:
    assert len(_parse(corpus, "email/mbox/cpython__mailbox_01.mbox", tmp_path).members) == 1


def test_sms_truncated_and_damaged(corpus: Path, tmp_path: Path) -> None:
    truncated = _parse(corpus, "sms/sms-backup-reader-2__sms_and_mms.xml", tmp_path / "a")
    assert len(truncated.messages) > 40
    assert truncated.warnings
    with pytest.raises(ParseError):
        _parse(corpus, "sms/shruggietech__malformed.xml", tmp_path / "b")
    corrupt = _parse(corpus, "sms/sms-backup-reader-2__corrupt_attachments.xml", tmp_path / "c")
    assert len(corrupt.messages) == 2
    assert any("base64" in warning for warning in corrupt.warnings)
    assert _parse(corpus, "sms/sms-backup-reader-2__empty.xml", tmp_path / "d").messages == ()
    calls = _parse(corpus, "sms/shruggietech__minimal_calls.xml", tmp_path / "e").messages
    assert [(c.channel, c.duration_seconds, c.call_type) for c in calls] == [("call", 125, "incoming")]
