"""The case chronology: merged events with their sources, corrections, and how sure a violation is.

``court_events`` rows with ``source='document'`` become one per fact: ``event_key`` (stable), the
``date_certainty``, the ``mentions`` count (the passages are in ``evidence``), ``disputed``,
``continued_to`` (the setting it moved to) and ``people``; ``status`` also holds scheduled/continued/held/
vacated. ``event_corrections`` keeps a person's corrections so re-analysis applies them again.
``legal_violations.confidence`` is ``possible`` when a date the finding rests on is uncertain.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision: str | None = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("court_events", sa.Column("event_key", sa.Text(), nullable=True))
    op.add_column("court_events", sa.Column("date_certainty", sa.Text(), nullable=True))
    op.add_column(
        "court_events", sa.Column("mentions", sa.Integer(), server_default=sa.text("0"), nullable=False)
    )
    op.add_column(
        "court_events", sa.Column("disputed", sa.Boolean(), server_default=sa.text("false"), nullable=False)
    )
    op.add_column("court_events", sa.Column("continued_to", postgresql.UUID(as_uuid=True), nullable=True))
    op.add_column(
        "court_events",
        sa.Column(
            "people",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
    )
    op.create_index(op.f("ix_court_events_case_key"), "court_events", ["case_id", "event_key"])
    op.add_column(
        "legal_violations",
        sa.Column("confidence", sa.Text(), server_default=sa.text("'likely'"), nullable=False),
    )
    op.create_table(
        "event_corrections",
        sa.Column(
            "id", postgresql.UUID(as_uuid=True), server_default=sa.text("gen_random_uuid()"), nullable=False
        ),
        sa.Column("case_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("event_key", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column(
            "values",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "action IN ('update', 'merge', 'split')", name=op.f("ck_event_corrections_action_known")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_event_corrections_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_corrections")),
    )
    op.create_index(op.f("ix_event_corrections_case"), "event_corrections", ["case_id", "created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_event_corrections_case"), table_name="event_corrections")
    op.drop_table("event_corrections")
    op.drop_column("legal_violations", "confidence")
    op.drop_index(op.f("ix_court_events_case_key"), table_name="court_events")
    for column in ("people", "continued_to", "disputed", "mentions", "date_certainty", "event_key"):
        op.drop_column("court_events", column)
