"""Hand-written PDFs for page rendering: the red team's 349-byte page that declares a giant size."""

from __future__ import annotations


def one_page_pdf(page_entries: str, content: bytes | None = None) -> bytes:
    """A valid one-page PDF whose page dictionary holds ``page_entries`` (``/MediaBox [...]`` etc.)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R {page_entries}{' /Contents 4 0 R' if content else ''} >>".encode(),
    ]
    if content is not None:
        objects.append(f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream")
    out = bytearray(b"%PDF-1.6\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


GIANT_PAGE = one_page_pdf("/MediaBox [0 0 14400 14400] /UserUnit 75000")
"""The red team's PDF: 349 bytes, a page of 14,400 pt (200 in) square with a /UserUnit of 75,000."""
