"""Every command through the real library, a fake Bot API server and the real API on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.bot.format import MESSAGE_LIMIT
from aseagi.bot.handlers.access import REFUSAL
from aseagi.bot.handlers.common import GAVE_UP, UNREACHABLE
from aseagi.bot.handlers.errors import SORRY
from aseagi.models import AuditEntry
from tests.bot.conftest import ALLOWED, STRANGER, Harness
from tests.telegram.seed import SeededCase, add_document, add_violation, seed


async def _ask(harness: Harness, text: str, expect: str, *, user: int = ALLOWED) -> dict:
    after = len(harness.fake.sent)
    harness.fake.message(user, text)
    return await harness.fake.wait_text(expect, after=after)


async def _seeded(harness: Harness, session: AsyncSession) -> SeededCase:
    async with harness.db_lock:
        seeded = await seed(session)
    await _ask(harness, f"/case {seeded.case.docket_number}", "now follows case")
    return seeded


async def test_start_and_help(harness: Harness) -> None:
    reply = await _ask(harness, "/start", "ASEAGI case assistant")
    assert reply["parse_mode"] == "HTML"
    assert "/search" in reply["text"]
    assert "all cases" in reply["text"]
    assert ("setMyCommands",) == tuple(c[0] for c in harness.fake.calls if c[0] == "setMyCommands")


async def test_violations_design_and_pagination(harness: Harness, session: AsyncSession) -> None:
    seeded = await _seeded(harness, session)
    first = await _ask(harness, "/violations", "DETECTED VIOLATIONS")
    text = first["text"]
    assert "📋 <b>DETECTED VIOLATIONS (4 Total, 2 Critical)</b>" in text
    assert "🚨 <b>CRITICAL: Verified critical</b>" in text
    assert "🚨 <b>CRITICAL: Due Process Violation</b>" in text
    assert "<b>Person:</b> Sam Worker" in text
    assert "<b>Issue:</b> No notice of the detention hearing." in text
    assert "<b>Legal basis:</b> WIC 290.1" in text
    assert "<b>Source:</b> detention-report.pdf" in text
    assert "ICWA" not in text  # page size 2
    buttons = first["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["Next ▶"]

    after = len(harness.fake.sent)
    harness.fake.press(ALLOWED, first, buttons[0]["callback_data"])
    edited = await harness.fake.wait_for(lambda s: s["method"] == "editMessageText", after=after)
    assert edited["message_id"] == first["message_id"]
    assert "ICWA inquiry missing" in edited["text"]
    assert "Late report" in edited["text"]
    assert "<i>3–4 of 4</i>" in edited["text"]
    assert [b["text"] for b in edited["reply_markup"]["inline_keyboard"][0]] == ["◀ Previous"]
    assert any(c[0] == "answerCallbackQuery" for c in harness.fake.calls)
    assert seeded.case.docket_number


async def test_search_highlights_and_escapes(harness: Harness, session: AsyncSession) -> None:
    seeded = await _seeded(harness, session)
    async with harness.db_lock:
        await add_document(
            session,
            seeded.case,
            file_name="<b>fake</b> & co.pdf",
            text="Visit log: mother <script>alert(1)</script> & father had < 3 hours > "
            "supervised visitation.",
        )
    reply = await _ask(harness, "/search visitation", "SEARCH")
    text = reply["text"]
    assert "<b>visitation</b>" in text
    assert "mother  alert(1)  &amp; father had &lt; 3 hours &gt; supervised <b>visitation</b>" in text
    assert "&lt;b&gt;fake&lt;/b&gt; &amp; co.pdf" in text
    assert "<script>" not in text
    phrase = await _ask(harness, '/search "notified by phone"', "SEARCH")
    assert "(1 found)" in phrase["text"]
    assert "page 3" in phrase["text"]
    usage = await _ask(harness, "/search", "Usage")
    assert "/search" in usage["text"]


async def test_search_pages_remember_the_query(harness: Harness, session: AsyncSession) -> None:
    seeded = await _seeded(harness, session)
    async with harness.db_lock:
        for n in range(3):
            await add_document(
                session, seeded.case, file_name=f"order-{n}.pdf", text="continuance " * (n + 1)
            )
    first = await _ask(harness, "/search continuance", "SEARCH")
    assert "(3 found)" in first["text"]
    after = len(harness.fake.sent)
    harness.fake.press(ALLOWED, first, first["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
    edited = await harness.fake.wait_for(lambda s: s["method"] == "editMessageText", after=after)
    assert "order-0.pdf" in edited["text"]
    assert "<i>3–3 of 3</i>" in edited["text"]


async def test_timeline_actions_deadline_report(harness: Harness, session: AsyncSession) -> None:
    seeded = await _seeded(harness, session)
    today = seeded.today
    timeline = await _ask(harness, "/timeline 30", "TIMELINE")
    assert f"{today - timedelta(days=30)} → {today + timedelta(days=30)} (5 events)" in timeline["text"]
    assert "Detention hearing (Dept. 7)" in timeline["text"]
    bad = await _ask(harness, "/timeline soon", "Usage")
    assert "/timeline" in bad["text"]

    actions = await _ask(harness, "/actions", "ACTION ITEMS")
    # Deadlines and hearings of the next two weeks, smoking guns, unreviewed CRITICAL and HIGH findings,
    # failed documents.
    assert "ACTION ITEMS (6)" in actions["text"]
    assert "⏰ <b>Notice of appeal due</b> — in <b>3 days</b>" in actions["text"]
    assert "⚖️ <b>Jurisdiction hearing</b> — in <b>5 days</b>" in actions["text"]

    deadlines = await _ask(harness, "/deadline", "UPCOMING DEADLINES")
    assert "UPCOMING DEADLINES (2)" in deadlines["text"]
    assert (
        f"<b>{today + timedelta(days=3)}</b> — Notice of appeal due (<b>in 3 days</b>)" in deadlines["text"]
    )
    assert "<b>Rule:</b> CRC 8.406(a)" in deadlines["text"]

    report = await _ask(harness, "/report", "DAILY REPORT")
    text = report["text"]
    assert "<b>Documents:</b> 5 (done 3, failed 1, queued 1)" in text
    assert "<b>Smoking guns:</b> 2" in text
    assert "<b>Violations:</b> 4 (2 critical)" in text
    assert "<b>Next hearing:</b>" in text
    assert "Jurisdiction hearing (in 5 days)" in text
    assert "<b>Status:</b> attention" in text


async def test_case_command(harness: Harness, session: AsyncSession) -> None:
    seeded = await _seeded(harness, session)
    current = await _ask(harness, "/case", "follows case")
    assert seeded.case.docket_number in current["text"]
    missing = await _ask(harness, "/case J99-00000", "no case")
    assert "⚠️" in missing["text"]
    everything = await _ask(harness, "/case all", "all cases")
    assert everything["text"] == "This chat now shows all cases."
    report = await _ask(harness, "/report", "DAILY REPORT")
    assert "<b>Documents:</b> 6" in report["text"]


async def test_stranger_gets_one_refusal_and_is_audited(harness: Harness, session: AsyncSession) -> None:
    await _ask(harness, "/report", REFUSAL, user=STRANGER)
    before = len(harness.fake.sent)
    harness.fake.message(STRANGER, "/violations")
    await _ask(harness, "/help", "ASEAGI case assistant")  # the allowed user still gets answers
    strangers = [s for s in harness.fake.sent[before:] if s["chat_id"] == STRANGER]
    assert strangers == []
    async with harness.db_lock:
        entries = (
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "telegram.refused"))
        ).all()
    assert [e.resource_id for e in entries] == [str(STRANGER)]
    assert entries[0].detail["command"] == "/report"
    assert all(s["text"] == REFUSAL for s in harness.fake.sent if s["chat_id"] == STRANGER)


async def test_api_down_then_back(harness: Harness, session: AsyncSession) -> None:
    await _seeded(harness, session)
    harness.transport.down = 3
    after = len(harness.fake.sent)
    harness.fake.message(ALLOWED, "/report")
    told = await harness.fake.wait_text(UNREACHABLE, after=after)
    assert told["chat_id"] == ALLOWED
    await harness.fake.wait_text("DAILY REPORT", after=after)


async def test_api_down_for_good_and_the_bot_lives_on(harness: Harness) -> None:
    harness.transport.down = 100
    after = len(harness.fake.sent)
    harness.fake.message(ALLOWED, "/violations")
    await harness.fake.wait_text(UNREACHABLE, after=after)
    await harness.fake.wait_text(GAVE_UP, after=after)
    harness.transport.down = 0
    await _ask(harness, "/violations", "DETECTED VIOLATIONS")


async def test_unexpected_failure_says_sorry_without_internals(harness: Harness) -> None:
    harness.transport.garbled = 1
    reply = await _ask(harness, "/report", "Sorry")
    assert reply["text"] == SORRY
    await _ask(harness, "/report", "DAILY REPORT")


async def test_status(harness: Harness) -> None:
    reply = await _ask(harness, "/status", "Case server")
    assert "Case server ok" in reply["text"]
    assert "No bulk job is running." in reply["text"]
    missing = await _ask(harness, "/status job-that-does-not-exist", "⚠️")
    assert "job-that-does-not-exist" in missing["text"]


async def test_long_lists_split_under_the_limit(harness: Harness, session: AsyncSession) -> None:
    seeded = await _seeded(harness, session)
    harness.application.bot_data["config"] = type(harness.application.bot_data["config"])(
        **{**harness.application.bot_data["config"].__dict__, "page_size": 50}
    )
    async with harness.db_lock:
        for n in range(40):
            await add_violation(
                session,
                seeded.case,
                violation_type=f"Finding {n:02d}",
                severity="MEDIUM",
                description=f"Finding {n:02d}: " + "the report omits the required notice & service " * 10,
            )
    after = len(harness.fake.sent)
    harness.fake.message(ALLOWED, "/violations")
    await harness.fake.wait_text("LOW: Late report", after=after)  # the last item: LOW sorts last
    messages = harness.fake.sent[after:]
    assert len(messages) >= 4
    assert all(len(m["text"]) <= MESSAGE_LIMIT for m in messages)
    joined = "\n\n".join(m["text"] for m in messages)
    assert all(f"Finding {n:02d}</b>" in joined for n in range(40))
    assert all(m["text"].count("<b>") == m["text"].count("</b>") for m in messages)
    assert all("reply_markup" not in m for m in messages)
