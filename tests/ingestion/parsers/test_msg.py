"""OutlookMsgParser on inputs a test can build: non-OLE fallbacks, damaged OLE, built messages."""

from __future__ import annotations

import struct
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import compressed_rtf
import pytest

from aseagi.ingestion.parsers.base import Limits, ParseContext, ParseError
from aseagi.ingestion.parsers.compound_file import Storage, Stream, compound_file
from aseagi.ingestion.parsers.msg import OutlookMsgParser

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMESSAGE = bytes.fromhex("0B0D020000000000C000000000000046")


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


# Messages built here with the same compound-file writer the parser uses for embedded messages; olefile
# reading them back is checked in test_compound_file.py.

FILETIME_2024_03_04_17_00 = (
    (datetime(2024, 3, 4, 17, 0, tzinfo=UTC) - datetime(1601, 1, 1, tzinfo=UTC))
    // timedelta(microseconds=1)
    * 10
)


def _properties(header: int, fixed: dict[int, tuple[int, int]]) -> Stream:
    """A ``__properties_version1.0`` stream: ``header`` reserved bytes, then (id -> (type, value)) entries."""
    entries = b"".join(
        struct.pack("<IIQ", (pid << 16) | kind, 6, value) for pid, (kind, value) in fixed.items()
    )
    return Stream("__properties_version1.0", bytes(header) + entries)


def _unicode(pid: int, text: str) -> Stream:
    return Stream(f"__substg1.0_{pid:04X}001F", text.encode("utf-16-le"))


def _binary(pid: int, data: bytes) -> Stream:
    return Stream(f"__substg1.0_{pid:04X}0102", data)


def _attachment(index: int, entries: list[Storage | Stream], method: int = 1) -> Storage:
    fixed = _properties(8, {0x3705: (0x0003, method)})
    return Storage(f"__attach_version1.0_#{index:08X}", entries=[fixed, *entries])


def _recipient(index: int, kind: int, name: str, address: str) -> Storage:
    entries: list[Storage | Stream] = [
        _properties(8, {0x0C15: (0x0003, kind)}),
        _unicode(0x3001, name),
        _unicode(0x39FE, address),
    ]
    return Storage(f"__recip_version1.0_#{index:08X}", entries=entries)


def _court_notice(*extra: Storage | Stream, flags: int = 1, header: int = 32) -> list[Storage | Stream]:
    """A received message: its subject PT_STRING8 in Windows-1251, its only body compressed RTF."""
    fixed = {0x0039: (0x0040, FILETIME_2024_03_04_17_00), 0x0E07: (0x0003, flags), 0x3FFD: (0x0003, 1251)}
    return [
        _properties(header, fixed),
        Stream("__substg1.0_0037001E", "Постановление суда: минутный ордер\x00".encode("cp1251")),
        _unicode(0x0C1A, "Clerk of Court"),
        _unicode(0x5D01, "clerk@court.example"),
        _binary(
            0x1009, compressed_rtf.compress(b"{\\rtf1\\ansi The hearing is set for March 18, 2024.\\par}")
        ),
        _recipient(0, 1, "Parent Attorney", "atty@law.example"),
        _recipient(1, 2, "Social Worker", "sw@county.example"),
        _recipient(2, 3, "Hidden Copy", "bcc@county.example"),
        *extra,
    ]


def _write(path: Path, entries: list[Storage | Stream]) -> Path:
    path.write_bytes(compound_file(Storage("Root Entry", clsid=IMESSAGE, entries=entries)))
    return path


def test_built_message_properties(tmp_path: Path) -> None:
    pdf = b"%PDF-1.4 minute order " * 400
    pixel = b"\x89PNG\r\n\x1a\n" + bytes(100)
    attachments = [
        _attachment(0, [_unicode(0x3707, "Minute Order.pdf"), _binary(0x3701, pdf)]),
        _attachment(1, [_unicode(0x3704, "logo.png"), _unicode(0x3712, "logo@x"), _binary(0x3701, pixel)]),
        _attachment(2, [_unicode(0x3707, "link.url")], method=4),
    ]
    path = _write(tmp_path / "notice.msg", _court_notice(*attachments))
    doc = OutlookMsgParser().parse(path, ParseContext(workdir=tmp_path / "work"))
    (message,) = doc.messages
    assert message.subject == "Постановление суда: минутный ордер"
    assert message.sender == "Clerk of Court <clerk@court.example>"
    assert message.recipients == ("Parent Attorney <atty@law.example>", "Social Worker <sw@county.example>")
    assert message.sent_at == datetime(2024, 3, 4, 17, 0, tzinfo=UTC)
    assert message.content == "The hearing is set for March 18, 2024."
    assert doc.document_date == date(2024, 3, 4)
    assert [(m.name, m.path.suffix, m.path.read_bytes()) for m in doc.members] == [
        ("Minute Order.pdf", ".pdf", pdf)
    ]
    assert any("'link.url' has no content" in warning for warning in doc.warnings)
    assert doc.pages[0].text.startswith("From: Clerk of Court <clerk@court.example>\nTo: Parent Attorney")


