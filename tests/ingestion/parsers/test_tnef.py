"""Outlook winmail.dat (TNEF): body text read, attachments become members, alone or inside an e-mail."""

from __future__ import annotations

import struct
from collections.abc import Callable
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest

from aseagi.ingestion.parsers.base import LimitExceeded, ParseContext, ParseError
from aseagi.ingestion.parsers.registry import parse_file

Winmail = Callable[[str, str, list[tuple[str, bytes]]], bytes]


@pytest.fixture
def minute_order(text_pdf: Callable[..., Path]) -> bytes:
    return text_pdf(
        [["MINUTE ORDER", "Case No. JD239697: the hearing is continued to April 2, 2024."]]
    ).read_bytes()


def test_winmail_dat_body_and_attachments(tmp_path: Path, minute_order: bytes, winmail: Winmail) -> None:
    path = tmp_path / "winmail.dat"
    path.write_bytes(
        winmail("Minute order", "Please find the order attached.", [("order.pdf", minute_order)])
    )
    document = parse_file(path, ParseContext(workdir=tmp_path / "work"))
    assert document.mime_type == "application/vnd.ms-tnef"
    assert document.title == "Minute order"
    assert document.document_date == date(2024, 3, 4)
    assert "Please find the order attached." in document.text
    assert [member.name for member in document.members] == ["order.pdf"]
    order = parse_file(document.members[0].path, ParseContext(workdir=tmp_path / "order"))
    assert "continued to April 2, 2024" in order.text


def test_winmail_dat_attached_to_an_email_reaches_its_attachments(
    tmp_path: Path, minute_order: bytes, winmail: Winmail
) -> None:
    message = EmailMessage()
    message["From"] = "Clerk <clerk@court.example>"
    message["To"] = "parent@example.org"
    message["Subject"] = "Minute order"
    message.set_content("")
    tnef = winmail("Minute order", "Order attached.", [("order.pdf", minute_order)])
    message.add_attachment(tnef, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    path = tmp_path / "notice.eml"
    path.write_bytes(message.as_bytes())
    email = parse_file(path, ParseContext(workdir=tmp_path / "email"))
    (attachment,) = email.members
    assert attachment.name == "winmail.dat"
    inner = parse_file(attachment.path, ParseContext(workdir=tmp_path / "tnef", depth=1))
    assert "Order attached." in inner.text
    order = parse_file(inner.members[0].path, ParseContext(workdir=tmp_path / "order", depth=2))
    assert "Case No. JD239697" in order.text


@pytest.mark.parametrize("cut", [7, 40, 120])
def test_a_truncated_winmail_dat_keeps_what_it_has(tmp_path: Path, cut: int, winmail: Winmail) -> None:
    path = tmp_path / "winmail.dat"
    path.write_bytes(winmail("Subject", "Body text", [("a.txt", b"attachment text")])[:cut])
    document = parse_file(path, ParseContext(workdir=tmp_path / "work"))
    assert document.mime_type == "application/vnd.ms-tnef"
    assert document.members == ()


def test_a_file_that_only_starts_like_tnef_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "winmail.dat"
    path.write_bytes(
        struct.pack("<IH", 0x223E9F78, 1) + struct.pack("<BHHI", 1, 0x8004, 7, 2**31) + b"x" * 40
    )
    with pytest.raises(ParseError, match=r"winmail\.dat \(TNEF\) file is damaged"):
        parse_file(path, ParseContext(workdir=tmp_path / "work"))


@pytest.mark.parametrize(
    ("name", "expected_text", "attachments"),
    [
        (
            "tnefparse__umlaut.tnef",
            "TEST äöü",
            ["TBZ PARIV GmbH.jpg", "image003.jpg", "UmlautAnhang-äüö.txt"],
        ),
        ("tnefparse__bad_checksum.tnef", "Mediterranean Delight", ["image001.png"]),
        (
            "tnefparse__duplicate_filename.tnef",
            "Saltstraumen",
            ["file_abcdefgh.txt"] * 2 + ["VIA_Nytt_14021.htm"],
        ),
        ("tnefparse__IPM-DistList.tnef", "Comcast allows only up to 100", ["Untitled Attachment"]),
        ("tnefparse__minimal_attachment.tnef", "", ["attachment-1"]),
    ],
)
def test_corpus_winmail_files(
    corpus: Path, tmp_path: Path, name: str, expected_text: str, attachments: list[str]
) -> None:
    document = parse_file(corpus / "email/tnef" / name, ParseContext(workdir=tmp_path / "work"))
    assert expected_text in document.text
    assert [member.name for member in document.members] == attachments
    assert all(member.path.stat().st_size == member.size > 0 for member in document.members)
    if name == "tnefparse__umlaut.tnef":
        assert document.members[2].path.read_bytes().decode("cp1252", "replace").strip()


def test_a_winmail_dat_of_many_tiny_parts_is_refused_before_reading(tmp_path: Path) -> None:
    """tnefparse's work grows with parts x size: 450,000 parts in 5 MB would hold a parser for minutes."""
    part = struct.pack("<BHHI", 1, 0x800D, 4, 2) + b"\x01\x00" + struct.pack("<H", 1)
    path = tmp_path / "winmail.dat"
    path.write_bytes(struct.pack("<IH", 0x223E9F78, 1) + part * 400_000)
    with pytest.raises(LimitExceeded, match="too many to read safely"):
        parse_file(path, ParseContext(workdir=tmp_path / "work"))
