"""events.repository: each fact listed once, the filters, open deadlines and hearings ahead, and counts."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case, add_document

from aseagi.events import repository
from aseagi.events.repository import EventFilters
from aseagi.models import Case, CourtEvent

TODAY = date(2030, 5, 10)
HORIZON = date(2030, 5, 31)


async def add_event(
    session: AsyncSession, case: Case, day: date, event_type: str = "review_hearing", **values: object
) -> CourtEvent:
    fields: dict[str, object] = {"title": f"{event_type} {day}"} | values
    row = CourtEvent(case_id=case.id, event_date=day, event_type=event_type, **fields)
    session.add(row)
    await session.flush()
    return row


async def listed(session: AsyncSession, filters: EventFilters, limit: int = 50) -> list[uuid.UUID]:
    rows, total = await repository.list_events(session, filters, limit=limit, offset=0)
    assert total >= len(rows)
    return [r.id for r in rows]


async def test_list_orders_by_date_then_time_with_untimed_last(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000301")
    late = await add_event(session, case, date(2030, 2, 1))
    untimed = await add_event(session, case, date(2030, 1, 1))
    afternoon = await add_event(session, case, date(2030, 1, 1), event_time="13:30")
    morning = await add_event(session, case, date(2030, 1, 1), event_time="08:30")

    assert await listed(session, EventFilters(case_id=case.id)) == [
        morning.id,
        afternoon.id,
        untimed.id,
        late.id,
    ]
    page, total = await repository.list_events(session, EventFilters(case_id=case.id), limit=2, offset=1)
    assert (total, [r.id for r in page]) == (4, [afternoon.id, untimed.id])
    assert await repository.list_events(session, EventFilters(case_id=uuid.uuid4()), limit=5, offset=0) == (
        [],
        0,
    )


async def test_filters_by_case_type_and_date_range_inclusive(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000302")
    other = await add_case(session, "JV-2099-000303")
    first = await add_event(session, case, date(2030, 1, 1), "detention_hearing")
    second = await add_event(session, case, date(2030, 1, 15), "jurisdiction_hearing")
    third = await add_event(session, case, date(2030, 2, 1), "filing")
    foreign = await add_event(session, other, date(2030, 1, 15), "jurisdiction_hearing")

    assert await listed(session, EventFilters(case_id=case.id, event_types=("jurisdiction_hearing",))) == [
        second.id
    ]
    both = EventFilters(case_id=case.id, event_types=["detention_hearing", "filing"])
    assert await listed(session, both) == [first.id, third.id]
    window = EventFilters(case_id=case.id, date_from=date(2030, 1, 1), date_to=date(2030, 1, 15))
    assert await listed(session, window) == [first.id, second.id]
    assert await listed(session, EventFilters(case_id=case.id, date_from=date(2030, 1, 2))) == [
        second.id,
        third.id,
    ]
    everyone = await listed(session, EventFilters(event_types=("jurisdiction_hearing",)))
    assert set(everyone) >= {second.id, foreign.id}
    assert first.id not in everyone and third.id not in everyone


async def test_a_manual_entry_merged_into_a_document_fact_is_listed_once(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000304")
    merged = await add_event(session, case, date(2030, 3, 1), source="document", event_key="k-jur")
    absorbed = await add_event(session, case, date(2030, 3, 1), source="manual", event_key="k-jur")
    manual_alone = await add_event(session, case, date(2030, 3, 2), source="manual", event_key="k-other")
    manual_unkeyed = await add_event(session, case, date(2030, 3, 3), source="manual")

    ids = await listed(session, EventFilters(case_id=case.id))
    assert absorbed.id not in ids
    assert ids == [merged.id, manual_alone.id, manual_unkeyed.id]


async def test_a_new_mention_of_a_fact_the_chronology_has_is_listed_once(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000305")
    day = date(2030, 4, 1)
    fact = await add_event(session, case, day, "review_hearing", source="document", event_key="k-review")
    same_type = await add_event(session, case, day, "review_hearing", source="document")
    generic = await add_event(session, case, day, "hearing", source="document")
    other_type = await add_event(session, case, day, "filing", source="document")
    other_day = await add_event(session, case, date(2030, 4, 2), "review_hearing", source="document")

    ids = await listed(session, EventFilters(case_id=case.id))
    assert same_type.id not in ids and generic.id not in ids
    assert set(ids) == {fact.id, other_type.id, other_day.id}


async def test_open_deadlines_filter_lists_every_open_deadline_row(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000306")
    upcoming = await add_event(session, case, date(2030, 5, 12), "deadline", source="rule", status="upcoming")
    unknown = await add_event(session, case, date(2030, 5, 13), "deadline", source="rule")
    late = await add_event(session, case, date(2030, 5, 14), "deadline", source="rule", status="late")
    for status in ("met", "superseded", "moot", "continued", "vacated"):
        await add_event(session, case, date(2030, 5, 15), "deadline", source="rule", status=status)
    await add_event(session, case, date(2030, 5, 12), "review_hearing")

    ids = await listed(session, EventFilters(case_id=case.id, open_deadlines=True))
    assert ids == [upcoming.id, unknown.id, late.id]


async def test_next_event_is_the_first_standing_one_from_today(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000307")
    types = ("review_hearing", "permanency_hearing")
    await add_event(session, case, date(2030, 5, 9), "review_hearing")
    await add_event(session, case, TODAY, "review_hearing", status="continued")
    await add_event(session, case, TODAY, "filing")
    nearest = await add_event(session, case, date(2030, 5, 20), "permanency_hearing", status="scheduled")
    await add_event(session, case, date(2030, 6, 1), "review_hearing")

    found = await repository.next_event(session, case_id=case.id, today=TODAY, event_types=types)
    assert found is not None and found.id == nearest.id
    today_hearing = await add_event(session, case, TODAY, "review_hearing", event_time="09:00")
    found = await repository.next_event(session, case_id=case.id, today=TODAY, event_types=types)
    assert found is not None and found.id == today_hearing.id
    assert (
        await repository.next_event(session, case_id=case.id, today=date(2030, 6, 2), event_types=types)
        is None
    )
    assert await repository.next_event(session, case_id=case.id, today=TODAY, event_types=()) is None


async def test_open_deadlines_and_their_count_in_the_window(session: AsyncSession) -> None:
    everywhere = await session.scalar(repository.count_open_deadlines(None, TODAY, HORIZON)) or 0
    case = await add_case(session, "JV-2099-000308")
    other = await add_case(session, "JV-2099-000309")
    on_today = await add_event(session, case, TODAY, "deadline", source="rule", status="upcoming")
    on_horizon = await add_event(session, case, HORIZON, "deadline", source="rule", status="passed")
    await add_event(session, case, date(2030, 5, 9), "deadline", source="rule")
    await add_event(session, case, date(2030, 6, 1), "deadline", source="rule")
    await add_event(session, case, date(2030, 5, 20), "deadline", source="rule", status="met")
    await add_event(session, other, date(2030, 5, 20), "deadline", source="rule")

    rows = await repository.open_deadlines(
        session, case_id=case.id, today=TODAY, horizon=HORIZON, limit=10, offset=0
    )
    assert [r.id for r in rows] == [on_today.id, on_horizon.id]
    second = await repository.open_deadlines(
        session, case_id=case.id, today=TODAY, horizon=HORIZON, limit=1, offset=1
    )
    assert [r.id for r in second] == [on_horizon.id]
    assert await session.scalar(repository.count_open_deadlines(case.id, TODAY, HORIZON)) == 2
    assert await session.scalar(repository.count_open_deadlines(None, TODAY, HORIZON)) == everywhere + 3
    assert await session.scalar(repository.count_open_deadlines(case.id, HORIZON, TODAY)) == 0


async def test_hearings_ahead_with_their_source_documents(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000310")
    report = await add_document(session, case, file_name="status-report.pdf")
    notice = await add_document(session, case, file_name="a-notice.pdf")
    evidence = [
        {"document_id": str(report.id), "page": 1},
        {"document_id": str(notice.id), "page": 2},
        {"document_id": str(report.id), "page": 3},
        {"document_id": str(uuid.uuid4()), "page": 1},
    ]
    sourced = await add_event(
        session, case, date(2030, 5, 15), "review_hearing", source="document", evidence=evidence
    )
    manual = await add_event(session, case, date(2030, 5, 16), "permanency_hearing", source="manual")
    await add_event(session, case, date(2030, 5, 17), "review_hearing", source="rule")
    await add_event(session, case, date(2030, 5, 18), "review_hearing", status="continued")
    await add_event(session, case, date(2030, 5, 19), "review_hearing", status="vacated")
    await add_event(session, case, date(2030, 5, 20), "filing")
    await add_event(session, case, date(2030, 6, 20), "review_hearing")

    rows = await repository.hearings_ahead(
        session, case_id=case.id, today=TODAY, horizon=HORIZON, limit=10, offset=0
    )
    assert [(event.id, names) for event, names in rows] == [
        (sourced.id, ["a-notice.pdf", "status-report.pdf"]),
        (manual.id, []),
    ]
    assert await session.scalar(repository.count_hearings_ahead(case.id, TODAY, HORIZON)) == 2
    paged = await repository.hearings_ahead(
        session, case_id=case.id, today=TODAY, horizon=HORIZON, limit=1, offset=1
    )
    assert [event.id for event, _ in paged] == [manual.id]
    assert (
        await repository.hearings_ahead(
            session, case_id=uuid.uuid4(), today=TODAY, horizon=HORIZON, limit=10, offset=0
        )
        == []
    )


async def test_get_returns_the_row_or_none_and_reloads_on_demand(session: AsyncSession) -> None:
    case = await add_case(session, "JV-2099-000311")
    row = await add_event(session, case, date(2030, 1, 1), title="Original title")
    assert await repository.get(session, row.id) is row
    assert await repository.get(session, uuid.uuid4()) is None

    await session.execute(
        CourtEvent.__table__.update().where(CourtEvent.id == row.id).values(title="Rewritten")
    )
    cached = await repository.get(session, row.id)
    assert cached is not None and cached.title == "Original title"
    reloaded = await repository.get(session, row.id, reload=True)
    assert reloaded is not None and reloaded.title == "Rewritten"
