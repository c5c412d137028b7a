"""``aseagi db`` against an unreachable database: one line, no traceback."""

from __future__ import annotations

from tests.fixtures.cli import aseagi


def test_unreachable_database_is_one_line() -> None:
    result = aseagi("db", "current", env={"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/x"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: database error")
