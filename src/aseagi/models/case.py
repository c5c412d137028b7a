from __future__ import annotations

from sqlalchemy import Boolean, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from aseagi.models.base import Base, Timestamps, UUIDKey


class Case(UUIDKey, Timestamps, Base):
    """One matter, named by its docket (a dependency case, a family-law case, an appeal…)."""

    __tablename__ = "cases"

    docket_number: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str | None] = mapped_column(Text)
    case_type: Mapped[str] = mapped_column(Text, server_default=text("'dependency'"))
    jurisdiction: Mapped[str] = mapped_column(Text, server_default=text("'california_dependency'"))
    external_analysis: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    """Whether the optional Claude analyzer may see this case's documents (off: a minor's records)."""
