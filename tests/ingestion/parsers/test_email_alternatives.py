"""Which alternative of a multipart e-mail is read: plain text, unless it is only a stub of the HTML."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from aseagi.ingestion.parsers.base import ParseContext
from aseagi.ingestion.parsers.registry import parse_file

HTML = (
    "<html><head><style>p {color: red}</style></head><body>"
    "<p>The petition alleges jurisdiction under <b>Welf. &amp; Inst. Code, &sect;&nbsp;300(b)</b>.</p>"
    "<p>The jurisdiction hearing is set for March 14, 2024; see Welf. &amp; Inst. Code, &sect; 294.</p>"
    "</body></html>"
)


def _alternative(plain: str, html: str = HTML, related: bool = False) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "clerk@court.example"
    message["To"] = "parent@example.org"
    message["Subject"] = "Notice of hearing"
    message["Date"] = "Mon, 04 Mar 2024 09:00:00 -0800"
    message.set_content(plain)
    message.add_alternative(html, subtype="html")
    if related:
        html_part = message.get_payload()[1]
        html_part.add_related(b"\x89PNG\r\n\x1a\n" + bytes(6000), "image", "png", cid="<seal>")
    return message


def _body(tmp_path: Path, message: EmailMessage) -> str:
    path = tmp_path / "notice.eml"
    path.write_bytes(message.as_bytes())
    document = parse_file(path, ParseContext(workdir=tmp_path / "work"))
    return document.messages[0].content


@pytest.mark.parametrize(
    "stub",
    [
        "This message has an HTML body.",
        "To view this message, use an HTML-capable e-mail program.",
        "",
        "Notice of hearing",
    ],
)
def test_a_plain_stub_gives_way_to_the_html_with_entities_decoded(tmp_path: Path, stub: str) -> None:
    body = _body(tmp_path, _alternative(stub))
    assert "Welf. & Inst. Code, § 300(b)" in body
    assert "March 14, 2024; see Welf. & Inst. Code, § 294." in body
    assert "&amp;" not in body
    assert "color: red" not in body
    assert stub not in body or not stub


def test_the_html_inside_multipart_related_is_found(tmp_path: Path) -> None:
    body = _body(tmp_path, _alternative("This message has an HTML body.", related=True))
    assert "Welf. & Inst. Code, § 294" in body


def test_a_real_plain_alternative_is_kept(tmp_path: Path) -> None:
    plain = (
        "The petition alleges jurisdiction under Welf. & Inst. Code, 300(b).\n"
        "The jurisdiction hearing is set for March 14, 2024."
    )
    assert _body(tmp_path, _alternative(plain)) == plain


def test_a_short_message_keeps_its_plain_text(tmp_path: Path) -> None:
    assert _body(tmp_path, _alternative("OK, see you then.", "<p>OK, see you <b>then</b>.</p>")) == (
        "OK, see you then."
    )


def test_html_only_mail_keeps_inline_markup_within_its_line(tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"] = "clerk@court.example"
    message["Subject"] = "Order"
    message.set_content(HTML, subtype="html")
    body = _body(tmp_path, message)
    assert body.splitlines()[0] == "The petition alleges jurisdiction under Welf. & Inst. Code, § 300(b)."
