"""A planted fictional child whose full name, date of birth and address must never leave an export."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from aseagi.exports.privacy import ProtectedPerson

FULL_NAME = "Jordan Michael Martinez"
SHORT_NAME = "Jordan M."
DOB = date(2019, 3, 14)
DOB_TEXT = "03/14/2019"
ADDRESS = "1234 Elm Street"
PLANTED = ProtectedPerson(FULL_NAME, "child", DOB, address=ADDRESS)
PETITION_TEXT = [
    "SUPERIOR COURT OF CALIFORNIA, COUNTY OF ALAMEDA - JUVENILE DIVISION",
    f"In the Matter of {FULL_NAME}, a Person Coming Under the Juvenile Court Law.",
    "Case No. JV-2026-009999",
    "SUPPLEMENTAL REPORT",
    f"Child: {FULL_NAME}   DOB: {DOB_TEXT}",
    f"The child, {FULL_NAME}, age 6, resides with the caregiver at {ADDRESS}, Oakland.",
    "The caregiver brought the child to every visit.",
]


def write_petition_pdf(path: Path) -> Path:
    """A stored PDF with a text layer: its pages are redacted by removing, not covering, the text."""
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.setTitle(f"Report on {FULL_NAME}")  # metadata of the original must not travel either
    y = 720
    for line in PETITION_TEXT:
        pdf.drawString(72, y, line)
        y -= 18
    pdf.showPage()
    pdf.drawString(72, 720, "Page two: nothing private here, only the schedule of visits.")
    pdf.showPage()
    pdf.save()
    return path


def write_email(path: Path) -> Path:
    """An e-mail whose pages are drawn (headers and body) after redaction."""
    message = EmailMessage()
    message["From"] = "Case Aide <aide@example.org>"
    message["To"] = "Mother <mother@example.net>"
    message["Subject"] = f"Visit with {FULL_NAME}"
    message["Date"] = "Tue, 04 Mar 2025 10:00:00 -0800"
    message.set_content(f"{FULL_NAME} (born {DOB_TEXT}) was dropped off at {ADDRESS} after the visit.\n")
    path.write_bytes(bytes(message))
    return path
