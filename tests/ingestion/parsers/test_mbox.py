"""MboxParser: one .eml member per message, an index page, limits checked before writing."""

from __future__ import annotations

from pathlib import Path

import pytest

from aseagi.ingestion.parsers.base import LimitExceeded, Limits, ParseContext, ParseError
from aseagi.ingestion.parsers.email import EmailParser
from aseagi.ingestion.parsers.mbox import MboxParser
from aseagi.ingestion.parsers.registry import parse_file

MBOX = b"""From worker@county.example Sat Mar  2 14:05:00 2024
From: Social Worker <worker@county.example>
To: parent@example.org
Subject: Visit on Tuesday
Date: Sat, 02 Mar 2024 14:05:00 -0800

Your visit is confirmed.

From time to time visits may move.

From clerk@court.example Mon Mar  4 09:00:00 2024
From: Clerk <clerk@court.example>
Subject: =?utf-8?q?Audiencia_=E2=80=94_J24-00478?=
Date: Mon, 04 Mar 2024 09:00:00 -0800

Hearing notice.

From - Tue Mar  5 10:00:00 2024
From: counsel@example.org
Subject: No date here

Third message.
"""


def test_three_messages_become_members(tmp_path: Path) -> None:
    path = tmp_path / "box.mbox"
    path.write_bytes(MBOX)
    doc = MboxParser().parse(path, ParseContext(workdir=tmp_path / "work"))
    assert [member.name for member in doc.members] == [
        "message-000001.eml",
        "message-000002.eml",
        "message-000003.eml",
    ]
    assert doc.messages == ()
    index = doc.pages[0].text.splitlines()
    assert index[1].endswith("2024-03-02 14:05  Social Worker <worker@county.example>  Visit on Tuesday")
    assert "Audiencia — J24-00478" in index[2]
    assert "(no date)" in index[3]

    first = EmailParser().parse(doc.members[0].path, ParseContext(workdir=tmp_path / "m1"))
    assert "From time to time visits may move." in first.messages[0].content
    third = EmailParser().parse(doc.members[2].path, ParseContext(workdir=tmp_path / "m3"))
    assert third.messages[0].content == "Third message."
    for member in doc.members:
        assert member.path.parent == tmp_path / "work"
        assert not member.path.read_bytes().startswith(b"From ")


def test_member_limit_is_checked_before_writing(tmp_path: Path) -> None:
    path = tmp_path / "box.mbox"
    path.write_bytes(MBOX)
    work = tmp_path / "work"
    with pytest.raises(LimitExceeded):
        MboxParser().parse(path, ParseContext(workdir=work, limits=Limits(max_archive_members=2)))
    assert not work.exists() or not any(work.iterdir())


def test_not_an_mbox(tmp_path: Path) -> None:
    path = tmp_path / "x.mbox"
    path.write_bytes(b"Subject: hello\n\nbody\n")
    with pytest.raises(ParseError):
        MboxParser().parse(path, ParseContext(workdir=tmp_path / "work"))


def test_empty_mbox(tmp_path: Path) -> None:
    path = tmp_path / "x.mbox"
    path.write_bytes(b"")
    doc = MboxParser().parse(path, ParseContext(workdir=tmp_path / "work"))
    assert doc.members == ()


THUNDERBIRD = (
    b"\xef\xbb\xbfFrom - Fri Aug 23 10:11:12 2019\r\n"
    b"X-Mozilla-Status: 0001\r\nX-Mozilla-Status2: 00000000\r\n"
    b"From: Social Worker <worker@county.example>\r\nSubject: Visit\r\n"
    b"Date: Fri, 23 Aug 2019 10:11:12 -0700\r\n"
    b"\r\nThe visit moves to Friday.\r\n\r\n"
    b"From - Sat Aug 24 08:00:00 2019\r\n"
    b"X-Mozilla-Status: 0001\r\nFrom: clerk@court.example\r\nSubject: Minute order\r\n\r\nAttached.\r\n"
)

UNDATED = b"""From worker@county.example
From: worker@county.example
Subject: First

From time to time visits move.
From here on, Tuesdays.

From clerk@court.example
Return-Path: <clerk@court.example>
Subject: Second

Hearing notice.
"""


@pytest.mark.parametrize(
    ("content", "subjects"),
    [(THUNDERBIRD, ["Visit", "Minute order"]), (UNDATED, ["First", "Second"])],
    ids=["thunderbird-from-dash-with-bom", "envelopes-without-dates"],
)
def test_mozilla_and_undated_separators(tmp_path: Path, content: bytes, subjects: list[str]) -> None:
    path = tmp_path / "Inbox"
    path.write_bytes(content)
    document = parse_file(path, ParseContext(workdir=tmp_path / "work"))
    assert document.mime_type == "application/mbox"
    assert [_subject(member.path, tmp_path / member.name) for member in document.members] == subjects
    first = EmailParser().parse(document.members[0].path, ParseContext(workdir=tmp_path / "first"))
    assert not first.warnings
    if content is UNDATED:
        assert first.messages[0].content == "From time to time visits move.\nFrom here on, Tuesdays."


def test_a_single_message_with_an_envelope_line_is_one_email(tmp_path: Path) -> None:
    one = MBOX.split(b"\n", 1)[1].split(b"\n\nFrom clerk")[0]
    for name, envelope in (("saved.eml", b"From someone@host\n"), ("saved", b"From someone@host\n"),
                           ("saved.txt", b"\xef\xbb\xbfFrom - Fri Aug 23 10:11:12 2019\n")):  # fmt: skip
        path = tmp_path / name
        path.write_bytes(envelope + one)
        document = parse_file(path, ParseContext(workdir=tmp_path / f"work-{name}"))
        assert document.mime_type == "message/rfc822"
        assert document.messages[0].subject == "Visit on Tuesday"
        assert "From time to time visits may move." in document.messages[0].content
        assert not document.warnings


def test_corpus_mailboxes(corpus: Path, tmp_path: Path) -> None:
    plan = parse_file(corpus / "email/mbox/ingest_file__plan.mbox", ParseContext(workdir=tmp_path / "plan"))
    assert len(plan.members) == 1
    unquoted = corpus / "email/mbox/cpython__mailbox_01.mbox"
    document = parse_file(unquoted, ParseContext(workdir=tmp_path / "unquoted"))
    assert len(document.members) == 1
    message = EmailParser().parse(document.members[0].path, ParseContext(workdir=tmp_path / "one"))
    assert "From time to time" in message.messages[0].content


def _subject(path: Path, workdir: Path) -> str | None:
    return EmailParser().parse(path, ParseContext(workdir=workdir)).messages[0].subject
