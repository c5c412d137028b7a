"""EmailParser on messages built here with the stdlib: headers, bodies, attachments, defects, .emlx."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

import pytest

from aseagi.ingestion.parsers.base import ParseContext, ParseError
from aseagi.ingestion.parsers.email import EmailParser

PDF_BYTES = b"%PDF-1.4\n" + b"0" * 5000 + b"\n%%EOF\n"


def _context(tmp_path: Path) -> ParseContext:
    return ParseContext(workdir=tmp_path / "work")


def _write(tmp_path: Path, message: EmailMessage | bytes, name: str = "mail.eml") -> Path:
    path = tmp_path / name
    path.write_bytes(message if isinstance(message, bytes) else message.as_bytes())
    return path


def _notice() -> EmailMessage:
    inner = EmailMessage()
    inner["From"] = "Social Worker <worker@county.example>"
    inner["To"] = "parent@example.org"
    inner["Subject"] = "Visit schedule"
    inner["Date"] = "Mon, 04 Mar 2024 09:00:00 -0800"
    inner.set_content("Visits are on Tuesdays.")

    outer = EmailMessage()
    outer["From"] = "=?utf-8?q?Mar=C3=ADa_Pe=C3=B1a?= <maria@example.org>"
    outer["To"] = "Counsel <counsel@example.org>, clerk@court.example"
    outer["Cc"] = "José Álvarez <jose@example.org>"
    outer["Subject"] = "Notice of hearing — J24-00478 ✓"
    outer["Date"] = "Sat, 02 Mar 2024 14:05:00 -0800"
    outer["Message-ID"] = "<b2@example.org>"
    outer["In-Reply-To"] = "<b1@example.org>"
    outer["References"] = "<root@example.org> <b1@example.org>"
    outer.set_content("I was never notified of the hearing on March 1.\nPlease see attached.")
    outer.add_attachment(PDF_BYTES, maintype="application", subtype="pdf", filename="../../etc/passwd.pdf")
    outer.add_attachment(inner)
    return outer


def test_headers_body_and_attachments(tmp_path: Path) -> None:
    doc = EmailParser().parse(_write(tmp_path, _notice()), _context(tmp_path))
    (message,) = doc.messages
    assert message.channel == "email"
    assert message.sender == "María Peña <maria@example.org>"
    assert message.recipients == (
        "Counsel <counsel@example.org>",
        "clerk@court.example",
        "José Álvarez <jose@example.org>",
    )
    assert message.sent_at == datetime(2024, 3, 2, 14, 5, tzinfo=timezone(timedelta(hours=-8)))
    assert message.subject == "Notice of hearing — J24-00478 ✓"
    assert message.thread == "<root@example.org>"
    assert "never notified" in message.content
    assert doc.document_date == date(2024, 3, 2)
    assert doc.title == message.subject

    page = doc.pages[0].text
    assert page.startswith("From: María Peña <maria@example.org>\nTo: Counsel")
    assert "Date: Sat, 02 Mar 2024 14:05:00 -0800" in page
    quote = "I was never notified of the hearing on March 1."
    start = page.index(quote)
    assert page[start : start + len(quote)] == quote

    names = [member.name for member in doc.members]
    assert names == ["../../etc/passwd.pdf", "attached-message.eml"]
    workdir = (tmp_path / "work").resolve()
    for member in doc.members:
        assert member.path.resolve().parent == workdir
        assert member.size == member.path.stat().st_size
    assert doc.members[0].path.read_bytes() == PDF_BYTES
    assert doc.members[0].path.suffix == ".pdf"
    assert not (tmp_path / "etc").exists()


def test_nested_message_member_is_an_email_itself(tmp_path: Path) -> None:
    doc = EmailParser().parse(_write(tmp_path, _notice()), _context(tmp_path))
    nested = EmailParser().parse(doc.members[1].path, ParseContext(workdir=tmp_path / "nested"))
    assert nested.messages[0].subject == "Visit schedule"
    assert nested.messages[0].content.strip() == "Visits are on Tuesdays."
    assert "Tuesdays" not in doc.messages[0].content


def test_missing_or_bad_date_gives_no_date_never_now(tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"] = "a@example.org"
    message["Subject"] = "no date"
    message.set_content("body")
    doc = EmailParser().parse(_write(tmp_path, message), _context(tmp_path))
    assert doc.messages[0].sent_at is None
    assert doc.document_date is None

    raw = b"From: a@example.org\nDate: the day after the hearing\nSubject: x\n\nbody\n"
    doc = EmailParser().parse(_write(tmp_path, raw, "bad.eml"), _context(tmp_path))
    assert doc.messages[0].sent_at is None
    assert any("Date" in warning for warning in doc.warnings)


def test_unknown_zone_date_is_utc(tmp_path: Path) -> None:
    raw = b"From: a@example.org\nDate: Tue, 05 Mar 2024 10:00:00 -0000\n\nbody\n"
    doc = EmailParser().parse(_write(tmp_path, raw), _context(tmp_path))
    assert doc.messages[0].sent_at == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)


def test_html_only_body_becomes_text(tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"] = "a@example.org"
    message["Subject"] = "html"
    message.set_content(
        "<html><head><style>p{color:red}</style></head><body><p>Hearing moved to "
        "<b>March&nbsp;9</b>.</p><script>alert(1)</script></body></html>",
        subtype="html",
    )
    doc = EmailParser().parse(_write(tmp_path, message), _context(tmp_path))
    content = doc.messages[0].content
    assert "March\u00a09" in content or "March 9" in content
    assert "<b>" not in content
    assert "color:red" not in content
    assert "alert" not in content


def test_alternative_prefers_plain_text(tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"] = "a@example.org"
    message.set_content("plain version")
    message.add_alternative("<p>html version</p>", subtype="html")
    doc = EmailParser().parse(_write(tmp_path, message), _context(tmp_path))
    assert doc.messages[0].content == "plain version"


def test_defects_become_warnings(tmp_path: Path) -> None:
    raw = (
        b"From: a@example.org\nSubject: broken\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="XYZ"\n\n'
        b"no boundary ever starts here\n"
    )
    doc = EmailParser().parse(_write(tmp_path, raw), _context(tmp_path))
    assert any("StartBoundaryNotFoundDefect" in warning for warning in doc.warnings)
    assert doc.messages[0].subject == "broken"


def test_bad_charset_and_raw_8bit_headers(tmp_path: Path) -> None:
    raw = (
        "From: Müller <m@example.org>\nSubject: Grüße\n"
        "Content-Type: text/plain; charset=x-unknown-charset\n\nÄrger über die Anhörung\n"
    ).encode()
    doc = EmailParser().parse(_write(tmp_path, raw), _context(tmp_path))
    assert doc.messages[0].sender == "Müller <m@example.org>"
    assert doc.messages[0].subject == "Grüße"
    assert "Anhörung" in doc.messages[0].content


def test_emlx(tmp_path: Path) -> None:
    body = b"From: a@example.org\nSubject: Re: visits\nDate: Thu, 6 Feb 2020 15:39:55 +0200\n\nThanks.\n"
    trailer = b'<?xml version="1.0"?>\n<plist version="1.0"><dict></dict></plist>\n'
    path = _write(tmp_path, str(len(body)).encode() + b"       \n" + body + trailer, "1.emlx")
    doc = EmailParser().parse(path, _context(tmp_path))
    assert doc.messages[0].subject == "Re: visits"
    assert doc.messages[0].content == "Thanks."
    assert "plist" not in doc.text


def test_small_inline_images_are_skipped(tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"] = "a@example.org"
    message.set_content("see logo")
    message.add_related(b"\x89PNG" + b"1" * 100, maintype="image", subtype="png", cid="<logo>")
    message.add_attachment(b"\x89PNG" + b"2" * 9000, maintype="image", subtype="png", filename="photo.png")
    doc = EmailParser().parse(_write(tmp_path, message), _context(tmp_path))
    assert [member.name for member in doc.members] == ["photo.png"]


def test_empty_file_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError):
        EmailParser().parse(_write(tmp_path, b""), _context(tmp_path))
