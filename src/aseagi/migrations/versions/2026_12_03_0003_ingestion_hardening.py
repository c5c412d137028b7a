"""Ingestion hardening: the raw bytes of file names that are not valid UTF-8.

``file_name`` and ``source`` keep a readable escaped form (``bad\\xffname.txt``); these columns keep the
bytes the file system gave, so the original name is never lost. Both are NULL for valid UTF-8 names.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("legal_documents", sa.Column("file_name_raw", postgresql.BYTEA(), nullable=True))
    op.add_column("document_occurrences", sa.Column("source_raw", postgresql.BYTEA(), nullable=True))


def downgrade() -> None:
    op.drop_column("document_occurrences", "source_raw")
    op.drop_column("legal_documents", "file_name_raw")
