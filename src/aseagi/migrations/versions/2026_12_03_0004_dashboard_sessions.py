"""Dashboard sessions: expiring session tokens tied to the token they came from, and sign-in codes.

``api_tokens.kind`` is ``session`` for a dashboard sign-in; ``expires_at`` ends it and ``parent_id`` ends
it with its parent. ``login_codes`` hold the SHA-256 of single-use sign-in codes (``/?login=CODE``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision: str | None = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("api_tokens", sa.Column("kind", sa.Text(), server_default=sa.text("'api'"), nullable=False))
    op.add_column("api_tokens", sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("api_tokens", sa.Column("parent_id", postgresql.UUID(as_uuid=True), nullable=True))
    op.create_check_constraint(op.f("ck_api_tokens_kind_known"), "api_tokens", "kind IN ('api', 'session')")
    op.create_foreign_key(
        op.f("fk_api_tokens_parent_id_api_tokens"),
        "api_tokens",
        "api_tokens",
        ["parent_id"],
        ["id"],
        ondelete="CASCADE",
    )
    op.create_index(op.f("ix_api_tokens_parent_id"), "api_tokens", ["parent_id"])
    op.create_table(
        "login_codes",
        sa.Column(
            "id", postgresql.UUID(as_uuid=True), server_default=sa.text("gen_random_uuid()"), nullable=False
        ),
        sa.Column("code_hash", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("session_minutes", sa.Integer(), nullable=False),
        sa.Column("parent_id", postgresql.UUID(as_uuid=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("scope IN ('read', 'write', 'admin')", name=op.f("ck_login_codes_scope_known")),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["api_tokens.id"],
            name=op.f("fk_login_codes_parent_id_api_tokens"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_login_codes_code_hash")),
    )


def downgrade() -> None:
    op.drop_table("login_codes")
    op.drop_index(op.f("ix_api_tokens_parent_id"), table_name="api_tokens")
    op.drop_constraint(op.f("fk_api_tokens_parent_id_api_tokens"), "api_tokens", type_="foreignkey")
    op.drop_constraint(op.f("ck_api_tokens_kind_known"), "api_tokens", type_="check")
    op.drop_column("api_tokens", "parent_id")
    op.drop_column("api_tokens", "expires_at")
    op.drop_column("api_tokens", "kind")
