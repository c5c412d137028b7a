"""Every word of a file name is searchable: ``guardianship.pdf`` is found by "guardianship".

PostgreSQL's parser reads ``guardianship.pdf`` (or ``Guardianship Order.pdf``'s ``order.pdf``) as one
file-name token, so a word next to the extension could not be searched for. The search vector now holds
the file name as written (the whole name still matches) and with ``.``, ``_`` and ``-`` read as spaces.
The generated column is rebuilt, which rewrites ``legal_documents`` once.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision: str | None = "0006"
branch_labels = None
depends_on = None

OLD = (
    "setweight(to_tsvector('english'::regconfig, coalesce(file_name, '')), 'A') || "
    "to_tsvector('english'::regconfig, left(coalesce(text, ''), 500000))"
)
NEW = (
    "setweight(to_tsvector('english'::regconfig, coalesce(file_name, '')) || "
    "to_tsvector('english'::regconfig, translate(coalesce(file_name, ''), '._-', '   ')), 'A') || "
    "to_tsvector('english'::regconfig, left(coalesce(text, ''), 500000))"
)


def _rebuild(expression: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_legal_documents_search")
    op.execute("ALTER TABLE legal_documents DROP COLUMN IF EXISTS search")
    op.execute(
        f"ALTER TABLE legal_documents ADD COLUMN search TSVECTOR GENERATED ALWAYS AS ({expression}) STORED NOT NULL"
    )
    op.execute("CREATE INDEX ix_legal_documents_search ON legal_documents USING gin (search)")


def upgrade() -> None:
    _rebuild(NEW)


def downgrade() -> None:
    _rebuild(OLD)
