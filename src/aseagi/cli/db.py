from __future__ import annotations

import asyncio

import typer

from aseagi.cli.context import run, settings
from aseagi.kit import migrate
from aseagi.kit.db import database_url

app = typer.Typer(help="Database schema.", no_args_is_help=True)


def upgrade_database() -> str:
    """Apply every migration; returns the URL used (starting the embedded server if needed)."""
    url = database_url(settings())
    migrate.upgrade(url)
    return url


@app.command("upgrade")
def upgrade() -> None:
    """Apply the migrations (safe to run any number of times, and on an old Supabase schema)."""
    run(asyncio.to_thread(upgrade_database))
    typer.echo("Database schema is up to date.")


@app.command("current")
def current() -> None:
    """Show the schema revision the database is at."""
    revision = run(asyncio.to_thread(lambda: migrate.current(database_url(settings()))))
    typer.echo(revision or "empty (run `aseagi db upgrade`)")
