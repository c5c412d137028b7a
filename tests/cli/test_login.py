"""``aseagi login-link`` through the real CLI: the link on the last line signs in once, with its scope."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
from tests.fixtures.cli import aseagi
from tests.fixtures.database import temporary_database

from aseagi.app import create_app
from aseagi.config import Settings
from aseagi.kit.db import create_engine, sqlalchemy_url


async def test_login_link_prints_a_single_use_link_on_its_last_line(settings: Settings) -> None:
    with temporary_database("aseagi_cli_login") as url:
        env = {"DATABASE_URL": url, "ASEAGI_DASHBOARDS_PORT": "8599"}
        assert aseagi("db", "upgrade", env=env).returncode == 0
        made = aseagi("login-link", "--scope", "read", "--ttl", "30", "--name", "erin", env=env)
        assert made.returncode == 0, made.stderr
        link = urlsplit(made.stdout.strip().splitlines()[-1])
        assert (link.scheme, link.netloc, link.path) == ("http", "127.0.0.1:8599", "/")
        code = parse_qs(link.query)["login"][0]
        assert code not in made.stderr
        bad = aseagi("login-link", "--scope", "root", env=env)
        assert bad.returncode == 1
        assert bad.stderr.startswith("error: unknown scope")

        engine = create_engine(sqlalchemy_url(url))
        try:
            transport = httpx.ASGITransport(app=create_app(settings, engine=engine))
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as api:
                first = await api.post("/auth/login", json={"code": code})
                assert first.status_code == 200, first.text
                assert (first.json()["name"], first.json()["scope"]) == ("erin", "read")
                assert (await api.post("/auth/login", json={"code": code})).status_code == 401
                session_token = first.json()["token"]
        finally:
            await engine.dispose()
        listed = aseagi("token", "list", env=env)
        assert "erin" in listed.stdout
        assert "session" in listed.stdout
        assert session_token not in listed.stdout
