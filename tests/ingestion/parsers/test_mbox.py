"""MboxParser: one .eml member per message, an index page, limits checked before writing."""

from __future__ import annotations

from pathlib import Path

import pytest

from aseagi.ingestion.parsers.base import LimitExceeded, Limits, ParseContext, ParseError
from aseagi.ingestion.parsers.email import EmailParser
from aseagi.ingestion.parsers.mbox import MboxParser

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
