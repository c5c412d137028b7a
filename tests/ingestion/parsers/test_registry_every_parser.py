"""Every parser class in the registry is reached through ``parse_file`` from a real file of its format.

The samples are keyed by class name and the test enumerates the registry, so a parser added without a
sample fails here. Formats a test cannot write (legacy Word, Outlook .msg) come from the corpus.
"""

from __future__ import annotations

import bz2
import datetime
import gzip
import io
import lzma
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from PIL import Image

from aseagi.ingestion.parsers import PARSER_CLASSES, parser_registry
from aseagi.ingestion.parsers.base import EncryptedDocument, Limits, ParseContext
from aseagi.ingestion.parsers.detect import detect_type
from aseagi.ingestion.parsers.registry import parse_file, parser_for

EMAIL = (
    "From: Clerk <clerk@court.example>\nTo: parent@example.org\nSubject: Hearing notice\n"
    "Date: Mon, 04 Mar 2024 09:00:00 -0800\n\nThe hearing is set for March 14, 2024.\n"
)


class Kit:
    """What a sample needs: a folder to write in, and the shared fixtures that make real files."""

    def __init__(self, folder: Path, request: pytest.FixtureRequest) -> None:
        self.folder = folder
        self.request = request

    def write(self, name: str, data: bytes | str) -> Path:
        path = self.folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def corpus(self, relative: str) -> Path:
        corpus: Path = self.request.getfixturevalue("corpus")
        return corpus / relative


def _docx(kit: Kit, name: str = "order.docx") -> Path:
    document = docx.Document()
    document.add_paragraph("ORDER AFTER HEARING: reunification services are ordered.")
    path = kit.folder / name
    document.save(str(path))
    return path


def _encrypted_docx(kit: Kit) -> Path:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    plain = _docx(kit, "plain.docx")
    path = kit.folder / "locked.docx"
    with plain.open("rb") as source, path.open("wb") as target:
        ooxml.OOXMLFile(source).encrypt("hearing", target)
    return path


def _png(kit: Kit) -> Path:
    buffer = io.BytesIO()
    Image.new("L", (64, 32), "white").save(buffer, format="PNG")
    return kit.write("photo.png", buffer.getvalue())


def _zip(kit: Kit) -> Path:
    path = kit.folder / "evidence.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "visit notes")
    return path


def _tar_gz(kit: Kit) -> Path:
    path = kit.folder / "evidence.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("notes.txt")
        info.size = 11
        archive.addfile(info, io.BytesIO(b"visit notes"))
    return path


def _signed_p7m(kit: Kit) -> Path:
    pytest.importorskip("cryptography")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs7

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Clerk")])
    now = datetime.datetime.now(datetime.UTC)
    builder = x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
    certificate = (
        builder.serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
    ).sign(key, hashes.SHA256())
    content = b"Content-Type: text/plain\r\n\r\nThe hearing is set for March 14, 2024.\r\n"
    signed = pkcs7.PKCS7SignatureBuilder().set_data(content).add_signer(certificate, key, hashes.SHA256())
    return kit.write("smime.p7m", signed.sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary]))


def _winmail(kit: Kit) -> Path:
    build = kit.request.getfixturevalue("winmail")
    return kit.write(
        "winmail.dat", build("Minute order", "Order attached.", [("order.txt", b"minute order")])
    )


def _pdf(kit: Kit) -> Path:
    text_pdf = kit.request.getfixturevalue("text_pdf")
    path: Path = text_pdf([["MINUTE ORDER", "Case No. JD239697"]], name="order.pdf")
    return path


SAMPLES: dict[str, Callable[[Kit], Path]] = {
    "PdfParser": _pdf,
    "ImageParser": _png,
    "DocxParser": _docx,
    "EncryptedOfficeParser": _encrypted_docx,
    "DocParser": lambda kit: kit.corpus("office/ingest_file/doc.doc"),
    "RtfParser": lambda kit: kit.write("letter.rtf", r"{\rtf1\ansi Dear counsel,\par the hearing moved.}"),
    "HtmlParser": lambda kit: kit.write("page.html", "<html><body><p>Case status: set</p></body></html>"),
    "TextParser": lambda kit: kit.write("notes.txt", "Visit notes: the visit went well.\n"),
    "EmailParser": lambda kit: kit.write("notice.eml", EMAIL),
    "MboxParser": lambda kit: kit.write("Inbox", f"From - Fri Aug 23 10:11:12 2019\n{EMAIL}\n" * 2),
    "OutlookMsgParser": lambda kit: kit.corpus("msg/msgreader/TxtSampleEmail.msg"),
    "TnefParser": _winmail,
    "SmimeParser": _signed_p7m,
    "SmsBackupParser": lambda kit: kit.write(
        "sms.xml",
        '<?xml version="1.0"?><smses count="1"><sms address="+15550100" date="1709417100000" type="1" '
        'body="Visit moved to Friday" contact_name="Worker" /></smses>',
    ),
    "WhatsAppParser": lambda kit: kit.write(
        "chat.txt", "03/04/24, 09:15 - Jane Roe: Are we still on?\n03/04/24, 09:16 - John Doe: Yes\n"
    ),
    "ZipParser": _zip,
    "TarParser": _tar_gz,
}


def test_the_registry_loads_every_class_and_each_has_a_sample() -> None:
    current = parser_registry()
    assert current.unavailable == {}
    assert {parser_class.__name__ for parser_class in current.classes} == set(SAMPLES)


@pytest.mark.parametrize("target", PARSER_CLASSES)
def test_every_parser_is_reached_through_parse_file(
    target: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    class_name = target.rpartition(":")[2]
    if class_name not in SAMPLES:
        pytest.fail(f"no sample file for {class_name}: add one to SAMPLES")
    (tmp_path / "samples").mkdir()
    path = SAMPLES[class_name](Kit(tmp_path / "samples", request))
    parser = parser_for(detect_type(path))
    assert type(parser).__name__ == class_name
    context = ParseContext(workdir=tmp_path / "work", limits=Limits(ocr=False))
    if class_name == "EncryptedOfficeParser":
        with pytest.raises(EncryptedDocument):
            parse_file(path, context)
        return
    document = parse_file(path, context)
    assert document.mime_type in type(parser).mime_types
    assert document.pages or document.members


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("evidence.tar", lambda data: _tar_bytes(data, "w")),
        ("evidence.tgz", lambda data: _tar_bytes(data, "w:gz")),
        ("evidence.tar.gz", lambda data: _tar_bytes(data, "w:gz")),
        ("notes.txt.gz", gzip.compress),
        ("no-extension", lambda data: _tar_bytes(data, "w:gz")),
        ("evidence.tar.bz2", lambda data: _tar_bytes(data, "w:bz2")),
        ("evidence.tar.xz", lambda data: _tar_bytes(data, "w:xz")),
        ("notes.txt.bz2", bz2.compress),
        ("notes.txt.xz", lzma.compress),
    ],
)
def test_tar_and_gzip_are_reached_whatever_their_name(
    tmp_path: Path, name: str, make: Callable[[bytes], bytes]
) -> None:
    path = tmp_path / name
    path.write_bytes(make(b"visit notes"))
    document = parse_file(path, ParseContext(workdir=tmp_path / "work"))
    (member,) = document.members
    assert member.path.read_bytes() == b"visit notes"


def _tar_bytes(data: bytes, mode: str) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:  # type: ignore[call-overload]
        info = tarfile.TarInfo("notes.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()
