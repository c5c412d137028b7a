"""Content sniffing: which parser should read a file.

Evidence arrives with wrong or missing extensions (a ``.msg`` that is really an e-mail, a ``.doc``
that is really Excel, a PDF with junk before ``%PDF``), so the type comes from the bytes. The
extension only breaks ties between formats the bytes cannot tell apart (Markdown vs. plain text).
Only the head of the file is read, except for ZIP and OLE2 containers whose directories are listed.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import olefile

from aseagi.ingestion.parsers import envelope

EMPTY = "application/x-empty"
OCTET_STREAM = "application/octet-stream"
PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
GIF = "image/gif"
WEBP = "image/webp"
BMP = "image/bmp"
JPEG2000 = "image/jp2"
NETPBM = "image/x-portable-anymap"
HEIC = "image/heic"
HEIF = "image/heif"
AVIF = "image/avif"
ZIP = "application/zip"
TAR = "application/x-tar"
GZIP = "application/gzip"
BZIP2 = "application/x-bzip2"
XZ = "application/x-xz"
TNEF = "application/vnd.ms-tnef"
"""Outlook's ``winmail.dat``: the message body and attachments in Microsoft's own encoding."""
SMIME = "application/pkcs7-mime"
AUDIO = "audio/*"
"""A sound recording (MP3, M4A, WAV, Ogg, AMR, FLAC): voicemails and recorded calls."""
VIDEO = "video/*"
"""A video (MP4, MOV, 3GP, WebM, AVI)."""
"""A CMS (PKCS #7) file, ``.p7m``: S/MIME signed or encrypted content."""
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OPENDOCUMENT = "application/vnd.oasis.opendocument"
ENCRYPTED_OOXML = "application/x-ooxml-encrypted"
"""A password-protected .docx/.xlsx/.pptx: an OLE2 container holding ``EncryptedPackage``."""
MSWORD = "application/msword"
MSEXCEL = "application/vnd.ms-excel"
MSPOWERPOINT = "application/vnd.ms-powerpoint"
OUTLOOK_MSG = "application/vnd.ms-outlook"
OLE_UNKNOWN = "application/x-ole-storage"
RTF = "application/rtf"
HTML = "text/html"
XML = "application/xml"
SVG = "image/svg+xml"
SMS_BACKUP = "application/x-sms-backup+xml"
EMAIL = "message/rfc822"
MBOX = "application/mbox"
WHATSAPP = "text/x-whatsapp"
PLAIN_TEXT = "text/plain"
MARKDOWN = "text/markdown"
CSV = "text/csv"
TSV = "text/tab-separated-values"
JSON = "application/json"

HEAD_BYTES = 8192

_TEXT_EXTENSIONS = {
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".csv": CSV,
    ".tsv": TSV,
    ".json": JSON,
}

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}

_EMAIL_HEADERS = {
    "from", "to", "cc", "date", "subject", "received", "mime-version", "return-path", "message-id",
    "delivered-to", "reply-to", "sender", "x-mailer", "content-type", "in-reply-to", "references",
}  # fmt: skip
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9-]{0,75}):[ \t]?")
_MBOX_SUFFIXES = {".mbox", ".mbx", ".mbs"}
_PKCS7_OID = b"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07"
"""The DER encoding of 1.2.840.113549.1.7, the arc of the PKCS #7 content types (signed, enveloped…)."""
_MP3_FRAMES = {b"\xff\xfb", b"\xff\xfa", b"\xff\xf3", b"\xff\xf2", b"\xff\xe3", b"\xff\xe2"}
"""MPEG Layer III frame headers (an MP3 without an ID3 tag); never a UTF-16 BOM (``FF FE``)."""
_PEM_PKCS7 = re.compile(r"-----BEGIN (?:PKCS7|CMS)-----")
_BASE64_DER = re.compile(r"MI[A-Za-z0-9+/]{2,}\s*$", re.MULTILINE)
"""Base64 of a DER sequence (``0x30 0x8x``) opens with "MI": a .p7m saved as text."""

_DATE = r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2})"
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[\s\u202f\u00a0]?(?:[AaPp]\.?\s?[Mm]\.?))?"
_WHATSAPP_LINE = re.compile(
    rf"^[\u200e\u200f]?\[?{_DATE},?\s{_TIME}\]?(?:\s[-–]\s|:\s|\s)\S",
)

_HTML_START = re.compile(
    r"^(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)[\s>/]", re.IGNORECASE | re.DOTALL
)
_XML_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")


