"""SmsBackupParser on generated "SMS Backup & Restore" files: texts, MMS, calls, damaged XML."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aseagi.ingestion.parsers.base import ParseContext, ParsedDocument, ParseError
from aseagi.ingestion.parsers.sms import SmsBackupParser

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
MS_2024_03_02_1405 = 1709388300000  # 2024-03-02 14:05:00 UTC

BACKUP = f"""<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="4">
  <sms protocol="0" address="+15550100" date="{MS_2024_03_02_1405 + 60_000}" type="2"
       body="I did not get any notice." contact_name="Mother" readable_date="x" />
  <sms protocol="0" address="+15550100" date="{MS_2024_03_02_1405}" type="1"
       body="Hearing is tomorrow at 9 &amp; bring papers" contact_name="Mother" />
  <mms date="{MS_2024_03_02_1405 + 120_000}" msg_box="1" address="+15550100" contact_name="Mother" sub="null">
    <parts>
      <part seq="-1" ct="application/smil" name="null" text="&lt;smil/&gt;" />
      <part seq="0" ct="image/png" name="../../photo.png" text="null"
            data="{base64.b64encode(PNG).decode()}" />
      <part seq="1" ct="text/plain" name="null" text="Photo of the letter" />
    </parts>
    <addrs>
      <addr address="+15550100" type="137" charset="106" />
      <addr address="+15550199" type="151" charset="106" />
    </addrs>
  </mms>
  <mms date="{MS_2024_03_02_1405 + 180_000}" msg_box="1" address="+15550100" contact_name="Mother">
    <parts><part seq="0" ct="image/jpeg" name="broken.jpg" data="@@not base64@@" /></parts>
    <addrs><addr address="+15550100" type="137" /></addrs>
  </mms>
</smses>
"""

CALLS = f"""<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<calls count="3">
  <call number="+15550100" duration="125" date="{MS_2024_03_02_1405}" type="1" contact_name="Mother" />
  <call number="+15550111" duration="0" date="{MS_2024_03_02_1405 + 1000}" type="3"
        contact_name="(Unknown)" />
  <call number="+15550122" duration="42" date="{MS_2024_03_02_1405 + 2000}" type="2" contact_name="Agency" />
</calls>
"""


def _parse(tmp_path: Path, text: str, name: str = "sms.xml") -> ParsedDocument:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return SmsBackupParser().parse(path, ParseContext(workdir=tmp_path / "work"))


def test_sms_and_mms(tmp_path: Path) -> None:
    doc = _parse(tmp_path, BACKUP)
    incoming, outgoing, mms, broken = doc.messages  # sorted by time
    assert incoming.channel == "sms"
    assert incoming.sender == "Mother (+15550100)"
    assert incoming.recipients == ("me",)
    assert incoming.direction == "incoming"
    assert incoming.sent_at == datetime(2024, 3, 2, 14, 5, tzinfo=UTC)
    assert incoming.content == "Hearing is tomorrow at 9 & bring papers"
    assert incoming.thread == "+15550100"
    assert outgoing.sender == "me"
    assert outgoing.recipients == ("Mother (+15550100)",)
    assert outgoing.direction == "outgoing"
    assert mms.channel == "mms"
    assert mms.sender == "Mother (+15550100)"
    assert "Photo of the letter" in mms.content
    assert "smil" not in mms.content
    assert broken.channel == "mms"

    (member,) = doc.members
    assert member.name == "../../photo.png"
    assert member.path.parent == tmp_path / "work"
    assert member.path.read_bytes() == PNG
    assert any("broken.jpg" in warning and "base64" in warning for warning in doc.warnings)

    lines = doc.pages[0].text.splitlines()
    assert lines[1] == "2024-03-02 14:05  Mother (+15550100) -> me: Hearing is tomorrow at 9 & bring papers"
    assert lines[2] == "2024-03-02 14:06  me -> Mother (+15550100): I did not get any notice."


def test_calls(tmp_path: Path) -> None:
    doc = _parse(tmp_path, CALLS, "calls.xml")
    incoming, missed, outgoing = doc.messages
    assert incoming.channel == "call"
    assert incoming.call_type == "incoming"
    assert incoming.duration_seconds == 125
    assert missed.call_type == "missed"
    assert missed.sender == "+15550111"
    assert outgoing.call_type == "outgoing"
    assert outgoing.sender == "me"
    assert outgoing.recipients == ("Agency (+15550122)",)
    assert "[missed call, 0 s]" in doc.text


def test_truncated_backup_keeps_what_was_read(tmp_path: Path) -> None:
    cut = BACKUP[: BACKUP.index("<mms")] + '<sms address="+1" date="1" bo'
    doc = _parse(tmp_path, cut)
    assert len(doc.messages) == 2
    assert any("cut short" in warning for warning in doc.warnings)


def test_unreadable_from_the_start_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError):
        _parse(tmp_path, "<?xml version='1.0'?>\n<smses><sms address=\"1\" body=")
    with pytest.raises(ParseError):
        _parse(tmp_path, "this is not xml at all")
    with pytest.raises(ParseError):
        _parse(tmp_path, "<?xml version='1.0'?><html><body/></html>")


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE smses [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<smses><sms address="1" date="1" type="1" body="&b;"/></smses>'
    )
    with pytest.raises(ParseError):
        _parse(tmp_path, bomb)


def test_empty_backup(tmp_path: Path) -> None:
    doc = _parse(tmp_path, "<?xml version='1.0'?>\n<smses count=\"0\"/>\n")
    assert doc.messages == ()
    assert doc.warnings == ()


def test_transcript_pages_hold_one_hundred_entries(tmp_path: Path) -> None:
    records = "".join(
        f'<sms address="+1555" date="{MS_2024_03_02_1405 + i * 60_000}" type="1" body="message {i}"/>'
        for i in range(250)
    )
    doc = _parse(tmp_path, f"<smses>{records}</smses>")
    assert doc.page_count == 3
    assert doc.pages[1].text.splitlines()[1].endswith("message 100")
    assert len(doc.pages[2].text.splitlines()) == 51
