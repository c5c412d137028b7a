"""Optional filters and pagination (``kit/query.py``): an absent value adds no condition, values are bound
parameters, and ``fetch_page`` returns one ordered page and the count of every matching row."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.rows import add_case, add_document

from aseagi.kit.query import all_of, count_of, equal, fetch_page, paged, within
from aseagi.models import Case, LegalDocument

DATES = [date(2024, 3, day) for day in (1, 5, 10, 15, 20)]


def _sql(statement: object) -> str:
    return str(statement.compile(dialect=postgresql.dialect()))  # type: ignore[attr-defined]


async def _case_with_documents(session: AsyncSession, docket: str = "JV-2099-000101") -> Case:
    case = await add_case(session, docket)
    for index, day in enumerate(DATES):
        await add_document(
            session, case, file_name=f"order-{index}.pdf", document_date=day, relevancy_score=100 * index
        )
    return case


def test_equal_without_a_value_adds_no_condition() -> None:
    assert equal(LegalDocument.case_id, None) == []


def test_equal_binds_its_value() -> None:
    case_id = uuid.uuid4()
    (condition,) = equal(LegalDocument.case_id, case_id)
    compiled = condition.compile(dialect=postgresql.dialect())
    assert str(compiled).startswith("legal_documents.case_id = %(case_id_1)s")
    assert compiled.params == {"case_id_1": case_id}


def test_equal_keeps_falsy_values_that_are_not_none() -> None:
    """Zero and the empty string are values to filter on; only ``None`` means "no filter"."""
    assert len(equal(LegalDocument.relevancy_score, 0)) == 1
    assert len(equal(LegalDocument.file_name, "")) == 1


def test_within_binds_only_the_bounds_given() -> None:
    column = LegalDocument.document_date
    assert within(column) == []
    assert within(column, None, None) == []
    (lower,) = within(column, start=DATES[0])
    assert _sql(lower).startswith("legal_documents.document_date >= %(document_date_1)s")
    assert lower.compile().params == {"document_date_1": DATES[0]}
    (upper,) = within(column, end=DATES[-1])
    assert _sql(upper).startswith("legal_documents.document_date <= %(document_date_1)s")
    assert upper.compile().params == {"document_date_1": DATES[-1]}
    both = within(column, DATES[0], DATES[-1])
    assert [_sql(condition).split(" ")[1] for condition in both] == [">=", "<="]


def test_all_of_without_conditions_is_true() -> None:
    assert _sql(all_of()) == "true"
    assert _sql(all_of([], [])) == "true"


def test_all_of_flattens_lists_and_single_conditions() -> None:
    sql = _sql(
        all_of(
            equal(LegalDocument.case_id, uuid.uuid4()),
            LegalDocument.status == "done",
            within(LegalDocument.document_date, DATES[0], DATES[1]),
            equal(LegalDocument.title, None),
        )
    )
    assert sql.count(" AND ") == 3
    assert "legal_documents.case_id = " in sql
    assert "legal_documents.status = " in sql
    assert "legal_documents.title" not in sql


def test_a_hostile_value_is_a_parameter_never_sql() -> None:
    hostile = "x'; DROP TABLE legal_documents; --"
    compiled = all_of(equal(LegalDocument.file_name, hostile)).compile(dialect=postgresql.dialect())
    assert hostile not in str(compiled)
    assert hostile in compiled.params.values()


async def test_filters_select_the_right_rows(session: AsyncSession) -> None:
    case = await _case_with_documents(session)
    other = await add_case(session, "JV-2099-000102")
    await add_document(session, other, document_date=DATES[2])

    async def names(*conditions: object) -> list[str]:
        query = (
            select(LegalDocument.file_name)
            .where(all_of(equal(LegalDocument.case_id, case.id), *conditions))  # type: ignore[arg-type]
            .order_by(LegalDocument.file_name)
        )
        return list((await session.scalars(query)).all())

    assert await names() == [f"order-{i}.pdf" for i in range(5)]
    # Both bounds are inclusive.
    assert await names(within(LegalDocument.document_date, DATES[1], DATES[3])) == [
        "order-1.pdf",
        "order-2.pdf",
        "order-3.pdf",
    ]
    assert await names(within(LegalDocument.document_date, start=DATES[4])) == ["order-4.pdf"]
    assert await names(within(LegalDocument.document_date, end=DATES[0])) == ["order-0.pdf"]
    assert await names(within(LegalDocument.document_date, DATES[3], DATES[1])) == []
    assert await names(equal(LegalDocument.relevancy_score, 0)) == ["order-0.pdf"]
    # Without the case filter, the other case's document is there too.
    everything = select(LegalDocument.id).where(
        all_of(equal(LegalDocument.case_id, None), LegalDocument.case_id.in_([case.id, other.id]))
    )
    assert len((await session.scalars(everything)).all()) == 6


async def test_count_of_ignores_the_order_and_counts_every_row(session: AsyncSession) -> None:
    case = await _case_with_documents(session)
    query = (
        select(LegalDocument)
        .where(all_of(equal(LegalDocument.case_id, case.id)))
        .order_by(LegalDocument.document_date.desc())
    )
    counting = count_of(query, LegalDocument.id)
    assert "ORDER BY" not in _sql(counting)
    assert await session.scalar(counting) == 5
    nothing = select(LegalDocument).where(all_of(equal(LegalDocument.case_id, uuid.uuid4())))
    assert await session.scalar(count_of(nothing, LegalDocument.id)) == 0


def test_paged_sets_limit_and_offset() -> None:
    query = paged(select(LegalDocument.id), limit=10, offset=20)
    sql = _sql(query)
    assert "LIMIT" in sql and "OFFSET" in sql
    compiled = query.compile(dialect=postgresql.dialect())
    assert sorted(compiled.params.values()) == [10, 20]


async def test_fetch_page_returns_one_ordered_page_and_the_total(session: AsyncSession) -> None:
    case = await _case_with_documents(session)
    query = select(LegalDocument).where(all_of(equal(LegalDocument.case_id, case.id)))
    order = [LegalDocument.document_date.desc(), LegalDocument.id]

    first, total = await fetch_page(session, query, key=LegalDocument.id, order_by=order, limit=2, offset=0)
    assert total == 5
    assert [row.document_date for row in first] == [DATES[4], DATES[3]]

    last, total = await fetch_page(session, query, key=LegalDocument.id, order_by=order, limit=2, offset=4)
    assert total == 5
    assert [row.document_date for row in last] == [DATES[0]]

    whole, _ = await fetch_page(session, query, key=LegalDocument.id, order_by=order, limit=50, offset=0)
    assert [row.document_date for row in whole] == sorted(DATES, reverse=True)


async def test_fetch_page_past_the_end_or_of_nothing(session: AsyncSession) -> None:
    case = await _case_with_documents(session)
    query = select(LegalDocument).where(all_of(equal(LegalDocument.case_id, case.id)))
    order = [LegalDocument.id]

    beyond, total = await fetch_page(session, query, key=LegalDocument.id, order_by=order, limit=2, offset=10)
    assert beyond == [] and total == 5

    none_asked, total = await fetch_page(
        session, query, key=LegalDocument.id, order_by=order, limit=0, offset=0
    )
    assert none_asked == [] and total == 5

    empty = select(LegalDocument).where(all_of(equal(LegalDocument.case_id, uuid.uuid4())))
    rows, total = await fetch_page(session, empty, key=LegalDocument.id, order_by=order, limit=5, offset=0)
    assert rows == [] and total == 0
    assert isinstance(total, int)
