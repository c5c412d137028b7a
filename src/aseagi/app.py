"""The FastAPI application: every domain's router under one app. ``create_app`` is the one way to build it
(tests pass their own engine). It sits above every domain: only the entry points (the CLI) import it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from aseagi import __version__
from aseagi.api import error_responses
from aseagi.api.body_limit import BodyLimit
from aseagi.api.valid_text import reject_unstorable_text
from aseagi.cases.endpoints import router as cases_router
from aseagi.communications.endpoints import router as communications_router
from aseagi.config import Settings, get_settings
from aseagi.documents.endpoints import router as documents_router
from aseagi.events.endpoints import router as events_router
from aseagi.exports.endpoints import router as exports_router
from aseagi.ingestion.endpoints import router as ingestion_router
from aseagi.kit.db import create_engine, database_url, session_factory
from aseagi.live.endpoints import router as live_router
from aseagi.live.listener import EventHub
from aseagi.metrics import endpoints as metrics
from aseagi.originals import pool as render_pool
from aseagi.originals.endpoints import router as originals_router
from aseagi.security.endpoints import router as auth_router
from aseagi.stats.endpoints import router as stats_router
from aseagi.telegram import webhook as telegram_webhook
from aseagi.telegram.endpoints import router as telegram_router
from aseagi.violations.endpoints import router as violations_router

HEALTH_TIMEOUT_SECONDS = 3.0


def create_app(settings: Settings | None = None, *, engine: AsyncEngine | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own_engine = engine is None
        app.state.engine = engine or create_engine(await asyncio.to_thread(database_url, settings))
        app.state.sessions = session_factory(app.state.engine)
        app.state.live = EventHub(app.state.engine)
        await app.state.live.start()
        render_pool.warm_up(settings)
        app.state.telegram_bot = await telegram_webhook.start(settings)  # None unless webhook mode
        try:
            yield
        finally:
            await telegram_webhook.stop(app.state.telegram_bot)
            await app.state.live.stop()
            await asyncio.to_thread(render_pool.close)
            if own_engine:
                await app.state.engine.dispose()

    app = FastAPI(
        title="ASEAGI",
        version=__version__,
        description="Evidence ingestion and analysis for California juvenile dependency cases. "
        "Every endpoint except / and /health needs `Authorization: Bearer <token>`; "
        "/telegram/webhook takes Telegram's secret-token header instead.",
        lifespan=lifespan,
        responses=error_responses.ERROR_RESPONSES,
        dependencies=[Depends(reject_unstorable_text)],
    )
    app.state.settings = settings
    if engine is not None:
        app.state.engine = engine
        app.state.sessions = session_factory(engine)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(BodyLimit)
    error_responses.install(app)
    metrics.install(app)

    @app.get("/", tags=["service"])
    async def root() -> dict[str, Any]:
        return {"status": "ok", "service": "aseagi", "version": __version__}

    @app.get("/health", tags=["service"])
    async def health() -> JSONResponse:
        """A real database round-trip; 503 with the reason when the database does not answer."""
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS):
                async with app.state.engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
        except Exception as exc:
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            return JSONResponse(
                status_code=503, content={"status": "unavailable", "database": "down", "reason": reason}
            )
        return JSONResponse(content={"status": "ok", "database": "ok", "version": __version__})

    for router in (
        cases_router,
        documents_router,
        violations_router,
        events_router,
        communications_router,
        ingestion_router,
        live_router,
        telegram_router,
        telegram_webhook.router,
        stats_router,
        originals_router,
        metrics.router,
        auth_router,
        exports_router,
    ):
        app.include_router(router)
    return app
