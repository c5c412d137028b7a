"""detect_type judges by content: files here carry misleading or missing extensions on purpose."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from PIL import Image

from aseagi.ingestion.parsers import detect
from aseagi.ingestion.parsers.base import ParseContext, UnsupportedFormat
from aseagi.ingestion.parsers.detect import detect_type
from aseagi.ingestion.parsers.registry import parse_file


def _image_bytes(format_name: str, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (32, 24), "white").save(buffer, format=format_name)
    return buffer.getvalue()


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("format_name", "mode", "expected"),
    [
        ("PNG", "RGB", detect.PNG),
        ("JPEG", "RGB", detect.JPEG),
        ("TIFF", "RGB", detect.TIFF),
        ("GIF", "P", detect.GIF),
        ("WEBP", "RGB", detect.WEBP),
        ("BMP", "RGB", detect.BMP),
        ("JPEG2000", "RGB", detect.JPEG2000),
        ("PPM", "L", detect.NETPBM),
    ],
)
def test_images_are_recognised_whatever_the_extension(
    tmp_path: Path, format_name: str, mode: str, expected: str
) -> None:
    path = _write(tmp_path, "scan.pdf", _image_bytes(format_name, mode))
    assert detect_type(path) == expected


def test_heic_is_recognised_by_its_ftyp_brand(tmp_path: Path) -> None:
    ftyp = (24).to_bytes(4, "big") + b"ftypheic" + b"\x00\x00\x00\x00" + b"mif1heic"
    assert detect_type(_write(tmp_path, "IMG_0001.jpg", ftyp + b"\x00" * 64)) == detect.HEIC
    avif = (24).to_bytes(4, "big") + b"ftypavif" + b"\x00\x00\x00\x00" + b"avifmif1"
    assert detect_type(_write(tmp_path, "photo", avif + b"\x00" * 64)) == detect.AVIF


@pytest.mark.parametrize(
    "prefix",
    [b"", b"\xef\xbb\xbf", b"\x0a\xa0\xa4\x03", b"junk from a mail gateway\r\n" * 10],
)
def test_pdf_with_junk_or_bom_before_header(tmp_path: Path, prefix: bytes) -> None:
    path = _write(tmp_path, "filing.bin", prefix + b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    assert detect_type(path) == detect.PDF


def test_pdf_header_after_first_kilobyte_is_not_a_pdf(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.pdf", b"\x00\x01" * 600 + b"%PDF-1.4\n")
    assert detect_type(path) == detect.OCTET_STREAM


def test_empty_file(tmp_path: Path) -> None:
    assert detect_type(_write(tmp_path, "empty.pdf", b"")) == detect.EMPTY


def test_random_binary_is_octet_stream(tmp_path: Path) -> None:
    data = bytes((index * 7919 + 13) % 256 for index in range(4096))
    assert detect_type(_write(tmp_path, "report.pdf", data)) == detect.OCTET_STREAM


def test_docx_is_told_apart_from_zip_by_member_names(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Declaration of Jane Roe")
    path = tmp_path / "declaration.zip"
    document.save(str(path))
    assert detect_type(path) == detect.DOCX


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}, detect.XLSX),
        ({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"}, detect.PPTX),
        ({"photos/visit.jpg": "x", "notes.txt": "hello"}, detect.ZIP),
    ],
)
def test_zip_family(tmp_path: Path, members: dict[str, str], expected: str) -> None:
    assert detect_type(_write(tmp_path, "upload.docx", _zip(members))) == expected


def test_truncated_zip_is_still_a_zip(tmp_path: Path) -> None:
    data = _zip({"a.txt": "x" * 5000, "b.txt": "y" * 5000})
    assert detect_type(_write(tmp_path, "cut.zip", data[: len(data) // 2])) == detect.ZIP


def test_rtf_even_with_trailing_nul(tmp_path: Path) -> None:
    path = _write(tmp_path, "letter.doc", b"{\\rtf1\\ansi Hello\\par}\r\n\x00")
    assert detect_type(path) == detect.RTF


@pytest.mark.parametrize(
    "content",
    [
        "<!DOCTYPE html>\n<html><body>Hi</body></html>",
        "  <html lang='en'><head><title>Portal</title></head></html>",
        "<!-- saved page -->\n<HTML><BODY>x</BODY></HTML>",
        '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
    ],
)
def test_html(tmp_path: Path, content: str) -> None:
    assert detect_type(_write(tmp_path, "page.txt", content)) == detect.HTML


@pytest.mark.parametrize(
    "content",
    [
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\"><sms/></smses>",
        "<?xml version='1.0' encoding='UTF-8'?>\n<!--File Created By SMS Backup-->\n<calls count=\"0\" />",
    ],
)
def test_sms_backup_xml(tmp_path: Path, content: str) -> None:
    assert detect_type(_write(tmp_path, "backup.xml", content)) == detect.SMS_BACKUP


def test_other_xml(tmp_path: Path) -> None:
    assert detect_type(_write(tmp_path, "data.xml", "<?xml version='1.0'?><case/>")) == detect.XML


EMAIL = (
    "Return-Path: <worker@county.example>\n"
    "Received: from mail.county.example by mx.example.org\n"
    "From: Social Worker <worker@county.example>\n"
    "To: parent@example.org\n"
    "Subject: Visit schedule\n"
    "Date: Mon, 04 Mar 2024 09:00:00 -0800\n"
    "\n"
    "Visits are on Tuesdays.\n"
)


@pytest.mark.parametrize("name", ["mail.eml", "mail.msg", "mail.txt", "mail"])
def test_rfc822_email(tmp_path: Path, name: str) -> None:
    assert detect_type(_write(tmp_path, name, EMAIL)) == detect.EMAIL


def test_email_with_folded_headers_and_missing_blank_line(tmp_path: Path) -> None:
    content = "From: a@example.org\nSubject: long\n  folded subject\nTo: b@example.org\nbody line\n"
    assert detect_type(_write(tmp_path, "m.txt", content)) == detect.EMAIL


def test_emlx(tmp_path: Path) -> None:
    assert detect_type(_write(tmp_path, "1234.emlx", f"{len(EMAIL)}\n{EMAIL}")) == detect.EMAIL


def test_mbox_and_single_message_with_envelope_line(tmp_path: Path) -> None:
    """A second message makes a mailbox; one message saved with its envelope line is one e-mail."""
    content = "From worker@county.example Mon Mar  4 09:00:00 2024\n" + EMAIL
    two = content + "\nFrom clerk@court.example\nFrom: clerk@court.example\nSubject: Notice\n\nHi\n"
    assert detect_type(_write(tmp_path, "Inbox", two)) == detect.MBOX
    assert detect_type(_write(tmp_path, "one.mbox", content)) == detect.MBOX
    assert detect_type(_write(tmp_path, "one.eml", content)) == detect.EMAIL
    assert detect_type(_write(tmp_path, "saved", content)) == detect.EMAIL
    undated = "From someone@host\n" + EMAIL
    assert detect_type(_write(tmp_path, "saved.txt", undated)) == detect.EMAIL
    far = content + "x" * 20_000 + "\n\nFrom - Fri Aug 23 10:11:12 2019\nX-Mozilla-Status: 0001\n\nHi\n"
    assert detect_type(_write(tmp_path, "Sent", far)) == detect.MBOX


@pytest.mark.parametrize(
    "lines",
    [
        ["[04/03/24, 09:15:02] Jane Roe: Are we still on for Tuesday?", "[04/03/24, 09:16:40] John Doe: Yes"],
        ["03/04/24, 09:15 - Jane Roe: Are we still on?", "03/04/24, 09:16 - John Doe: Yes"],
        ["2024-03-04 09:15 - Jane Roe: Are we still on?", "2024-03-04 09:16 - John Doe: Yes"],
        ["3/4/24, 9:15 AM - Jane Roe: Are we still on?", "3/4/24, 9:16\u202fPM - John Doe: Yes"],
        ["01/01/2019, 11:25 a. m. - John Doe: Lorem ipsum.", "01/20/2019, 08:49 p. m. - Jane Doe: ok"],
        ["09/12/2012 17:02:35: UsernameOne: Hello, world.", "09/12/2012 17:03:35: UsernameTwo: hi"],
        ["[01/01/19 11:25] John Doe: Lorem ipsum.", "[01/20/19 11:23] John Doe: ."],
        [
            "12/15/25, 10:30 AM - Messages and calls are end-to-end encrypted.",
            "12/15/25, 10:31 AM - Jane Smith: Hi",
        ],
    ],
)
def test_whatsapp_exports(tmp_path: Path, lines: list[str]) -> None:
    content = "\n".join([*lines, "a continuation line without timestamp", lines[-1]]) + "\n"
    assert detect_type(_write(tmp_path, "WhatsApp Chat with Jane Roe.txt", content)) == detect.WHATSAPP


def test_text_family_uses_extension_as_tie_breaker(tmp_path: Path) -> None:
    assert detect_type(_write(tmp_path, "notes.md", "# Hearing notes\n\n- item\n")) == detect.MARKDOWN
    assert detect_type(_write(tmp_path, "calls.csv", "date,number\n2024-03-04,555\n")) == detect.CSV
    assert detect_type(_write(tmp_path, "notes", "Hearing on 3/4/2024 at 8:30.\n")) == detect.PLAIN_TEXT


def test_single_header_like_line_is_not_email(tmp_path: Path) -> None:
    content = "Date: March 4, 2024\n\nMet the social worker at the office.\n"
    assert detect_type(_write(tmp_path, "diary.txt", content)) == detect.PLAIN_TEXT


def test_log_lines_with_timestamps_need_more_than_one_match(tmp_path: Path) -> None:
    content = "2024-03-04 09:15 started\n" + "plain text follows\n" * 10
    assert detect_type(_write(tmp_path, "log.txt", content)) == detect.PLAIN_TEXT


def test_cp1252_and_utf16_text(tmp_path: Path) -> None:
    cp1252 = "Se\u00f1ora P\u00e9rez \u2013 \u201cvisit\u201d\n".encode("cp1252") * 20
    assert detect_type(_write(tmp_path, "a.txt", cp1252)) == detect.PLAIN_TEXT
    utf16 = "Jane Roe wrote this note.\n".encode("utf-16")
    assert detect_type(_write(tmp_path, "b.txt", utf16)) == detect.PLAIN_TEXT


def test_ole_containers_from_corpus(corpus: Path) -> None:
    assert detect_type(corpus / "msg/mapi__sample.msg") == detect.OUTLOOK_MSG
    assert detect_type(corpus / "msg/ingest_file__fnf.msg") == detect.EMAIL
    assert detect_type(corpus / "office/paperless/sample.doc") == detect.MSWORD
    assert detect_type(corpus / "office/poi/poi__TestRobert_Flaherty.doc") == detect.MSEXCEL
    assert detect_type(corpus / "office/poi/poi__protected_agile.docx") == detect.ENCRYPTED_OOXML
    assert detect_type(corpus / "office/poi/poi__word2.doc") == detect.MSWORD


@pytest.mark.parametrize(
    ("head", "expected", "reason"),
    [
        (b"ID3\x04\x00\x00\x00\x00\x00\x00TXXX", detect.AUDIO, "sound recordings are not transcribed"),
        (b"\xff\xfb\x90\x64" + bytes(60), detect.AUDIO, "sound recordings are not transcribed"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", detect.AUDIO, "sound recordings are not transcribed"),
        (b"#!AMR\n" + bytes(30), detect.AUDIO, "sound recordings are not transcribed"),
        (b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00", detect.AUDIO, "sound recordings are not transcribed"),
        (b"\x00\x00\x00\x1cftypmp42\x00\x00\x00\x00mp42isom", detect.VIDEO, "videos are not transcribed"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ", detect.VIDEO, "videos are not transcribed"),
        (b"\x1a\x45\xdf\xa3\x01\x00\x00\x00", detect.VIDEO, "videos are not transcribed"),
    ],
)
def test_recordings_are_named_and_say_what_to_do(
    tmp_path: Path, head: bytes, expected: str, reason: str
) -> None:
    path = _write(tmp_path, "voicemail", head + bytes(range(256)) * 4)
    assert detect_type(path) == expected
    with pytest.raises(UnsupportedFormat, match=reason):
        parse_file(path, ParseContext(workdir=tmp_path / "work"))


def test_utf16_text_is_not_taken_for_mp3(tmp_path: Path) -> None:
    path = _write(tmp_path, "notes.txt", "Visit notes".encode("utf-16"))
    assert detect_type(path) == detect.PLAIN_TEXT