def detect_type(path: Path) -> str:
    """Return the MIME type of ``path`` judged by its content; the extension only breaks ties."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if not head:
        return EMPTY
    suffix = path.suffix.lower()
    binary = _sniff_binary(path, head, suffix)
    if binary is not None:
        return binary
    text = _decode_head(head)
    if text is None:
        return OCTET_STREAM
    return _sniff_text(path, text, suffix)


def _sniff_binary(path: Path, head: bytes, suffix: str) -> str | None:
    if _is_tar_header(head):
        return TAR  # containers before PDF: a tar, winmail.dat or .p7m of a PDF shows "%PDF-" early on
    if head[:2] == b"\x1f\x8b":
        return GZIP
    if head[:3] == b"BZh" and head[3:4].isdigit() and head[4:10] in (b"1AY&SY", b"\x17rE8P\x90"):
        return BZIP2
    if head[:6] == b"\xfd7zXZ\x00":
        return XZ
    if head[:4] == b"\x78\x9f\x3e\x22":
        return TNEF
    if head[:1] == b"\x30" and _PKCS7_OID in head[2:17]:
        return SMIME
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return RTF  # before the text test: RichEdit ends files with a NUL byte
    if head[:2] == b"\xdb\xa5":
        return MSWORD  # Word 2.0, before OLE2 containers
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return TIFF
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:2] == b"BM" and len(head) >= 26 and head[6:10] == b"\x00\x00\x00\x00":
        return BMP
    if head.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n") or head.startswith(b"\xff\x4f\xff\x51"):
        return JPEG2000
    if re.match(rb"P[1-6]\s", head[:3]):
        return NETPBM
    if head[4:8] == b"ftyp":
        return _sniff_isobmff(head) or _sniff_media_brand(head)
    media = _sniff_media(head)
    if media is not None:
        return media
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _sniff_zip(path, suffix)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _sniff_ole(path)
    return None


def _is_tar_header(head: bytes) -> bool:
    """A tar starts with a 512-byte header whose checksum field matches its bytes (every tar dialect)."""
    if len(head) < 512:
        return False
    field = head[148:156].replace(b"\x00", b" ").strip()
    if not field or any(byte not in b"01234567" for byte in field):
        return False
    header = head[:148] + b" " * 8 + head[156:512]
    return int(field, 8) == sum(header) and any(head[:100].strip(b"\x00"))


def _sniff_isobmff(head: bytes) -> str | None:
    """HEIC/AVIF photos: the major brand and the compatible brands of the ``ftyp`` box."""
    major = head[8:12]
    box_size = int.from_bytes(head[:4], "big")
    compatible = {head[i : i + 4] for i in range(16, min(box_size, len(head)), 4)}
    if major in _AVIF_BRANDS or (major not in _HEIF_BRANDS and compatible & _AVIF_BRANDS):
        return AVIF  # AVIF files also list the generic HEIF brand mif1
    if major in (b"heic", b"heix"):
        return HEIC
    if major in _HEIF_BRANDS or compatible & _HEIF_BRANDS:
        return HEIF
    return None


def _sniff_media_brand(head: bytes) -> str:
    """MP4-family files that are not HEIF images: M4A/M4B/M4P are sound, the rest (mp42, isom, qt) video."""
    return AUDIO if head[8:11] in (b"M4A", b"M4B", b"M4P") else VIDEO


def _sniff_media(head: bytes) -> str | None:
    if head.startswith((b"ID3", b"OggS", b"fLaC", b"#!AMR")) or (
        head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    ):
        return AUDIO
    if head[:2] in _MP3_FRAMES:
        return AUDIO  # an MPEG audio frame header (MP3 without ID3 tag)
    if head.startswith(b"\x1a\x45\xdf\xa3") or (head[:4] == b"RIFF" and head[8:12] == b"AVI "):
        return VIDEO
    return None


def _sniff_zip(path: Path, suffix: str) -> str:
    """OOXML and OpenDocument are ZIPs; their member names say which."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return ZIP
    name_set = set(names)
    if "[Content_Types].xml" in name_set:
        prefixes = {name.split("/", 1)[0] for name in names}
        for prefix, ooxml_type in (("word", DOCX), ("xl", XLSX), ("ppt", PPTX)):
            if prefix in prefixes:
                return ooxml_type
        return {".docx": DOCX, ".xlsx": XLSX, ".pptx": PPTX}.get(suffix, ZIP)
    if "mimetype" in name_set and "META-INF/manifest.xml" in name_set:
        return OPENDOCUMENT
    return ZIP


