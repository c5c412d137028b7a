"""The Timeline page merges and splits chronology events through the API: the chronology changes and the
deadlines derived from it are recomputed."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from typing import Any

import psycopg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from streamlit.testing.v1 import AppTest
from tests.cases.test_analysis_store_chronology import TODAY, seeded_case
from tests.dashboards.test_app_pages import SIGNED_IN, run_page

from aseagi.cases.service import analyze
from aseagi.kit.db import create_engine, sqlalchemy_url

MARCH_26, APRIL_16 = dt.date(2025, 3, 26), dt.date(2025, 4, 16)


@pytest.fixture(autouse=True)
def _environment(api_environment: dict[str, str], write_session: str) -> None:
    SIGNED_IN["write"] = write_session


@pytest.fixture
def docket(dashboard_database: str) -> str:
    """A fictional analyzed case of its own (detention, a continued jurisdiction hearing, the held one)."""
    name = f"JV-MS-{secrets.token_hex(3).upper()}"

    async def seed() -> None:
        engine = create_engine(sqlalchemy_url(dashboard_database), pool_size=1)
        try:
            async with AsyncSession(engine, expire_on_commit=False) as session, session.begin():
                case = await seeded_case(session)
                case.docket_number = name
                await analyze(session, case.id, today=TODAY)
        finally:
            await engine.dispose()

    asyncio.run(seed())
    return name


def _events(database_url: str, docket: str) -> list[dict[str, Any]]:
    with psycopg.connect(database_url) as conn:
        cursor = conn.execute(
            "SELECT e.id, e.event_date, e.event_type, e.mentions, e.rule_id, e.trigger_event_id, e.evidence "
            "FROM court_events e JOIN cases c ON c.id = e.case_id WHERE c.docket_number = %s "
            "ORDER BY e.event_date, e.event_type",
            (docket,),
        )
        names = [column.name for column in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor]


def _open_jurisdiction_hearings(docket: str) -> AppTest:
    app = run_page("timeline", case=docket)
    app.date_input(key="tl-from").set_value(dt.date(2025, 3, 20)).run()
    app.date_input(key="tl-to").set_value(dt.date(2025, 4, 20)).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def _hearing(events: list[dict[str, Any]], day: dt.date) -> dict[str, Any]:
    return next(e for e in events if e["event_type"] == "jurisdiction_hearing" and e["event_date"] == day)


def _hearings(events: list[dict[str, Any]]) -> list[tuple[dt.date, int]]:
    return [(e["event_date"], e["mentions"]) for e in events if e["event_type"] == "jurisdiction_hearing"]


def _triggers_exist(events: list[dict[str, Any]]) -> bool:
    ids = {e["id"] for e in events}
    return all(e["trigger_event_id"] in ids for e in events if e["rule_id"])


def test_split_moves_the_chosen_sources_into_a_new_event(docket: str, dashboard_database: str) -> None:
    before = _events(dashboard_database, docket)
    assert _hearings(before) == [(MARCH_26, 2), (APRIL_16, 3)]
    held = _hearing(before, APRIL_16)
    app = _open_jurisdiction_hearings(docket)
    assert len(app.multiselect(key=f"tl-split-pick-{held['id']}").options) == 3
    app.button(key=f"tl-split-go-{held['id']}").click().run()
    assert any(e.value == "Not split: pick the sources to move into a new event first." for e in app.error)

    refs = [f"{s['document_id']}:{s['page']}:{s['start']}" for s in held["evidence"]]
    app.multiselect(key=f"tl-split-pick-{held['id']}").set_value(refs)
    app.button(key=f"tl-split-go-{held['id']}").click().run()
    assert [e.value for e in app.error] == [
        "Not split: leave at least one source in the event; move the others"
    ], "the API's reason, in one line"

    first = held["evidence"][0]
    moved = f"{first['document_id']}:{first['page']}:{first['start']}"
    app.multiselect(key=f"tl-split-pick-{held['id']}").set_value([moved])  # sent with the form
    app.button(key=f"tl-split-go-{held['id']}").click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert any(s.value.startswith("Split: a new event on 2025-04-16 with 1 source(s)") for s in app.success)
    after = _events(dashboard_database, docket)
    assert sorted(_hearings(after)) == [(MARCH_26, 2), (APRIL_16, 1), (APRIL_16, 2)]
    assert _triggers_exist(after), "every deadline counts from an event that still exists"


def test_merge_folds_the_chosen_event_into_this_one_and_its_deadlines_go(
    docket: str, dashboard_database: str
) -> None:
    before = _events(dashboard_database, docket)
    held = _hearing(before, APRIL_16)
    disposition = next(e for e in before if e["rule_id"] == "wic-358a-disposition-detained")
    assert disposition["trigger_event_id"] == held["id"]
    continued = _hearing(before, MARCH_26)["id"]
    app = _open_jurisdiction_hearings(docket)
    app.button(key=f"tl-merge-go-{continued}").click().run()
    assert any(e.value == "Not merged: pick the event to merge into this one first." for e in app.error)

    app.selectbox(key=f"tl-merge-pick-{continued}").set_value(str(held["id"]))
    app.button(key=f"tl-merge-go-{continued}").click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert any(s.value.startswith("Merged: this event now has 5 source(s)") for s in app.success)
    after = _events(dashboard_database, docket)
    assert _hearings(after) == [(MARCH_26, 5)]
    assert all(e["rule_id"] != "wic-358a-disposition-detained" for e in after), (
        "the disposition deadline counted from the merged hearing is recomputed away"
    )
    assert _triggers_exist(after)
