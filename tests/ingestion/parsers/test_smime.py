"""S/MIME: signed content is read (clear-signed, opaque, .p7m files); encrypted content fails as encrypted."""

from __future__ import annotations

import base64
import datetime
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest

from aseagi.ingestion.extract import ExtractRequest, extract
from aseagi.ingestion.parsers.base import EncryptedDocument, ParseContext, ParseError
from aseagi.ingestion.parsers.registry import parse_file

pytest.importorskip("cryptography")
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7

BODY = (
    b"Content-Type: text/plain; charset=utf-8\r\n\r\nThe hearing is set for March 14, 2024, in Dept. 4.\r\n"
)
SIGNED_MESSAGE = (
    b"From: Clerk <clerk@court.example>\r\nTo: parent@example.org\r\nSubject: Hearing notice\r\n"
    b"Date: Mon, 04 Mar 2024 09:00:00 -0800\r\n" + BODY
)


@pytest.fixture(scope="module")
def signer() -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Clerk of the Court")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return certificate, key


def _signed(
    signer: tuple[x509.Certificate, rsa.RSAPrivateKey], content: bytes, encoding: str = "DER"
) -> bytes:
    certificate, key = signer
    builder = pkcs7.PKCS7SignatureBuilder().set_data(content).add_signer(certificate, key, hashes.SHA256())
    return builder.sign(getattr(serialization.Encoding, encoding), [pkcs7.PKCS7Options.Binary])


def _encrypted(signer: tuple[x509.Certificate, rsa.RSAPrivateKey], content: bytes) -> bytes:
    builder = pkcs7.PKCS7EnvelopeBuilder().set_data(content).add_recipient(signer[0])
    return builder.encrypt(serialization.Encoding.DER, [])


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _context(tmp_path: Path, name: str = "work") -> ParseContext:
    return ParseContext(workdir=tmp_path / name)


@pytest.mark.parametrize("encoding", ["DER", "PEM"])
def test_signed_p7m_body_is_read(tmp_path: Path, signer: tuple, encoding: str) -> None:
    path = _write(tmp_path, "smime.p7m", _signed(signer, BODY, encoding))
    document = parse_file(path, _context(tmp_path))
    assert document.mime_type == "application/pkcs7-mime"
    assert "The hearing is set for March 14, 2024, in Dept. 4." in document.text
    assert document.messages == ()
    assert document.metadata["signed"] == "S/MIME"
    assert document.warnings == ()


def test_signed_p7m_of_a_whole_message_keeps_the_message(tmp_path: Path, signer: tuple) -> None:
    path = _write(tmp_path, "notice.p7m", base64.encodebytes(_signed(signer, SIGNED_MESSAGE)))
    document = parse_file(path, _context(tmp_path))
    (message,) = document.messages
    assert message.subject == "Hearing notice"
    assert message.sender == "Clerk <clerk@court.example>"
    assert "Dept. 4" in message.content


def test_signed_pdf_p7m_becomes_the_pdf(tmp_path: Path, signer: tuple, text_pdf: Callable[..., Path]) -> None:
    order = text_pdf([["MINUTE ORDER", "Case No. JD239697: reunification services are ordered."]])
    path = _write(tmp_path, "order.pdf.p7m", _signed(signer, order.read_bytes()))
    document = parse_file(path, _context(tmp_path))
    (member,) = document.members
    assert member.name == "order.pdf"
    assert member.path.read_bytes() == order.read_bytes()
    assert "reunification services" in parse_file(member.path, _context(tmp_path, "pdf")).text


def test_encrypted_p7m_fails_as_encrypted(tmp_path: Path, signer: tuple) -> None:
    path = _write(tmp_path, "smime.p7m", _encrypted(signer, BODY))
    with pytest.raises(EncryptedDocument, match="S/MIME content is encrypted"):
        parse_file(path, _context(tmp_path))
    result = extract(ExtractRequest(str(path), str(tmp_path / "extract"), "smime.p7m", analyze=False))
    assert (result.outcome, result.reason) == ("failed", "encrypted")


@pytest.mark.parametrize(
    "data",
    [
        b"\x30\x80\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02\xa0\x80" + b"\x00" * 5,
        b"-----BEGIN PKCS7-----\n!!\n",
    ],
    ids=["truncated-ber", "bad-pem"],
)
def test_damaged_p7m_is_a_parse_error(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ParseError, match=r"S/MIME \(\.p7m\) file is damaged"):
        parse_file(_write(tmp_path, "broken.p7m", data), _context(tmp_path))


def _mail(payload: EmailMessage | None = None) -> EmailMessage:
    message = payload or EmailMessage()
    message["From"] = "Clerk <clerk@court.example>"
    message["To"] = "parent@example.org"
    message["Subject"] = "Hearing notice"
    message["Date"] = "Mon, 04 Mar 2024 09:00:00 -0800"
    return message


def test_clear_signed_email_reads_its_content_not_its_signature(tmp_path: Path, signer: tuple) -> None:
    signed = _signed(signer, BODY, "SMIME")
    path = _write(tmp_path, "notice.eml", bytes(_mail().as_bytes()).rstrip(b"\n") + b"\n" + signed)
    document = parse_file(path, _context(tmp_path))
    assert "multipart/signed" in path.read_text()
    assert "Dept. 4" in document.messages[0].content
    assert "S/MIME signed message" not in document.text
    assert document.members == ()


@pytest.mark.parametrize("content_type", ["application/pkcs7-mime", "application/octet-stream"])
def test_opaque_signed_email_is_read(tmp_path: Path, signer: tuple, content_type: str) -> None:
    message = _mail()
    maintype, subtype = content_type.split("/")
    message.set_content(_signed(signer, BODY), maintype=maintype, subtype=subtype, filename="smime.p7m")
    message.set_param("smime-type", "signed-data")
    document = parse_file(_write(tmp_path, "notice.eml", message.as_bytes()), _context(tmp_path))
    assert document.messages[0].subject == "Hearing notice"
    assert "The hearing is set for March 14, 2024" in document.messages[0].content
    assert document.members == ()


def test_encrypted_email_keeps_its_headers_and_its_body_fails_as_encrypted(
    tmp_path: Path, signer: tuple
) -> None:
    message = _mail()
    message.set_content(
        _encrypted(signer, BODY), maintype="application", subtype="pkcs7-mime", filename="smime.p7m"
    )
    document = parse_file(_write(tmp_path, "secret.eml", message.as_bytes()), _context(tmp_path))
    assert document.messages[0].subject == "Hearing notice"
    assert any("S/MIME encrypted" in warning for warning in document.warnings)
    (member,) = document.members
    assert member.name == "smime.p7m"
    with pytest.raises(EncryptedDocument):
        parse_file(member.path, _context(tmp_path, "member"))
