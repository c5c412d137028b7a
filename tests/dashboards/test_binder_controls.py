"""The "Exhibit binder" button of the document and violation pages, against the running API."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.config import Settings
from aseagi.exports.tasks import run_binder_job
from aseagi.kit.db import create_engine, session_factory, sqlalchemy_url, transaction
from tests.dashboards.seed import DOCKET, Seeded
from tests.dashboards.test_app_pages import SIGNED_IN, open_page, run_page


@pytest.fixture(autouse=True)
def _environment(api_environment: dict[str, str], write_session: str) -> None:
    SIGNED_IN["write"] = write_session


async def build(database_url: str, data_dir: Path, binder_id: str) -> None:
    """What a worker does: the job, on the API's database and data folder."""
    engine = create_engine(sqlalchemy_url(database_url), pool_size=1)

    @asynccontextmanager
    async def sessions() -> AsyncIterator[AsyncSession]:
        async with transaction(session_factory(engine)) as session:
            yield session

    try:
        settings = Settings(ASEAGI_DATA_DIR=data_dir)  # type: ignore[call-arg]
        await run_binder_job(sessions, settings, uuid.UUID(binder_id))
    finally:
        await engine.dispose()


async def test_document_page_asks_for_a_binder_then_offers_its_files(
    seeded: Seeded, dashboard_database: str, data_dir: Path
) -> None:
    app = run_page("document_viewer", case=DOCKET, document=str(seeded.order_id))
    app.button(key=f"binder-document-{seeded.order_id}").click().run()
    assert any("Binder queued" in i.value for i in app.info), [i.value for i in app.info]
    binder_id = next(iter(app.session_state["exhibit-binders"].values()))[1]
    await build(dashboard_database, data_dir, binder_id)
    app.button(key=f"binder-check-document-{seeded.order_id}").click().run()
    assert any("1 exhibits" in s.value for s in app.success), [e.value for e in app.error]
    app.button(key=f"binder-file-document-{seeded.order_id}-{_pdf_name(app)}").click().run()
    assert app.get("download_button"), "the part can be downloaded"


def _pdf_name(app: object) -> str:
    labels = [b.label for b in app.button]  # type: ignore[attr-defined]
    return next(label.removeprefix("Prepare ") for label in labels if label.endswith(".pdf"))


def test_violation_page_offers_the_button_and_read_sessions_see_it_disabled(
    seeded: Seeded, read_session: str
) -> None:
    app = run_page("legal_intelligence", case=DOCKET)
    assert app.button(key=f"binder-violation-{seeded.critical_violation_id}")
    read_only = open_page("document_viewer", read_session, case=DOCKET, document=str(seeded.order_id))
    assert read_only.button(key=f"binder-document-{seeded.order_id}").disabled


def test_master_shows_who_exports_protect(seeded: Seeded) -> None:
    app = run_page("master", case=DOCKET)
    assert any(e.label.startswith("Protected in exports") for e in app.expander)
