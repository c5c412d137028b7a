"""OutlookMsgParser on inputs a test can build: non-OLE fallbacks, damaged OLE. Real .msg: corpus tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from aseagi.ingestion.parsers.base import ParseContext, ParseError
from aseagi.ingestion.parsers.msg import OutlookMsgParser

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_rfc822_text_named_msg_is_read_as_email(tmp_path: Path) -> None:
    path = tmp_path / "notice.msg"
    path.write_bytes(
        b"From: clerk@court.example\nSubject: Minute order\nDate: Mon, 4 Mar 2024 09:00 -0800\n\nOK\n"
    )
    doc = OutlookMsgParser().parse(path, ParseContext(workdir=tmp_path / "work"))
    assert doc.messages[0].subject == "Minute order"
    assert doc.messages[0].content == "OK"
    assert any("not an Outlook" in warning for warning in doc.warnings)


@pytest.mark.parametrize(
    "content",
    [OLE_MAGIC + b"\x00" * 600, OLE_MAGIC, b"just some words, no headers", b""],
    ids=["truncated-ole", "magic-only", "plain-text", "empty"],
)
def test_damaged_or_foreign_files_fail_cleanly(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.msg"
    path.write_bytes(content)
    with pytest.raises(ParseError):
        OutlookMsgParser().parse(path, ParseContext(workdir=tmp_path / "work"))
