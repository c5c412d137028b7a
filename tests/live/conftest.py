from __future__ import annotations

from collections.abc import Iterator

import pytest

from aseagi.kit import migrate
from tests.fixtures.database import temporary_database
from tests.live.running_api import create_token, running_api


@pytest.fixture(scope="module")
def committed_database() -> Iterator[str]:
    """A migrated database of its own whose writes are committed (NOTIFY needs commits)."""
    with temporary_database("aseagi_live") as url:
        migrate.upgrade(url)
        yield url


@pytest.fixture(scope="module")
def api_url(committed_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_api(committed_database, tmp_path_factory.mktemp("api-data")) as url:
        yield url


@pytest.fixture(scope="module")
def read_token(committed_database: str) -> str:
    return create_token(committed_database, "read")
