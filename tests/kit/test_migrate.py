from __future__ import annotations

import psycopg
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from tests.fixtures.database import temporary_database

from aseagi.kit import migrate
from aseagi.kit.db import sqlalchemy_url
from aseagi.models import Base

DOMAIN_TABLES = {
    "legal_documents",
    "legal_violations",
    "court_events",
    "communications",
    "processing_batches",
    "cases",
    "api_tokens",
    "audit_log",
}


def _tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    return {r[0] for r in rows}


def test_upgrade_downgrade_upgrade_on_an_empty_database() -> None:
    with temporary_database("aseagi_mig") as url:
        migrate.upgrade(url)
        assert DOMAIN_TABLES <= _tables(url)
        assert (
            migrate.current(url)
            == ScriptDirectory.from_config(migrate.alembic_config(url)).get_current_head()
        )
        migrate.downgrade(url, "base")
        assert _tables(url) == {"alembic_version"}
        migrate.upgrade(url)
        migrate.upgrade(url)  # idempotent
        assert DOMAIN_TABLES <= _tables(url)


def test_migrations_produce_the_models_schema(database_url: str) -> None:
    engine = create_engine(sqlalchemy_url(database_url))

    def ours(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        table = getattr(obj, "table", obj)
        return not (name or "").startswith("procrastinate") and not getattr(table, "name", "").startswith(
            "procrastinate"
        )

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": ours})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    # Computed columns are reported as server-default changes by some alembic versions; ignore those.
    real = [d for d in diff if not (isinstance(d, list) and d and d[0][0] == "modify_default")]
    assert real == []


OLD_SCHEMA = """
CREATE TABLE legal_documents (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  file_name TEXT NOT NULL,
  document_type TEXT,
  category TEXT,
  micro_score INTEGER,
  macro_score INTEGER,
  legal_score INTEGER,
  relevancy_score INTEGER,
  smoking_gun BOOLEAN DEFAULT false,
  summary TEXT,
  key_quotes TEXT[],
  fraud_indicators TEXT[],
  perjury_indicators TEXT[],
  contains_false_statements BOOLEAN,
  document_date DATE,
  processed_at TIMESTAMP,
  docket_number TEXT,
  case_id TEXT,
  content_hash TEXT,
  api_cost_usd NUMERIC,
  notes TEXT
);
CREATE TABLE legal_violations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  violation_type TEXT, severity TEXT, description TEXT, legal_basis TEXT
);
"""


def test_adopts_the_old_tables_keeping_every_row() -> None:
    """The user's Supabase holds 601 analysed documents in the old shape: upgrading must keep them all."""
    with temporary_database("aseagi_adopt") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(OLD_SCHEMA)
            for i in range(601):
                conn.execute(
                    "INSERT INTO legal_documents (file_name, micro_score, macro_score, legal_score,"
                    " relevancy_score, smoking_gun, fraud_indicators, perjury_indicators, key_quotes,"
                    " docket_number, case_id, content_hash, processed_at)"
                    " VALUES (%s, 1, 2, 3, %s, %s, %s, %s, %s, 'J24-00478', 'CASE-1',"
                    " md5(%s), now())",
                    (
                        f"doc{i}.pdf",
                        1000 if i == 0 else i,
                        i % 50 == 0,
                        ["altered date"] if i == 1 else [],
                        ["false statement"],
                        ["a quote"],
                        str(i),
                    ),
                )
            conn.execute(
                "INSERT INTO legal_violations (violation_type, severity, description) "
                "VALUES ('Due process', 'CRITICAL', 'No notice')"
            )
        migrate.upgrade(url)
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT count(*) FROM legal_documents").fetchone() == (601,)
            row = conn.execute(
                "SELECT fraud_indicators, perjury_indicators, legacy_case_id, status, relevancy_score,"
                " search IS NOT NULL"
                " FROM legal_documents WHERE file_name = 'doc1.pdf'"
            ).fetchone()
            assert row == (["altered date"], ["false statement"], "CASE-1", "done", 1, True)
            # an out-of-range old score is kept as it was, not rejected
            assert conn.execute(
                "SELECT relevancy_score FROM legal_documents WHERE file_name='doc0.pdf'"
            ).fetchone() == (1000,)
            assert conn.execute("SELECT review_status FROM legal_violations").fetchone() == ("suspected",)
            found = conn.execute(
                "SELECT count(*) FROM legal_documents"
                " WHERE search @@ websearch_to_tsquery('english', 'doc5.pdf')"
            ).fetchone()
            assert found == (1,)
            # new rows are checked
            try:
                conn.execute("INSERT INTO legal_documents (file_name, relevancy_score) VALUES ('x', 5000)")
                raise AssertionError("a score of 5000 must be refused")
            except psycopg.errors.CheckViolation:
                conn.rollback()
        migrate.upgrade(url)  # a second run changes nothing and does not fail