def _sniff_ole(path: Path) -> str:
    """OLE2 (Compound File) holds Outlook messages, legacy Office files and encrypted OOXML."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            entries = {"/".join(entry) for entry in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError, IndexError, KeyError, TypeError):
        return OLE_UNKNOWN
    top_level = {entry.split("/", 1)[0] for entry in entries}
    if any(name.startswith("__substg1.0_") for name in top_level) or "__properties_version1.0" in top_level:
        return OUTLOOK_MSG
    if "EncryptionInfo" in top_level and "EncryptedPackage" in top_level:
        return ENCRYPTED_OOXML
    if "WordDocument" in top_level:
        return MSWORD
    if "Workbook" in top_level or "Book" in top_level:
        return MSEXCEL
    if "PowerPoint Document" in top_level:
        return MSPOWERPOINT
    return OLE_UNKNOWN


def _decode_head(head: bytes) -> str | None:
    """Decode the head if it looks like text; None for binary data."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="replace")
    if head.count(b"\x00") > 1 + len(head) // 1024:  # a stray NUL or two is still text; binary has many
        return None
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return head[: exc.start].decode("utf-8")
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    if controls > len(head) * 0.02:
        return None
    return head.decode("cp1252", errors="replace")


def _sniff_text(path: Path, text: str, suffix: str) -> str:
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{\\rtf"):
        return RTF
    if _PEM_PKCS7.match(stripped) or (suffix == ".p7m" and _BASE64_DER.match(stripped)):
        return SMIME
    if _HTML_START.match(stripped):
        return HTML
    if stripped.startswith("<?xml") or stripped.startswith("<"):
        xml_type = _sniff_xml(stripped, suffix)
        if xml_type is not None:
            return xml_type
    lines = stripped.splitlines()
    if _looks_like_whatsapp(lines):
        return WHATSAPP
    if lines and envelope.is_separator(lines[0], True, lines[1] if len(lines) > 1 else None):
        if _has_header_block(lines[1:]):
            return _mailbox_or_message(path, suffix)
    if lines and re.fullmatch(r"\d{1,10}", lines[0].strip()) and _has_header_block(lines[1:]):
        return EMAIL  # Apple Mail .emlx: a byte count, then the RFC 822 message
    if _has_header_block(lines):
        return EMAIL
    return _text_type(suffix)


def _mailbox_or_message(path: Path, suffix: str) -> str:
    """A file that starts with an envelope line: a mailbox when a second message follows, else one e-mail.

    The extension decides when it names the kind; otherwise the file is scanned for a second separator.
    """
    if suffix in _MBOX_SUFFIXES:
        return MBOX
    if suffix in (".eml", ".emlx"):
        return EMAIL
    with path.open("rb") as handle:
        for count, _ in enumerate(envelope.separators(handle), start=1):
            if count >= 2:
                return MBOX
    return EMAIL


def _sniff_xml(text: str, suffix: str) -> str | None:
    body = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", text, flags=re.S)
    root = _XML_ROOT.search(body)
    if root is None:
        return None
    name = root.group(1).lower()
    if name in ("smses", "calls"):
        return SMS_BACKUP
    if name == "html":
        return HTML
    if name == "svg":
        return SVG
    return XML if text.startswith("<?xml") or suffix == ".xml" else None


def _has_header_block(lines: list[str]) -> bool:
    """RFC 822: the first lines are ``Name: value`` fields (with folded continuations) naming mail headers."""
    known = 0
    fields = 0
    multipart = False
    for line in lines[:60]:
        if line[:1] in (" ", "\t") and fields:
            continue
        match = _HEADER_LINE.match(line)
        if match is None:
            break  # end of the header block (a blank line, or a body line in a defective message)
        fields += 1
        name = match.group(1).lower()
        known += name in _EMAIL_HEADERS
        multipart = multipart or (name == "content-type" and "multipart/" in line.lower())
    return known >= 2 or (known >= 1 and fields >= 3) or multipart


def _looks_like_whatsapp(lines: list[str]) -> bool:
    """An export is timestamped lines; the first line and most of the first ten must carry a timestamp."""
    candidates = [line for line in lines[:12] if line.strip()][:10]
    if not candidates or not _WHATSAPP_LINE.match(candidates[0]):
        return False
    matches = sum(1 for line in candidates if _WHATSAPP_LINE.match(line))
    return matches >= 2 or len(candidates) == 1


def _text_type(suffix: str) -> str:
    return _TEXT_EXTENSIONS.get(suffix, PLAIN_TEXT)
