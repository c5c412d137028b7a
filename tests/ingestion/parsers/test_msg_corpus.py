"""The 19 Outlook ``.msg`` files of the robustness corpus, each against what its MANIFEST note says.

The notes give the subjects of the ingest-file files, which files carry attachments or an embedded
``.msg``, the French subjects (asserted verbatim by MSGReader's own EncodingTests), the Russian RTF text
and the corrupt POI file. Senders, dates and attachment names are the files' own MAPI values, which
extract-msg (the reader used before) gave identically.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import olefile
import pytest

from aseagi.ingestion.parsers.base import ParseContext, ParseError
from aseagi.ingestion.parsers.mapi import EMBEDDED_MESSAGE, PROPERTIES
from aseagi.ingestion.parsers.msg import OutlookMsgParser

WILSON = '"Wilson, Chris" <Chris.Wilson@leeds.gov.uk>'
JULIE = "Julie Clarebots <Julie.Clarebots@qbere.com>"
PDF = ("SampleAttachment.pdf",)

# relpath, subject, sender, sent at (UTC unless the header says otherwise), a body excerpt, attachment names
EXPECTED = [
    (
        "ingest_file__fnf.msg",
        "Innovationskongress 2017 - Do., 29. Juni - 09 Uhr",
        "Friedrich-Naumann-Stiftung für die Frei heit <noreply@freiheit.org>",
        "2017-06-06T17:24:50+02:00",
        "Sehr geehrter Herr Gehrke",
        ("7b2fd116582e4b66be0451b4755fff1d.png",),
    ),
    (
        "ingest_file__piste.msg",
        "Ab auf die Piste!",
        "GMX Magazin <mailings@gmxnet.de>",
        "2010-11-28T22:42:18+00:00",
        "GMX Magazin",
        (),
    ),
    (
        "mapi__sample.msg",
        "Testing Manuel Lemos' MIME E-mail composing and sending PHP class: HTML message",
        "mlemos <mlemos@acm.org>",
        "2005-04-30T22:28:29+00:00",
        "Hello Manuel,",
        ("attachment.txt",),
    ),
    (
        "msg-extractor__strangeDate_export-results.msg",
        "MSG Test File",
        None,
        None,
        "Document file type: MSG",
        (),
    ),
    (
        "msgreader/EmailWith2Attachments.msg",
        "E-mail with 2 attachments",
        '"Spelde van, CMMA (Kees)" <kees.van.spelde@achmea.nl>',
        "2019-12-02T08:44:20+00:00",
        "Kees van Spelde",
        ("Installatie handleiding.docx", "Installatiehandleiding S&I Agro.xlsx"),
    ),
    (
        "msgreader/EmailWithAttachments.msg",
        "This is the subject",
        "Kees <peterpan@neverland.com>",
        "2016-12-03T18:08:54+00:00",
        "Hello Neverland text",
        ("peterpan.jpg", "tinkerbell.jpg"),
    ),
    (
        "msgreader/EmailWithInnerMailAndAttachments.msg",
        "Outer mail",
        None,
        None,  # never sent: a draft carries no send time
        "Outer mail",
        ("OUTER 1.pdf", "OUTER 2.pdf", "Inner mail.msg"),
    ),
    (
        "msgreader/EmailWithMsgAttachment.msg",
        "FW: Msg Attachment Test",
        "Daniel Triendl <d.triendl@cp-solutions.at>",
        "2025-07-22T12:15:09+00:00",
        "",  # the forward has no text of its own, only the attached message
        ("Msg Attachment Test.msg",),
    ),
    (
        "msgreader/EmailWithReactions.msg",
        "Test read receipts",
        "test1 <test1@readreceipts.onmicrosoft.com>",
        "2023-10-05T17:03:07+00:00",
        "Testing",
        (),
    ),
    (
        "msgreader/EmailWithSpecialCharsInSubject.msg",
        "Un sujet bien défini Àéroport mañana être ouïe électricité così próxima à Ô",
        JULIE,
        "2024-03-27T09:14:48+00:00",
        "Testing .msg subject encoding",
        (),
    ),
    (
        "msgreader/EmailWithSpecialCharsInSubject_2.msg",
        "Un sujet très bien défini",
        JULIE,
        "2024-03-29T14:16:33+00:00",
        "Voilà",
        (),
    ),
    (
        "msgreader/HtmlSampleEmail.msg",
        "HtmlSampleEmail",
        WILSON,
        "2017-10-23T07:31:03+00:00",
        "Genoa and Lucca",
        (),
    ),
    (
        "msgreader/HtmlSampleEmailWithAttachment.msg",
        "HtmlSampleEmailWithAttachment",
        WILSON,
        "2017-10-23T09:05:24+00:00",
        "This is a sample HTML email with an attachment",
        PDF,
    ),
    (
        "msgreader/RtfSampleEmail.msg",
        "RtfSampleEmail",
        WILSON,
        "2017-10-23T07:31:09+00:00",
        "Genoa and Lucca",
        (),
    ),
    (
        "msgreader/RtfSampleEmailWithAttachment.msg",
        "RtfSampleEmailWithAttachment",
        WILSON,
        "2017-10-23T09:05:21+00:00",
        "This is a sample RTF email with an attachment",
        PDF,
    ),
    (
        "msgreader/RtfWithShortRussianString.msg",
        "",
        None,
        None,
        "«Имя пользователя» (email) и  «Пароль» (password)",
        (),
    ),
    (
        "msgreader/TxtSampleEmail.msg",
        "TxtSampleEmail",
        WILSON,
        "2017-10-23T07:31:27+00:00",
        "Genoa and Lucca",
        (),
    ),
    (
        "msgreader/TxtSampleEmailWithAttachment.msg",
        "TxtSampleEmailWithAttachment",
        WILSON,
        "2017-10-23T09:05:23+00:00",
        "This is a sample plain text email with an attachment",
        PDF,
    ),
]


@pytest.mark.parametrize(
    ("relpath", "subject", "sender", "sent_at", "body", "attachments"),
    EXPECTED,
    ids=[row[0] for row in EXPECTED],
)
def test_corpus_msg_matches_expectations(
    corpus: Path,
    tmp_path: Path,
    relpath: str,
    subject: str,
    sender: str | None,
    sent_at: str | None,
    body: str,
    attachments: tuple[str, ...],
) -> None:
    doc = OutlookMsgParser().parse(corpus / "msg" / relpath, ParseContext(workdir=tmp_path / "work"))
    (message,) = doc.messages
    assert message.subject == subject
    assert message.sender == sender
    assert message.sent_at == (datetime.fromisoformat(sent_at) if sent_at else None)
    assert body in message.content
    assert "\x00" not in doc.text
    assert tuple(member.name for member in doc.members) == attachments
    assert doc.metadata["attachments"] == str(len(attachments))
    for member in doc.members:
        assert member.path.stat().st_size == member.size > 0


def test_the_nineteenth_is_corrupt_and_fails_with_the_reason(corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(ParseError, match=r"damaged \(OleFileError: double reference"):
        OutlookMsgParser().parse(corpus / "msg/poi__unknown_properties.msg", ParseContext(workdir=tmp_path))
    assert len(EXPECTED) + 1 == len(list((corpus / "msg").rglob("*.msg")))


def test_recipients_come_from_headers_or_the_recipient_table(corpus: Path, tmp_path: Path) -> None:
    headers = OutlookMsgParser().parse(
        corpus / "msg/msgreader/HtmlSampleEmail.msg", ParseContext(workdir=tmp_path)
    )
    assert headers.messages[0].recipients == ("Wilson, Chris <Chris.Wilson@leeds.gov.uk>",)
    assert (
        headers.metadata["message_id"] == "<6BA412B7BBD2FD42861293C22F31BF8F1AEC9B57@pifmbx04.Leeds.gov.uk>"
    )
    table = OutlookMsgParser().parse(
        corpus / "msg/msgreader/EmailWithAttachments.msg", ParseContext(workdir=tmp_path)
    )
    assert table.messages[0].recipients == (
        "crocodile@neverland.com",
        "tinkerbel@neverland.com",
    )  # Bcc left out


@pytest.mark.parametrize(
    ("relpath", "inner_subject", "inner_attachments"),
    [
        ("EmailWithInnerMailAndAttachments.msg", "Inner mail", ("INNER 1.pdf", "INNER 2.pdf")),
        ("EmailWithMsgAttachment.msg", "Msg Attachment Test", ()),
    ],
)
def test_embedded_message_is_the_same_message_standing_alone(
    corpus: Path, tmp_path: Path, relpath: str, inner_subject: str, inner_attachments: tuple[str, ...]
) -> None:
    outer_path = corpus / "msg/msgreader" / relpath
    doc = OutlookMsgParser().parse(outer_path, ParseContext(workdir=tmp_path / "outer"))
    (saved,) = [member for member in doc.members if member.path.suffix == ".msg"]
    inner = OutlookMsgParser().parse(saved.path, ParseContext(workdir=tmp_path / "inner"))
    assert inner.title == inner_subject
    assert tuple(member.name for member in inner.members) == inner_attachments
    assert not inner.warnings

    with olefile.OleFileIO(str(outer_path)) as outer, olefile.OleFileIO(str(saved.path)) as alone:
        (storage,) = [e[:2] for e in outer.listdir(storages=True) if len(e) == 2 and e[1] == EMBEDDED_MESSAGE]
        inside = {tuple(e[2:]) for e in outer.listdir() if tuple(e[:2]) == tuple(storage)}
        assert inside <= {tuple(e) for e in alone.listdir()}
        for entry in inside:
            original = outer.openstream([*storage, *entry]).read()
            copy = alone.openstream(list(entry)).read()
            if entry == (PROPERTIES,):  # a top-level message's header is 8 bytes longer
                assert copy[:24] + copy[32:] == original and copy[24:32] == bytes(8)
            else:
                assert copy == original
        assert alone.exists("__nameid_version1.0")
        assert alone.getclsid([]) == outer.getclsid(list(storage))
