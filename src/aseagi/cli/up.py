"""``aseagi up``: migrations, the admin token, the API, and the other services as child processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.config import Settings
from aseagi.kit.db import libpq_url
from aseagi.security import tokens

ADMIN_TOKEN_NAME = "admin (aseagi up)"


@dataclass(frozen=True)
class ChildService:
    name: str
    argv: list[str]
    api_token: bool = True
    """Whether it gets the admin token (``ASEAGI_API_TOKEN``): the dashboards do not, their users sign in."""


def write_secret(path: Path, secret: str) -> None:
    """Write a secret readable by its owner only (mode 0600), replacing any older one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secret + "\n")
    path.chmod(0o600)


async def ensure_admin_token(session: AsyncSession, path: Path) -> tuple[str, bool]:
    """Reuse the token in ``path`` while it is valid; otherwise create one. Returns (token, created)."""
    if path.exists():
        secret = path.read_text().strip()
        principal = await tokens.authenticate(session, secret) if secret else None
        if principal is not None and principal.scope == "admin":
            return secret, False
    _, secret = await tokens.create_token(session, name=ADMIN_TOKEN_NAME, scope="admin")
    write_secret(path, secret)
    return secret, True


def child_environment(settings: Settings, database: str, token: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = libpq_url(database)
    env["ASEAGI_API_URL"] = f"http://{settings.api_host}:{settings.api_port}"
    env["ASEAGI_API_TOKEN"] = token
    env["ASEAGI_DATA_DIR"] = str(settings.data_dir)
    return env


def start_children(services: list[ChildService], env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    without_token = {k: v for k, v in env.items() if k != "ASEAGI_API_TOKEN"}
    return [subprocess.Popen(s.argv, env=env if s.api_token else without_token) for s in services]


def stop_children(children: list[subprocess.Popen[bytes]], timeout: float = 10.0) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + timeout
    for child in children:
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()


def python_module(*args: str) -> list[str]:
    return [sys.executable, "-m", "aseagi", *args]


def announce(settings: Settings, services: list[ChildService], created: bool, login_link: str) -> None:
    api = f"http://{settings.api_host}:{settings.api_port}"
    lines = [
        "ASEAGI is starting.",
        f"  API            {api}   (docs: {api}/docs)",
        *(f"  {s.name:<14} running" for s in services),
        f"  admin token    {settings.admin_token_file}" + (" (new)" if created else ""),
        f"  data           {settings.data_dir}",
        "Sign in to the dashboards with this single-use link (another: `aseagi login-link`):",
        f"  {login_link}",
        "Press Ctrl-C to stop everything.",
    ]
    typer.echo("\n".join(lines), err=True)


def run_api_forever(settings: Settings) -> None:
    import uvicorn

    from aseagi.app import create_app

    uvicorn.run(
        create_app(settings),
        host=settings.api_host,
        port=settings.api_port,
        log_level=settings.log_level.lower(),
        log_config=None,  # our structured, redacting logging (kit.logging) formats uvicorn's lines too
        proxy_headers=False,
    )


def wait_until_healthy(url: str, timeout: float = 30.0) -> bool:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False
