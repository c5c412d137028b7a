"""exports/service.py: selections, protected persons, the guard, binder jobs and their files, audited."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.config import Settings
from aseagi.exports import service
from aseagi.exports.schemas import BinderRequest, ProtectedPersonIn, ProtectedPersonPatch
from aseagi.kit.errors import BadRequest, Forbidden, NotFound
from aseagi.models import AuditEntry, BinderJob, Case, CourtEvent, LegalViolation
from aseagi.models import ProtectedPerson as ProtectedPersonRow
from aseagi.models.export import BinderStatus
from aseagi.security.tokens import Principal
from tests.fixtures.rows import add_case, add_document

WRITER = Principal(token_id=uuid.uuid4(), name="clerk", scope="write")
ADMIN = Principal(token_id=uuid.uuid4(), name="chief", scope="admin")
PETITION = (
    "In re Skyler Dawn Pemberton, a Person Coming Under the Juvenile Court Law.\n"
    "Child: Skyler Dawn Pemberton  DOB: 02/11/2020"
)


async def _case(session: AsyncSession, docket: str | None = None) -> Case:
    return await add_case(session, docket or f"JV-FAKE-{uuid.uuid4().hex[:6]}")


async def _actions(session: AsyncSession) -> list[str]:
    await session.flush()
    return list((await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))).all())


async def test_select_the_whole_case_in_date_order(session: AsyncSession) -> None:
    case = await _case(session)
    late = await add_document(
        session, case, file_name="b.pdf", storage_key="k/b", document_date=date(2025, 5, 1)
    )
    early = await add_document(
        session, case, file_name="a.pdf", storage_key="k/a", document_date=date(2024, 1, 1)
    )
    undated = await add_document(session, case, file_name="c.pdf", storage_key="k/c", document_date=None)
    await add_document(session, case, file_name="legacy.pdf", storage_key=None)  # no original: left out
    await add_document(session, case, file_name="queued.pdf", storage_key="k/q", status="queued")
    await add_document(session, case, file_name="box.zip", storage_key="k/z", mime_type="application/zip")
    other = await _case(session)
    await add_document(session, other, storage_key="k/other")

    sources = await service.select_documents(session, case)
    assert [s.document_id for s in sources] == [early.id, late.id, undated.id]
    assert sources[0].storage_key == "k/a" and sources[0].received_at is not None


async def test_select_ids_in_the_order_given(session: AsyncSession) -> None:
    case = await _case(session)
    one = await add_document(session, case, file_name="1.pdf", document_date=date(2024, 1, 1))
    two = await add_document(session, case, file_name="2.pdf", document_date=date(2023, 1, 1))
    sources = await service.select_documents(session, case, document_ids=[one.id, two.id, one.id])
    assert [s.document_id for s in sources] == [one.id, two.id]


async def test_select_ids_of_another_case_are_not_found(session: AsyncSession) -> None:
    case, other = await _case(session), await _case(session)
    mine = await add_document(session, case)
    theirs = await add_document(session, other)
    with pytest.raises(NotFound, match=f"1 of the documents are not in case {case.docket_number}") as raised:
        await service.select_documents(session, case, document_ids=[mine.id, theirs.id])
    assert str(theirs.id) in raised.value.message


async def test_select_refuses_two_kinds_and_too_many(session: AsyncSession) -> None:
    case = await _case(session)
    with pytest.raises(BadRequest, match="only one of them"):
        await service.select_documents(session, case, document_ids=[uuid.uuid4()], violation_id=uuid.uuid4())
    with pytest.raises(BadRequest, match="only one of them"):
        await service.select_documents(session, case, event_ids=[uuid.uuid4()], violation_id=uuid.uuid4())
    too_many = [uuid.uuid4() for _ in range(service.MAX_SELECTION + 1)]
    with pytest.raises(BadRequest, match="at most 10000"):
        await service.select_documents(session, case, document_ids=too_many)


async def test_select_a_violations_evidence(session: AsyncSession) -> None:
    case = await _case(session)
    own = await add_document(session, case, file_name="own.pdf", document_date=date(2025, 2, 1))
    cited = await add_document(session, case, file_name="cited.pdf", document_date=date(2024, 2, 1))
    violation = LegalViolation(
        case_id=case.id,
        document_id=own.id,
        violation_type="notice",
        description="Late notice of hearing",
        evidence=[{"document_id": str(cited.id)}, {"document_id": "not-a-uuid"}],
    )
    bare = LegalViolation(case_id=case.id, violation_type="notice", description="No source")
    session.add_all([violation, bare])
    await session.flush()

    sources = await service.select_documents(session, case, violation_id=violation.id)
    assert [s.document_id for s in sources] == [cited.id, own.id]
    with pytest.raises(BadRequest, match="cites no stored document"):
        await service.select_documents(session, case, violation_id=bare.id)
    with pytest.raises(NotFound, match="no violation"):
        await service.select_documents(session, case, violation_id=uuid.uuid4())
    other = await _case(session)
    with pytest.raises(NotFound, match="no violation"):
        await service.select_documents(session, other, violation_id=violation.id)


async def test_select_events_sources(session: AsyncSession) -> None:
    case = await _case(session)
    doc = await add_document(session, case, file_name="order.pdf")
    event = CourtEvent(
        case_id=case.id,
        document_id=doc.id,
        event_date=date(2025, 3, 5),
        event_type="hearing",
        title="Detention hearing",
        source="document",
        evidence=[],
        people=[],
        date_certainty="exact",
        status="held",
    )
    session.add(event)
    await session.flush()
    sources = await service.select_documents(session, case, event_ids=[event.id])
    assert [s.document_id for s in sources] == [doc.id]
    with pytest.raises(NotFound, match="those events are not all in case"):
        await service.select_documents(session, case, event_ids=[event.id, uuid.uuid4()])


async def test_default_prefix_and_caption() -> None:
    assert service.default_prefix(Case(docket_number="jv-2024-001234")) == "JV2024001234"
    assert service.default_prefix(Case(docket_number="JV-2024-0012345678")) == "JV2024001234"
    assert service.default_prefix(Case(docket_number="---")) == "EX"
    assert service.caption(Case(docket_number="JV-1", name="In re A.B.")) == "In re A.B."
    assert service.caption(Case(docket_number="JV-1", name=None)) == "Case No. JV-1"


def test_binder_folder_is_named_by_id(settings: Settings) -> None:
    binder = uuid.uuid4()
    assert service.binder_folder(settings, binder) == settings.data_dir / "exports" / "binders" / str(binder)


def test_unredacted_needs_admin() -> None:
    service.require_admin_for_unredacted(WRITER, True)
    service.require_admin_for_unredacted(ADMIN, False)
    with pytest.raises(Forbidden, match="admin token"):
        service.require_admin_for_unredacted(WRITER, False)


async def test_persons_are_found_once_then_kept(session: AsyncSession) -> None:
    case = await _case(session)
    await add_document(session, case, file_name="petition.pdf", document_type="petition", text=PETITION)
    people = await service.list_persons(session, case, WRITER)
    names = {p.full_name: p for p in people}
    assert "Skyler Dawn Pemberton" in names
    child = names["Skyler Dawn Pemberton"]
    assert child.role == "child" and child.short_name == "Skyler P."
    assert child.date_of_birth == date(2020, 2, 11)
    assert child.source.startswith("found:petition.pdf")

    await add_document(session, case, file_name="report.pdf", text="In re Quentin Ashby Vale, a minor.")
    again = await service.list_persons(session, case, WRITER)
    assert {p.id for p in again} == {p.id for p in people}  # not searched again
    assert await _actions(session) == ["case.protected_persons.read"] * 2


async def test_a_case_with_nothing_to_find(session: AsyncSession) -> None:
    case = await _case(session)
    assert await service.list_persons(session, case, WRITER) == []


async def test_add_update_delete_a_person_and_the_guard(session: AsyncSession) -> None:
    case = await _case(session)
    added = await service.add_person(
        session,
        case,
        ProtectedPersonIn(
            full_name="Marlowe Zephyr Quint", role="sibling", unusual_name=True, case_numbers=["J24-1"]
        ),
        WRITER,
    )
    assert added.source == "manual" and added.short_name == "M.Z.Q."
    assert added.case_numbers == ["J24-1"]

    updated = await service.update_person(
        session, case, added.id, ProtectedPersonPatch(phone="(510) 555-0142", unusual_name=False), WRITER
    )
    assert updated.phone == "(510) 555-0142" and updated.short_name == "Marlowe Q."
    assert updated.role == "sibling"  # left out: unchanged

    rows = await service.protected_persons(session, case)
    redactor = service.guard(rows, enabled=True)
    assert redactor.clean("Marlowe Zephyr Quint, tel 510-555-0142, case J24-1") == (
        "Marlowe Q., tel [phone redacted], case [case no. redacted]"
    )
    assert service.guard(rows, enabled=False).clean("Marlowe Zephyr Quint") == "Marlowe Zephyr Quint"
    assert (await service.redactor_for(session, case, redaction=True)).forbidden_terms()[0] == (
        "Marlowe Zephyr Quint"
    )

    other = await _case(session)
    with pytest.raises(NotFound, match="no protected person"):
        await service.update_person(session, other, added.id, ProtectedPersonPatch(role="child"), WRITER)
    await service.delete_person(session, case, added.id, WRITER)
    await session.flush()
    assert await session.get(ProtectedPersonRow, added.id) is None
    with pytest.raises(NotFound):
        await service.delete_person(session, case, added.id, WRITER)
    actions = await _actions(session)
    assert actions[0] == "case.protected_persons.add" and actions[-1] == "case.protected_persons.delete"
    assert "case.protected_persons.update" in actions


async def test_request_binder_queues_a_job(session: AsyncSession) -> None:
    case = await _case(session)
    doc = await add_document(session, case)
    read = await service.request_binder(session, case, BinderRequest(documents=[doc.id]), WRITER)
    assert read.status == BinderStatus.QUEUED and read.requested_by == "token:clerk"
    assert read.files == [] and read.total_pages is None and read.exhibits is None
    job = await session.get(BinderJob, read.id)
    assert job is not None and job.queue_job_id is not None  # stored, not dropped by the refresh
    assert job.options["documents"] == [str(doc.id)]
    task = await session.scalar(
        text("SELECT task_name FROM procrastinate_jobs WHERE id = :id"), {"id": job.queue_job_id}
    )
    assert task is not None and "binder" in task
    assert await _actions(session) == ["export.binder.request"]


async def test_request_binder_refusals_queue_nothing(session: AsyncSession) -> None:
    case = await _case(session)
    with pytest.raises(Forbidden):
        await service.request_binder(session, case, BinderRequest(redaction=False), WRITER)
    with pytest.raises(NotFound):
        await service.request_binder(session, case, BinderRequest(documents=[uuid.uuid4()]), ADMIN)
    assert (await session.scalars(select(BinderJob).where(BinderJob.case_id == case.id))).all() == []
    assert await _actions(session) == []


async def test_binder_files_by_their_recorded_name(session: AsyncSession, settings: Settings) -> None:
    case = await _case(session)
    files = [{"name": "FAKE_part1.pdf", "sha256": "a" * 64, "bytes": 5, "first_page": 1, "last_page": 3}]
    job = BinderJob(
        case_id=case.id,
        status=BinderStatus.DONE,
        requested_by="token:clerk",
        result={"total_pages": 3, "exhibits": [{}, {}], "files": files},
    )
    session.add(job)
    await session.flush()
    await session.refresh(job)
    read = service.binder_read(job)
    assert (read.total_pages, read.exhibits, read.files[0].name) == (3, 2, "FAKE_part1.pdf")

    with pytest.raises(NotFound, match="gone from the server"):
        await service.binder_file(session, settings, case, job.id, "FAKE_part1.pdf", WRITER)
    folder = service.binder_folder(settings, job.id)
    folder.mkdir(parents=True)
    (folder / "FAKE_part1.pdf").write_bytes(b"%PDF-")
    (folder / "secret.txt").write_text("not recorded")
    path = await service.binder_file(session, settings, case, job.id, "FAKE_part1.pdf", WRITER)
    assert path == folder / "FAKE_part1.pdf"
    for name in ("secret.txt", "../FAKE_part1.pdf", ""):
        with pytest.raises(NotFound, match="has no file"):
            await service.binder_file(session, settings, case, job.id, name, WRITER)
    with pytest.raises(NotFound, match="no binder"):
        await service.binder_file(session, settings, await _case(session), job.id, "FAKE_part1.pdf", WRITER)
    assert await _actions(session) == ["export.binder.download"]


async def test_a_binder_not_done_has_no_files(session: AsyncSession, settings: Settings) -> None:
    case = await _case(session)
    job = BinderJob(
        case_id=case.id,
        status=BinderStatus.QUEUED,
        requested_by="token:clerk",
        result={"files": [{"name": "x.pdf", "sha256": "b" * 64, "bytes": 1}]},
    )
    session.add(job)
    await session.flush()
    with pytest.raises(NotFound, match="has no file"):
        await service.binder_file(session, settings, case, job.id, "x.pdf", WRITER)


async def test_record_chronology_is_audited(session: AsyncSession) -> None:
    case = await _case(session)
    await service.record_chronology(session, case, "docx", redaction=False, principal=ADMIN)
    await session.flush()
    entry = await session.scalar(select(AuditEntry))
    assert entry is not None and entry.detail == {"format": "docx", "redaction": False}
    assert entry.actor == "token:chief" and entry.resource_id == str(case.id)
