"""The API's render processes: page images are drawn here, each process under the parsers' memory limit.

Two processes with pypdfium2 and Pillow loaded (~60 MB each), started in the background when the API
starts (``warm_up``: a first page then costs no start-up) or on the first page request, shared by every
request of this API process, and stopped with it.
"""

from __future__ import annotations

import asyncio
import atexit
import threading

from aseagi.config import Settings
from aseagi.ingestion.isolation import ParserFailed, ParserPool
from aseagi.kit.errors import ServiceUnavailable
from aseagi.originals.rendering import PageRequest, render_page

RENDER_PROCESSES = 2
RENDER_TIMEOUT = 30.0
"""Seconds one page may take; a page at the pixel cap renders in well under one."""
_pool: ParserPool | None = None
_lock = threading.Lock()


def render_pool(settings: Settings) -> ParserPool:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ParserPool(
                RENDER_PROCESSES,
                timeout=RENDER_TIMEOUT,
                memory_mb=settings.parse_memory_mb,
                preload=("aseagi.originals.rendering",),
            )
            atexit.register(close)
        return _pool


def warm_up(settings: Settings) -> None:
    """Start the render processes in the background; the API's start-up never waits for them."""
    threading.Thread(target=render_pool, args=(settings,), name="aseagi-render-warm-up", daemon=True).start()


def close() -> None:
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.close()


async def render(settings: Settings, request: PageRequest) -> bytes:
    """The page as PNG, from a render process; a page that cannot be drawn in bounds is a 503."""
    pool = await asyncio.to_thread(render_pool, settings)
    try:
        return await asyncio.to_thread(pool.run, render_page, request)
    except ParserFailed as failure:
        raise ServiceUnavailable(
            f"the page could not be drawn ({failure.reason}): download the original instead"
        ) from None
