"""What the bot needs to run: its token, who may use it, where the API is, and its timings.

Its own module, so the handlers that read it never import the module that wires them (``bot.app``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from aseagi.kit.retry import RetryPolicy


@dataclass(frozen=True)
class BotConfig:
    token: str
    allowed_users: frozenset[int]
    """Telegram user ids that get any data; everyone else gets one polite refusal."""
    api_url: str = "http://127.0.0.1:8000"
    api_token: str | None = None
    telegram_api_url: str | None = None
    """A self-hosted Bot API server (``http://host:8081``); unset: Telegram's cloud API."""
    report_at: time | None = time(8, 0)
    """Local time of the daily report and deadline reminders; ``None`` turns them off."""
    page_size: int = 5
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    """How the API client retries one call."""
    api_timeout: float = 15.0
    """Seconds the API may take over one call before the try counts as failed."""
    background_retries: tuple[float, ...] = (5.0, 15.0, 45.0)
    """Seconds between further tries after the user was told the server is unreachable."""
    upload_poll: tuple[float, float, float] = (2.0, 30.0, 1800.0)
    """Watching an upload: first delay, longest delay, give up after (seconds)."""
    state_file: Path | None = None
    """Where each chat's case and the refused users are kept across restarts; ``None``: memory only."""
