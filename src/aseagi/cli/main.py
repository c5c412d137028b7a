"""The ``aseagi`` command."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from aseagi import __version__
from aseagi.cli import analysis, backup, db, exports, ingest, tokens
from aseagi.cli.bot import bot as bot_command
from aseagi.cli.context import configure_logging, run, settings, with_session
from aseagi.cli.dashboards import dashboards
from aseagi.cli.login import login_link, new_login_link
from aseagi.cli.up import (
    ChildService,
    announce,
    child_environment,
    ensure_admin_token,
    python_module,
    run_api_forever,
    start_children,
    stop_children,
)
from aseagi.config import SettingsError, get_settings
from aseagi.kit.logging import configure_logging as configure_structured_logging

app = typer.Typer(
    name="aseagi",
    help="ASEAGI: evidence ingestion and analysis for California juvenile dependency cases.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(tokens.app, name="token")
ingest.register(app)
analysis.register(app)
app.command()(dashboards)
app.command(name="login-link")(login_link)
app.command(name="bot")(bot_command)
backup.register(app)
exports.register(app)


@app.callback()
def structured_logs() -> None:
    """Every command logs JSON lines off a terminal, text on one, with secrets redacted."""
    try:
        level = get_settings().log_level
    except SettingsError:
        level = "INFO"  # the command itself reports the bad setting
    configure_structured_logging(level)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


@app.command()
def api(
    host: Annotated[
        str | None, typer.Option(help="Bind address (default ASEAGI_API_HOST, 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default ASEAGI_API_PORT, 8000).")] = None,
) -> None:
    """Run the API server alone (migrations are not applied: see `aseagi db upgrade`)."""
    current = settings()
    configure_logging(current.log_level)
    current = current.model_copy(
        update={"api_host": host or current.api_host, "api_port": port or current.api_port}
    )
    run_api_forever(current)


@app.command()
def up(
    host: Annotated[str | None, typer.Option(help="API bind address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="API port (default 8000).")] = None,
) -> None:
    """Start everything: migrations, the API and the other services. Ctrl-C stops them all."""
    current = settings()
    configure_logging(current.log_level)
    current = current.model_copy(
        update={"api_host": host or current.api_host, "api_port": port or current.api_port}
    )
    database = run(asyncio.to_thread(db.upgrade_database))
    token, created = run(with_session(lambda s: ensure_admin_token(s, current.admin_token_file)))
    link = run(with_session(lambda s: new_login_link(s, current)))
    services = [
        ChildService("worker", python_module("worker")),
        ChildService(
            "dashboards", python_module("dashboards", "--port", str(current.dashboards_port)), api_token=False
        ),
    ]
    webhook = current.telegram_webhook_url and current.telegram_webhook_secret
    if current.telegram_bot_token and not webhook:  # in webhook mode the API runs the bot itself
        services.append(ChildService("telegram bot", python_module("bot")))
    children = start_children(services, child_environment(current, database, token))
    announce(current, services, created, link)
    try:
        run_api_forever(current)
    finally:
        stop_children(children)


def main() -> None:
    app()
