"""WhatsAppParser on exports in each phone/locale style, and the day/month inference."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from aseagi.ingestion.parsers.base import ParseContext, ParsedDocument, ParseError
from aseagi.ingestion.parsers.whatsapp import WhatsAppParser

NNBSP, LRM = "\u202f", "\u200e"


def _parse(tmp_path: Path, text: str, name: str = "WhatsApp Chat with Mother.txt") -> ParsedDocument:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return WhatsAppParser().parse(path, ParseContext(workdir=tmp_path / "work"))


@pytest.mark.parametrize(
    ("export", "expected"),
    [
        pytest.param(
            "[02/03/24, 14:05:09] Mother: Hearing is at 9\n[13/03/24, 08:00:00] Me: ok\n",
            datetime(2024, 3, 2, 14, 5, 9),
            id="ios-dd/mm/yy",
        ),
        pytest.param(
            "02/03/2024, 14:05 - Mother: Hearing is at 9\n13/03/2024, 08:00 - Me: ok\n",
            datetime(2024, 3, 2, 14, 5),
            id="android-dd/mm/yyyy",
        ),
        pytest.param(
            f"3/2/24, 2:05{NNBSP}PM - Mother: Hearing is at 9\n3/13/24, 8:00{NNBSP}AM - Me: ok\n",
            datetime(2024, 3, 2, 14, 5),
            id="us-m/d/yy-ampm-nnbsp",
        ),
        pytest.param(
            "2024-03-02 14:05 - Mother: Hearing is at 9\n2024-03-13 08:00 - Me: ok\n",
            datetime(2024, 3, 2, 14, 5),
            id="iso",
        ),
        pytest.param(
            "02/03/2024 14:05:09: Mother: Hearing is at 9\n13/03/2024 08:00:00: Me: ok\n",
            datetime(2024, 3, 2, 14, 5, 9),
            id="old-2012",
        ),
        pytest.param(
            "02.03.24, 14:05 - Mother: Hearing is at 9\n13.03.24, 08:00 - Me: ok\n",
            datetime(2024, 3, 2, 14, 5),
            id="german-dots",
        ),
        pytest.param(
            f"{LRM}[2/3/24, 2:05:09{NNBSP}p. m.] Mother: Hearing is at 9\n[13/3/24, 8:00:00 a. m.] Me: ok\n",
            datetime(2024, 3, 2, 14, 5, 9),
            id="spanish-ampm-lrm",
        ),
    ],
)
def test_each_export_style(tmp_path: Path, export: str, expected: datetime) -> None:
    doc = _parse(tmp_path, export)
    first, second = doc.messages
    assert first.sent_at == expected
    assert first.sender == "Mother"
    assert first.content == "Hearing is at 9"
    assert first.channel == "whatsapp"
    assert first.thread == "Mother"
    assert first.recipients == ("Me",)
    assert second.sent_at is not None
    assert second.sent_at.day == 13


def test_multiline_system_and_media(tmp_path: Path) -> None:
    export = (
        "12/01/2024, 10:00 - Messages and calls are end-to-end encrypted. No one outside can read them.\n"
        '12/01/2024, 10:01 - Mother created group "Family: visits"\n'
        "12/01/2024, 10:02 - Mother: first line\nsecond line: with colon\n\nfourth line\n"
        f"12/01/2024, 10:03 - {LRM}Father: <Media omitted>\n"
    )
    doc = _parse(tmp_path, export, "_chat.txt")
    system, created, multi, media = doc.messages
    assert system.sender is None
    assert created.sender is None
    assert multi.content == "first line\nsecond line: with colon\n\nfourth line"
    assert media.sender == "Father"
    assert media.content == "<Media omitted>"
    assert multi.thread == "Family: visits"
    text = doc.pages[0].text
    assert "2024-01-12 10:02  Mother: first line\n    second line: with colon" in text


def test_ambiguous_dates_use_sequence_then_locale(tmp_path: Path) -> None:
    # No field above 12: 01/02 -> 03/02 -> 05/02 is in sequence both ways, 05/02 -> 01/03 only day-first.
    export = (
        "01/02/24, 10:00 - A: x\n03/02/24, 10:00 - B: y\n05/02/24, 10:00 - A: z\n01/03/24, 10:00 - B: w\n"
    )
    doc = _parse(tmp_path, export)
    assert [m.sent_at.month for m in doc.messages if m.sent_at] == [2, 2, 2, 3]
    # Fully ambiguous and in sequence either way: 12-hour exports read month-first (US).
    export = "1/2/24, 10:00 AM - A: x\n1/2/24, 11:00 AM - B: y\n"
    doc = _parse(tmp_path, export, "us.txt")
    assert doc.messages[0].sent_at == datetime(2024, 1, 2, 10, 0)


def test_mixed_styles_are_inferred_separately(tmp_path: Path) -> None:
    export = "12/15/25, 10:30 AM - John: android\n[15/12/2025, 10:32:03 AM] Alice: ios\n"
    doc = _parse(tmp_path, export)
    assert [m.sent_at for m in doc.messages] == [
        datetime(2025, 12, 15, 10, 30),
        datetime(2025, 12, 15, 10, 32, 3),
    ]


def test_not_a_chat(tmp_path: Path) -> None:
    with pytest.raises(ParseError):
        _parse(tmp_path, "Dear Judge,\nI am writing about the hearing.\n")
    assert _parse(tmp_path, "", "empty.txt").messages == ()
