"""What every command needs: settings, a database, and one-line failures instead of tracebacks."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import NoReturn, TypeVar

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.config import Settings, SettingsError, get_settings
from aseagi.kit.db import create_engine, database_url, session_factory, transaction
from aseagi.kit.errors import AseagiError

T = TypeVar("T")
log = logging.getLogger("aseagi.cli")


def fail(message: str, code: int = 1) -> NoReturn:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def settings() -> Settings:
    try:
        return get_settings()
    except SettingsError as exc:
        fail(str(exc), 2)


def run(coroutine: Awaitable[T]) -> T:
    """Run a coroutine, turning known failures into one line and an exit code."""
    try:
        return asyncio.run(coroutine)  # type: ignore[arg-type]
    except AseagiError as exc:
        fail(exc.message)
    except SettingsError as exc:
        fail(str(exc), 2)
    except OSError as exc:
        log.debug("OS error", exc_info=True)
        fail(f"{exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}".rstrip(": "))
    except Exception as exc:
        if type(exc).__module__.startswith(("sqlalchemy", "psycopg")):
            log.debug("database error", exc_info=True)
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            fail(f"database error: {first} (is DATABASE_URL right and the server up?)")
        raise


async def with_session(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Open the configured database, run ``work`` in one transaction, close everything."""
    engine = create_engine(await asyncio.to_thread(database_url, settings()), pool_size=2)
    try:
        async with transaction(session_factory(engine)) as session:
            return await work(session)
    finally:
        await engine.dispose()


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
