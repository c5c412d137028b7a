"""Turn drafts into the bytes of real file formats, the same bytes for the same seed.

reportlab runs with ``invariant=1`` (no timestamps or random ids); ZIP-based formats get fixed entry
times; e-mail boundaries and Message-IDs are fixed. What is written is exactly the draft's text.
"""

from __future__ import annotations

import html
import io
import random
import zipfile
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import quoteattr

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen import canvas

from aseagi.demo.drafts import Draft

FIXED_ZIP_TIME = (2025, 1, 1, 0, 0, 0)
MIME_BY_FORMAT = {
    "pdf": ("application", "pdf"),
    "scanned_pdf": ("application", "pdf"),
    "png": ("image", "png"),
    "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "rtf": ("application", "rtf"),
    "html": ("text", "html"),
    "txt": ("text", "plain"),
}
_FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def pdf_bytes(lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    width, height = letter
    y = height - 72
    for line in lines:
        for part in simpleSplit(line, "Helvetica", 10.5, width - 144) or [""]:
            if y < 72:
                pdf.showPage()
                y = height - 72
            pdf.setFont("Helvetica", 10.5)
            pdf.drawString(72, y, part)
            y -= 14
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scanned_image(lines: list[str], seed: int, dpi: int = 200) -> Image.Image:
    """A text page as a scanner would see it: grey, slightly rotated, with specks."""
    rng = random.Random(seed)
    size = (int(8.5 * dpi), int(11 * dpi))
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    px = int(dpi * 12 / 72)
    font = ImageFont.truetype(str(_FONT_PATH), px) if _FONT_PATH.exists() else ImageFont.load_default(px)
    y = dpi
    for line in lines:
        draw.text((dpi, y), line, fill=25, font=font)
        y += int(px * 1.6)
    for _ in range(1500):
        x, yy = rng.randrange(size[0]), rng.randrange(size[1])
        draw.point((x, yy), fill=rng.randrange(90, 200))
    angle = rng.uniform(-1.2, 1.2)
    return page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def png_bytes(image: Image.Image, dpi: int = 200) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def image_pdf_bytes(image: Image.Image) -> bytes:
    """An image-only PDF: no text layer, so only OCR can read it."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    pdf.drawImage(ImageReader(image.convert("RGB")), 0, 0, width=letter[0], height=letter[1])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def fixed_zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def docx_bytes(lines: list[str], title: str | None) -> bytes:
    import datetime as dt

    from docx import Document

    document = Document()
    fixed = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    document.core_properties.created = fixed
    document.core_properties.modified = fixed
    document.core_properties.author = "ASEAGI demo"
    document.core_properties.last_modified_by = "ASEAGI demo"
    document.core_properties.title = title or ""
    for line in lines:
        document.add_paragraph(line)
    raw = io.BytesIO()
    document.save(raw)
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source:
        return fixed_zip([(info.filename, source.read(info)) for info in source.infolist()])


def rtf_bytes(lines: list[str]) -> bytes:
    def escape(text: str) -> str:
        out = text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
        return "".join(
            ch if ord(ch) < 128 else f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?" for ch in out
        )

    body = "".join(f"{escape(line)}\\par\n" for line in lines)
    return (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\froman Times New Roman;}}\n\\f0\\fs24\n"
        + body
        + "}\n"
    ).encode("ascii")


def html_bytes(lines: list[str], title: str | None) -> bytes:
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title or 'Document')}</title>"
        "<style>body{font-family:serif}</style><script>var tracking = 1;</script></head>\n"
        f"<body>\n{paragraphs}\n</body></html>\n"
    )
    return page.encode("utf-8")


def eml_bytes(draft: Draft, seed: int) -> bytes:
    headers = draft.email
    assert headers is not None, "an e-mail draft needs headers"
    message = EmailMessage()
    message["From"] = headers.sender
    message["To"] = ", ".join(headers.recipients)
    message["Subject"] = headers.subject
    message["Date"] = format_datetime(headers.sent_at)
    message["Message-ID"] = headers.message_id
    message.set_content(draft.body.text + "\n")
    for member in draft.members:
        maintype, subtype = MIME_BY_FORMAT[member.format]
        message.add_attachment(
            render(member, seed), maintype=maintype, subtype=subtype, filename=member.file_name
        )
    if message.is_multipart():
        message.set_boundary(f"==demo-boundary-{headers.message_id.strip('<>')}==")
    return message.as_bytes()


def mbox_bytes(draft: Draft, seed: int) -> bytes:
    chunks = []
    for member in draft.members:
        assert member.email is not None
        stamp = member.email.sent_at.strftime("%a %b %d %H:%M:%S %Y")
        raw = eml_bytes(member, seed).replace(b"\r\n", b"\n")
        escaped = b"\n".join(b">" + line if line.startswith(b"From ") else line for line in raw.split(b"\n"))
        chunks.append(f"From {member.email.sender} {stamp}\n".encode() + escaped.rstrip(b"\n") + b"\n\n")
    return b"".join(chunks)


def sms_xml_bytes(draft: Draft) -> bytes:
    rows = []
    for message in draft.messages:
        millis = int(message.sent_at.timestamp() * 1000)
        readable = message.sent_at.strftime("%b %d, %Y %I:%M:%S %p")
        rows.append(
            f'  <sms protocol="0" address={quoteattr(message.address)} date="{millis}" '
            f'type="{2 if message.outgoing else 1}" subject="null" body={quoteattr(message.body)} toa="null" '
            f'sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="{millis}" '
            f'sub_id="1" readable_date={quoteattr(readable)} '
            f"contact_name={quoteattr(message.contact_name)} />"
        )
    head = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
    return (
        head
        + f'<smses count="{len(rows)}" backup_set="demo" backup_date="1765400000000" type="full">\n'
        + "\n".join(rows)
        + "\n</smses>\n"
    ).encode("utf-8")


def calls_xml_bytes(draft: Draft) -> bytes:
    rows = []
    for call in draft.calls:
        millis = int(call.at.timestamp() * 1000)
        readable = call.at.strftime("%b %d, %Y %I:%M:%S %p")
        rows.append(
            f'  <call number={quoteattr(call.number)} duration="{call.duration_seconds}" date="{millis}" '
            f'type="{call.call_type}" presentation="1" subscription_id="1" post_dial_digits="" '
            f"readable_date={quoteattr(readable)} contact_name={quoteattr(call.contact_name)} />"
        )
    head = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
    return (
        head
        + f'<calls count="{len(rows)}" backup_set="demo" backup_date="1765400000000" type="full">\n'
        + "\n".join(rows)
        + "\n</calls>\n"
    ).encode("utf-8")


def whatsapp_bytes(draft: Draft) -> bytes:
    lines = [
        "11/21/24, 9:00 AM - Messages and calls are end-to-end encrypted. No one outside of this chat, "
        "not even WhatsApp, can read or listen to them."
    ]
    for message in draft.messages:
        stamp = f"{message.sent_at.month}/{message.sent_at.day}/{message.sent_at.year % 100:02d}, "
        stamp += message.sent_at.strftime("%I:%M %p").lstrip("0")
        lines.append(f"{stamp} - {message.contact_name}: {message.body}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render(draft: Draft, seed: int) -> bytes:
    """The file's bytes. Containers render their members first."""
    lines = draft.body.lines
    simple: dict[str, Callable[[], bytes]] = {
        "pdf": lambda: pdf_bytes(lines),
        "png": lambda: png_bytes(scanned_image(lines, seed)),
        "scanned_pdf": lambda: image_pdf_bytes(scanned_image(lines, seed)),
        "docx": lambda: docx_bytes(lines, draft.title),
        "rtf": lambda: rtf_bytes(lines),
        "html": lambda: html_bytes(lines, draft.title),
        "txt": lambda: (draft.body.text + "\n").encode("utf-8"),
        "eml": lambda: eml_bytes(draft, seed),
        "mbox": lambda: mbox_bytes(draft, seed),
        "sms_xml": lambda: sms_xml_bytes(draft),
        "calls_xml": lambda: calls_xml_bytes(draft),
        "whatsapp_txt": lambda: whatsapp_bytes(draft),
        "zip": lambda: fixed_zip([(member.file_name, render(member, seed)) for member in draft.members]),
    }
    if draft.format not in simple:
        raise ValueError(f"no writer for format {draft.format!r}")
    return simple[draft.format]()
