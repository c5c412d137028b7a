"""/violations, /search, /timeline, /actions and /deadline (and /report after them) through the real
library, a fake Bot API server and the real API on PostgreSQL: pages, highlights, lists split under the
message limit."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from tests.bot.chat import ask, follow_seeded_case
from tests.bot.conftest import ALLOWED, Harness
from tests.telegram.seed import add_document, add_violation

from aseagi.bot.format import MESSAGE_LIMIT


async def test_violations_design_and_pagination(harness: Harness, session: AsyncSession) -> None:
    seeded = await follow_seeded_case(harness, session)
    first = await ask(harness, "/violations", "DETECTED VIOLATIONS")
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
    seeded = await follow_seeded_case(harness, session)
    async with harness.db_lock:
        await add_document(
            session,
            seeded.case,
            file_name="<b>fake</b> & co.pdf",
            text="Visit log: mother <script>alert(1)</script> & father had < 3 hours > "
            "supervised visitation.",
        )
    reply = await ask(harness, "/search visitation", "SEARCH")
    text = reply["text"]
    assert "<b>visitation</b>" in text
    assert "mother  alert(1)  &amp; father had &lt; 3 hours &gt; supervised <b>visitation</b>" in text
    assert "&lt;b&gt;fake&lt;/b&gt; &amp; co.pdf" in text
    assert "<script>" not in text
    phrase = await ask(harness, '/search "notified by phone"', "SEARCH")
    assert "(1 found)" in phrase["text"]
    assert "page 3" in phrase["text"]
    usage = await ask(harness, "/search", "Usage")
    assert "/search" in usage["text"]


async def test_search_pages_remember_the_query(harness: Harness, session: AsyncSession) -> None:
    seeded = await follow_seeded_case(harness, session)
    async with harness.db_lock:
        for n in range(3):
            await add_document(
                session, seeded.case, file_name=f"order-{n}.pdf", text="continuance " * (n + 1)
            )
    first = await ask(harness, "/search continuance", "SEARCH")
    assert "(3 found)" in first["text"]
    after = len(harness.fake.sent)
    harness.fake.press(ALLOWED, first, first["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
    edited = await harness.fake.wait_for(lambda s: s["method"] == "editMessageText", after=after)
    assert "order-0.pdf" in edited["text"]
    assert "<i>3–3 of 3</i>" in edited["text"]


async def test_timeline_actions_deadline_report(harness: Harness, session: AsyncSession) -> None:
    seeded = await follow_seeded_case(harness, session)
    today = seeded.today
    timeline = await ask(harness, "/timeline 30", "TIMELINE")
    assert f"{today - timedelta(days=30)} → {today + timedelta(days=30)} (5 events)" in timeline["text"]
    assert "Detention hearing (Dept. 7)" in timeline["text"]
    bad = await ask(harness, "/timeline soon", "Usage")
    assert "/timeline" in bad["text"]

    actions = await ask(harness, "/actions", "ACTION ITEMS")
    # Deadlines and hearings of the next two weeks, smoking guns, unreviewed CRITICAL and HIGH findings,
    # failed documents.
    assert "ACTION ITEMS (6)" in actions["text"]
    assert "⏰ <b>Notice of appeal due</b> — in <b>3 days</b>" in actions["text"]
    assert "⚖️ <b>Jurisdiction hearing</b> — in <b>5 days</b>" in actions["text"]

    deadlines = await ask(harness, "/deadline", "UPCOMING DEADLINES")
    assert "UPCOMING DEADLINES (2)" in deadlines["text"]
    assert (
        f"<b>{today + timedelta(days=3)}</b> — Notice of appeal due (<b>in 3 days</b>)" in deadlines["text"]
    )
    assert "<b>Rule:</b> CRC 8.406(a)" in deadlines["text"]

    report = await ask(harness, "/report", "DAILY REPORT")
    text = report["text"]
    assert "<b>Documents:</b> 5 (done 3, failed 1, queued 1)" in text
    assert "<b>Smoking guns:</b> 2" in text
    assert "<b>Violations:</b> 4 (2 critical)" in text
    assert "<b>Next hearing:</b>" in text
    assert "Jurisdiction hearing (in 5 days)" in text
    assert "<b>Status:</b> attention" in text


async def test_long_lists_split_under_the_limit(harness: Harness, session: AsyncSession) -> None:
    seeded = await follow_seeded_case(harness, session)
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
