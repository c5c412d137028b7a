from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from aseagi.kit import migrate
from tests.dashboards.seed import Seeded, seed_case
from tests.fixtures.database import temporary_database
from tests.live.running_api import create_token, running_api


def two_page_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for line in ("MINUTE ORDER (fictional)", "Detention hearing held."):
        pdf.drawString(72, 720, line)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.fixture(scope="package")
def dashboard_database() -> Iterator[str]:
    with temporary_database("aseagi_dash") as url:
        migrate.upgrade(url)
        yield url


@pytest.fixture(scope="package")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dashboard-data")


@pytest.fixture(scope="package")
def seeded(dashboard_database: str, data_dir: Path) -> Seeded:
    return seed_case(dashboard_database, data_dir / "blobs", two_page_pdf())


@pytest.fixture(scope="package")
def dashboard_api(dashboard_database: str, data_dir: Path, seeded: Seeded) -> Iterator[str]:
    with running_api(dashboard_database, data_dir) as url:
        yield url


def sign_in(api_url: str, database_url: str, scope: str, name: str | None = None) -> str:
    """A dashboard session made as the sign-in form makes one: an API token, a code, the code redeemed."""
    api_token = create_token(database_url, scope, name)
    minted = httpx.post(f"{api_url}/auth/codes", headers={"Authorization": f"Bearer {api_token}"})
    minted.raise_for_status()
    started = httpx.post(f"{api_url}/auth/login", json={"code": minted.json()["code"]})
    started.raise_for_status()
    return str(started.json()["token"])


@pytest.fixture(scope="package")
def api_environment(dashboard_api: str, dashboard_database: str) -> Iterator[dict[str, str]]:
    """The dashboards find the API in the environment, as under ``aseagi up``. ASEAGI_API_TOKEN holds an
    admin token here on purpose: the dashboards must never use it (every visitor signs in)."""
    values = {"ASEAGI_API_URL": dashboard_api, "ASEAGI_API_TOKEN": create_token(dashboard_database, "admin")}
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    yield values
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="package")
def write_session(dashboard_api: str, dashboard_database: str) -> str:
    return sign_in(dashboard_api, dashboard_database, "write", "writer")


@pytest.fixture(scope="package")
def read_session(dashboard_api: str, dashboard_database: str) -> str:
    return sign_in(dashboard_api, dashboard_database, "read", "reader")
