from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.cli.context import run, with_session
from aseagi.security import tokens

app = typer.Typer(help="Create, list and revoke API tokens.", no_args_is_help=True)


@app.command("create")
def create(
    name: Annotated[str, typer.Option("--name", help="Who or what will use it, e.g. 'telegram-bot'.")],
    scope: Annotated[str, typer.Option("--scope", help="read, write or admin.")] = "read",
) -> None:
    """Create a token. It is shown once, alone on the last line, and stored only as a hash."""

    async def work(session: AsyncSession) -> str:
        _, secret = await tokens.create_token(session, name=name, scope=scope)
        return secret

    secret = run(with_session(work))
    typer.echo(f"Created {scope} token {name!r}. Keep it now: it is not shown again.", err=True)
    typer.echo(secret)


@app.command("list")
def list_() -> None:
    """List tokens (never their secrets), dashboard sessions included (kind ``session``)."""

    async def work(session: AsyncSession) -> list[tuple[str, ...]]:
        now = datetime.now(UTC)
        return [
            (
                t.name,
                t.prefix + "…",
                t.scope,
                t.kind,
                t.created_at.strftime("%Y-%m-%d %H:%M"),
                t.last_used_at.strftime("%Y-%m-%d %H:%M") if t.last_used_at else "-",
                "revoked"
                if t.revoked_at
                else "expired"
                if t.expires_at and t.expires_at <= now
                else "active",
            )
            for t in await tokens.list_tokens(session)
        ]

    table = Table("name", "prefix", "scope", "kind", "created", "last used", "status")
    for row in run(with_session(work)):
        table.add_row(*row)
    Console().print(table)


@app.command("revoke")
def revoke(name: Annotated[str, typer.Argument(help="The token's name, id or shown prefix.")]) -> None:
    """Revoke a token at once; requests with it get 401 from then on."""

    async def work(session: AsyncSession) -> int:
        return await tokens.revoke_token(session, name)

    count = run(with_session(work))
    typer.echo(f"Revoked {count} token(s) named {name!r}.")
