"""Supabase's restrictions, reproduced on the local PostgreSQL.

1. No superuser: a plain role owning its database (as Supabase's ``postgres`` role is) runs the
   migrations, the API, a worker and live updates.
2. A transaction pooler (Supabase's port 6543; here pgbouncer in transaction mode): plain queries pass,
   but LISTEN/NOTIFY and session advisory locks do not survive it, which is why DATABASE_URL must be
   the direct connection or the session pooler (docs/deployment.md).
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from psycopg import sql
from websockets.asyncio.client import connect

from tests.fixtures.database import server_url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def url_with(base: str, **changes: str) -> str:
    info = {**psycopg.conninfo.conninfo_to_dict(base), **changes}
    return "postgresql://?" + "&".join(f"{k}={v}" for k, v in info.items() if v is not None)


@pytest.fixture(scope="module")
def restricted_url() -> Iterator[str]:
    """A NOSUPERUSER, NOCREATEDB, NOCREATEROLE role owning a fresh database; its URL."""
    role, database = f"aseagi_app_{secrets.token_hex(3)}", f"aseagi_supa_{secrets.token_hex(3)}"
    password = secrets.token_hex(12)
    server = server_url()
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(
            sql.SQL(
                "CREATE ROLE {} LOGIN PASSWORD {} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
            ).format(sql.Identifier(role), sql.Literal(password))
        )
        admin.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), sql.Identifier(role))
        )
    try:
        yield url_with(server, dbname=database, user=role, password=password)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
            admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def aseagi(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aseagi", *args], capture_output=True, text=True, timeout=300, env=env
    )


def test_migrations_api_worker_and_live_updates_without_superuser(
    restricted_url: str, tmp_path: Path
) -> None:
    with psycopg.connect(restricted_url) as conn:
        assert conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone() == (
            False,
        )
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": restricted_url,
        "ASEAGI_DATA_DIR": str(tmp_path / "data"),
        "ASEAGI_API_PORT": str(port),
        "ASEAGI_LOG_FORMAT": "json",
    }
    upgraded = aseagi("db", "upgrade", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert aseagi("db", "upgrade", env=env).returncode == 0  # idempotent, as on every start
    created = aseagi("token", "create", "--name", "supabase-test", "--scope", "write", env=env)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}

    inbox = tmp_path / "data" / "inbox" / "hearing"
    inbox.mkdir(parents=True)
    (inbox / "minute-order.txt").write_text("Minute order. Dept. 12. Hearing set 03/14/2025.\n")
    logs = tmp_path / "logs"
    logs.mkdir()
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "aseagi", *argv],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(logs / f"{name}.log", "w"),
        )
        for name, argv in (("api", ["api"]), ("worker", ["worker", "--concurrency", "1"]))
    ]
    try:
        api = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail("the API never became healthy:\n" + (logs / "api.log").read_text()[-3000:])
        event = asyncio.run(ingest_and_wait_for_live_event(api, token, inbox))
        assert event["kind"] == "document.done", event

        assert event["payload"]["file_name"] == "minute-order.txt"  # type: ignore[index]
        listed = httpx.get(f"{api}/documents", params={"case": "JV-123456"}, headers=headers).json()
        assert [(d["file_name"], d["status"]) for d in listed["items"]] == [("minute-order.txt", "done")]
        document = httpx.get(f"{api}/documents/{listed['items'][0]['id']}", headers=headers).json()
        assert "Dept. 12" in " ".join(document["pages"])
        metrics = httpx.get(f"{api}/metrics", headers=headers)
        assert metrics.status_code == 200 and 'aseagi_documents{status="done"} 1.0' in metrics.text
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                child.kill()
    assert token not in (logs / "api.log").read_text()  # uvicorn logged ?token=…, redacted
    for name in ("api", "worker"):
        for line in (logs / f"{name}.log").read_text().splitlines():
            if line.startswith("{"):
                assert json.loads(line)["level"] not in ("ERROR", "CRITICAL"), line


async def ingest_and_wait_for_live_event(api: str, token: str, inbox: Path) -> dict[str, object]:
    """Start a bulk ingestion of ``inbox`` and wait for the worker's ``document.*`` event on the WebSocket."""
    async with connect(api.replace("http://", "ws://") + f"/ws/updates?token={token}") as ws:
        await asyncio.sleep(1.0)  # the API's LISTEN connection opens in the background
        async with httpx.AsyncClient(base_url=api, headers={"Authorization": f"Bearer {token}"}) as client:
            response = await client.post("/process/bulk", json={"source": str(inbox), "case": "JV-123456"})
            assert response.status_code == 202, response.text
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            message = json.loads(await asyncio.wait_for(ws.recv(), deadline - time.monotonic()))
            if str(message["kind"]).startswith("document."):
                return dict(message)
    raise AssertionError("no document event arrived")


