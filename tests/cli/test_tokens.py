"""``aseagi token`` create, list and revoke as a user runs them."""

from __future__ import annotations

from tests.fixtures.cli import aseagi
from tests.fixtures.database import temporary_database


def test_token_lifecycle_through_the_cli() -> None:
    with temporary_database("aseagi_cli") as url:
        env = {"DATABASE_URL": url}
        assert aseagi("db", "upgrade", env=env).returncode == 0
        created = aseagi("token", "create", "--name", "bot", "--scope", "write", env=env)
        assert created.returncode == 0, created.stderr
        secret = created.stdout.strip().splitlines()[-1]
        assert secret.startswith("asg_")
        listed = aseagi("token", "list", env=env)
        assert "bot" in listed.stdout
        assert secret not in listed.stdout
        assert aseagi("token", "revoke", "bot", env=env).returncode == 0
        again = aseagi("token", "revoke", "bot", env=env)
        assert again.returncode == 1
        assert again.stderr.startswith("error:")
        bad_scope = aseagi("token", "create", "--name", "x", "--scope", "root", env=env)
        assert bad_scope.returncode == 1
        assert "Traceback" not in bad_scope.stderr
