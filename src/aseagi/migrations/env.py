"""Alembic environment: synchronous psycopg 3, one advisory lock around the whole upgrade."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text

from aseagi.kit.db import sqlalchemy_url
from aseagi.kit.migrate import MIGRATION_LOCK
from aseagi.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    url = sqlalchemy_url(context.config.attributes["url"])
    engine = create_engine(url)
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK})
        connection.commit()
        try:
            context.configure(connection=connection, target_metadata=target_metadata)
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": MIGRATION_LOCK})
            connection.commit()
    engine.dispose()


run_migrations_online()
