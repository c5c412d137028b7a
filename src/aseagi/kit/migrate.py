"""Alembic, driven from code: ``aseagi db upgrade``, ``aseagi up`` and the tests all call this."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

MIGRATION_LOCK = 7_302_101
"""Advisory lock id: two processes starting at once must not migrate at the same time."""


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", "aseagi:migrations")
    config.set_main_option("path_separator", "os")
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def current(url: str) -> str | None:
    from sqlalchemy import create_engine

    from aseagi.kit.db import sqlalchemy_url

    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as connection:
            from alembic.runtime.migration import MigrationContext

            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