@pytest.fixture(scope="module")
def transaction_pooler() -> Iterator[str]:
    """pgbouncer in transaction mode in front of the test server (skipped when not installed)."""
    binary = shutil.which("pgbouncer") or (
        "/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None
    )
    if binary is None:
        pytest.skip("pgbouncer is not installed (apt-get install pgbouncer)")
    server = psycopg.conninfo.conninfo_to_dict(server_url())
    if not str(server.get("host", "")).replace(".", "").isdigit():
        pytest.skip("needs a TCP server (ASEAGI_TEST_DATABASE_URL)")
    folder = Path(tempfile.mkdtemp(prefix="aseagi-pgbouncer-"))
    folder.chmod(0o777)
    port = free_port()
    config = folder / "pgbouncer.ini"
    config.write_text(
        "[databases]\n"
        f"* = host={server['host']} port={server.get('port', 5432)} user={server.get('user', 'postgres')}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        "auth_type = any\npool_mode = transaction\ndefault_pool_size = 2\n"
        f"logfile = {folder}/pgbouncer.log\npidfile = {folder}/pgbouncer.pid\n"
    )
    config.chmod(0o644)
    argv = [binary, str(config)] + (["-u", "postgres"] if os.geteuid() == 0 else [])
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pooled = url_with(server_url(), host="127.0.0.1", port=str(port))
    try:
        for _ in range(50):
            try:
                psycopg.connect(pooled, prepare_threshold=None, connect_timeout=2).close()
                break
            except psycopg.OperationalError:
                time.sleep(0.1)
        else:
            log = folder / "pgbouncer.log"
            pytest.skip(f"pgbouncer did not start: {log.read_text()[-300:] if log.exists() else ''}")
        yield pooled
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


def test_behind_a_transaction_pooler_queries_pass_but_listen_notify_is_lost(transaction_pooler: str) -> None:
    channel = f"aseagi_probe_{secrets.token_hex(3)}"
    with psycopg.connect(transaction_pooler, autocommit=True, prepare_threshold=None) as pooled:
        assert pooled.execute("SELECT 1").fetchone() == (1,)
        pooled.execute(f"LISTEN {channel}")
        with (
            psycopg.connect(server_url(), autocommit=True) as direct,
            psycopg.connect(server_url(), autocommit=True) as direct_listener,
        ):
            direct_listener.execute(f"LISTEN {channel}")
            direct.execute(f"NOTIFY {channel}, 'hello'")
            assert [n.payload for n in direct_listener.notifies(timeout=2, stop_after=1)] == ["hello"]
        # the pooler parked the LISTENing server connection: the client never hears the notification
        assert list(pooled.notifies(timeout=2, stop_after=1)) == []


def test_behind_a_transaction_pooler_a_session_advisory_lock_outlives_its_client(
    transaction_pooler: str,
) -> None:
    """Why migrations (pg_advisory_lock) and the job queue need the direct or session connection."""
    key = secrets.randbelow(2**31)
    with psycopg.connect(transaction_pooler, autocommit=True, prepare_threshold=None) as pooled:
        assert pooled.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone() == (True,)
    # the client is gone, but the server connection that holds the lock went back to the pool
    with psycopg.connect(server_url(), autocommit=True) as direct:
        held = direct.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
        if held == (True,):
            direct.execute("SELECT pg_advisory_unlock(%s)", (key,))
    assert held == (False,)