def test_transport_headers_win_over_properties(tmp_path: Path) -> None:
    headers = (
        "Microsoft Mail Internet Headers Version 2.0\r\n"
        "From: =?utf-8?q?Cl=C3=A9rk?= <clerk@court.example>\r\n"
        "To: a@law.example,\r\n b@law.example\r\nMessage-ID:\r\n <id-1@court.example>\r\n\r\n"
    )
    path = _write(tmp_path / "notice.msg", _court_notice(_unicode(0x007D, headers)))
    doc = OutlookMsgParser().parse(path, ParseContext(workdir=tmp_path / "work"))
    assert doc.messages[0].sender == "Clérk <clerk@court.example>"
    assert doc.messages[0].recipients == (
        "a@law.example",
        "b@law.example",
        "Social Worker <sw@county.example>",
    )
    assert doc.metadata["message_id"] == doc.messages[0].thread == "<id-1@court.example>"


def test_an_unsent_draft_has_no_date(tmp_path: Path) -> None:
    path = _write(tmp_path / "draft.msg", _court_notice(flags=1 | 8))
    doc = OutlookMsgParser().parse(path, ParseContext(workdir=tmp_path / "work"))
    assert doc.messages[0].sent_at is None
    assert doc.document_date is None


def test_embedded_message_is_saved_within_the_depth_limit(tmp_path: Path) -> None:
    inner = Storage("__substg1.0_3701000D", clsid=IMESSAGE, entries=_court_notice(header=24))
    outer = [
        _properties(32, {}),
        _unicode(0x0037, "FW: notice"),
        _attachment(0, [_unicode(0x3001, "notice"), inner], 5),
    ]
    path = _write(tmp_path / "forward.msg", outer)

    doc = OutlookMsgParser().parse(path, ParseContext(workdir=tmp_path / "work"))
    (member,) = doc.members
    assert (member.name, member.path.suffix) == ("notice.msg", ".msg")
    nested = OutlookMsgParser().parse(member.path, ParseContext(workdir=tmp_path / "nested", depth=1))
    assert nested.messages[0].subject == "Постановление суда: минутный ордер"
    assert nested.messages[0].sent_at == datetime(2024, 3, 4, 17, 0, tzinfo=UTC)

    deep = ParseContext(workdir=tmp_path / "deep", depth=Limits().max_archive_depth)
    refused = OutlookMsgParser().parse(path, deep)
    assert refused.members == ()
    assert any("nested 3 levels deep" in warning for warning in refused.warnings)


def test_attachments_beyond_the_size_limit_are_skipped(tmp_path: Path) -> None:
    recording = _attachment(0, [_unicode(0x3707, "recording.wav"), _binary(0x3701, bytes(20_000))])
    exhibits = [
        _attachment(n, [_unicode(0x3707, f"exhibit {n}.txt"), _binary(0x3701, bytes([n]) * 4_000)])
        for n in (1, 2, 3)
    ]
    path = _write(tmp_path / "notice.msg", _court_notice(recording, *exhibits))
    context = ParseContext(workdir=tmp_path / "work", limits=Limits(max_expanded_bytes=10_000))
    doc = OutlookMsgParser().parse(path, context)
    assert [member.name for member in doc.members] == ["exhibit 1.txt", "exhibit 2.txt"]
    assert any(w.startswith("attachment 'recording.wav' unreadable (LimitExceeded") for w in doc.warnings)
    assert "attachment 'exhibit 3.txt' skipped: the attachments exceed 10000 bytes" in doc.warnings
    assert doc.messages[0].content == "The hearing is set for March 18, 2024."


def test_a_damaged_property_is_a_warning_not_a_lost_message(tmp_path: Path) -> None:
    bad_rtf = _binary(0x1009, b"\x15\x00\x00\x00\x0a\x00\x00\x00LZFu\x00\x00\x00\x00garbage")
    entries = [entry for entry in _court_notice() if getattr(entry, "name", "") != "__substg1.0_10090102"]
    path = _write(tmp_path / "notice.msg", [*entries, bad_rtf])
    doc = OutlookMsgParser().parse(path, ParseContext(workdir=tmp_path / "work"))
    assert doc.messages[0].subject == "Постановление суда: минутный ордер"
    assert doc.messages[0].content == ""
    assert any(warning.startswith("RTF body unreadable") for warning in doc.warnings)
