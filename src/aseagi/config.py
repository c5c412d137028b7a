"""Settings, read once from the environment and an optional ``.env`` file.

A wrong value stops start-up with one line naming the setting (``SettingsError``), never a traceback.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class SettingsError(Exception):
    """A setting has a value ASEAGI cannot use; the message names it and says what is expected."""


def _split_list(value: object) -> object:
    if isinstance(value, str):
        return [item.strip() for item in value.replace(";", ",").split(",") if item.strip()]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    """PostgreSQL ≥ 14 (Supabase's direct connection string works). Unset: the embedded server."""
    data_dir: Path = Field(default=Path("~/.aseagi"), alias="ASEAGI_DATA_DIR")
    """Embedded database, blob store, inbox and the first admin token live here."""
    storage_url: str | None = Field(default=None, alias="ASEAGI_STORAGE_URL")
    """Where originals are kept: an fsspec URL (``s3://bucket/aseagi``); unset: ``<data_dir>/blobs``."""
    api_host: str = Field(default="127.0.0.1", alias="ASEAGI_API_HOST")
    api_port: int = Field(default=8000, ge=1, le=65535, alias="ASEAGI_API_PORT")
    dashboards_port: int = Field(default=8501, ge=1, le=65535, alias="ASEAGI_DASHBOARDS_PORT")
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list, alias="ASEAGI_CORS_ORIGINS")
    """Browser origins allowed to call the API, comma-separated. Never ``*``: requests carry credentials."""
    api_url: str = Field(default="http://127.0.0.1:8000", alias="ASEAGI_API_URL")
    """Where the bot and the dashboards find the API."""
    api_token: str | None = Field(default=None, alias="ASEAGI_API_TOKEN")
    """The token the bot and dashboards use; under ``aseagi up`` the admin token file is used."""
    telegram_bot_token: str | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_allowed_users: Annotated[list[int], NoDecode] = Field(
        default_factory=list, alias="TELEGRAM_ALLOWED_USERS"
    )
    telegram_api_url: str | None = Field(default=None, alias="TELEGRAM_API_URL")
    anthropic_api_key: str | None = Field(default=None, alias="ANTHROPIC_API_KEY")
    """Enables the optional Claude analyzer, and only for cases whose ``external_analysis`` is on."""
    anthropic_base_url: str | None = Field(default=None, alias="ANTHROPIC_BASE_URL")
    """Where the Messages API is; unset: Anthropic's. Tests point it at a local fake server."""
    claude_model: str = Field(default="claude-sonnet-5-5", alias="ASEAGI_CLAUDE_MODEL")
    """The model the Claude analyzer asks; its price must be in ``analysis/llm/accounting.py`` for costs."""
    claude_concurrency: int = Field(default=32, ge=1, le=256, alias="ASEAGI_CLAUDE_CONCURRENCY")
    """Calls in flight at once: with ~3 s per call, 32 gives about 600 documents a minute."""
    ingest_roots: Annotated[list[Path], NoDecode] = Field(default_factory=list, alias="ASEAGI_INGEST_ROOTS")
    """Folders bulk ingestion may read, separated by ``:``. Unset: ``<data_dir>/inbox``."""
    ingest_url_schemes: Annotated[list[str], NoDecode] = Field(
        default_factory=list, alias="ASEAGI_INGEST_URL_SCHEMES"
    )
    """Object-storage schemes bulk ingestion may read (e.g. ``s3,gs``). Unset: none."""
    max_upload_bytes: int = Field(default=512 * 1024**2, ge=1, alias="ASEAGI_MAX_UPLOAD_BYTES")
    parse_timeout: float = Field(default=120.0, gt=0, le=3600, alias="ASEAGI_PARSE_TIMEOUT")
    """Seconds one file may take to parse (OCR of a long scan included) before it is failed."""
    parse_memory_mb: int = Field(default=2048, ge=256, alias="ASEAGI_PARSE_MEMORY_MB")
    """Address-space limit of one parser process."""
    max_pdf_pages: int = Field(default=10_000, ge=1, alias="ASEAGI_MAX_PDF_PAGES")
    """A PDF declaring more pages is failed before any page is read (a tiny file can declare millions)."""
    worker_concurrency: int | None = Field(default=None, ge=1, le=256, alias="ASEAGI_WORKER_CONCURRENCY")
    """Parser processes per worker; unset: one per core."""
    event_retention_days: float = Field(default=7.0, gt=0, le=3650, alias="ASEAGI_EVENT_RETENTION_DAYS")
    """Days live events (one per document ingested) are kept for reconnecting clients, then pruned."""
    log_level: str = Field(default="INFO", alias="ASEAGI_LOG_LEVEL")
    telegram_webhook_secret: str | None = Field(
        default=None, alias="TELEGRAM_WEBHOOK_SECRET", pattern=r"^([A-Za-z0-9_-]{16,256})?$"
    )
    """What Telegram sends in ``X-Telegram-Bot-Api-Secret-Token`` with every webhook update: 16 to 256
    of ``A-Z a-z 0-9 _ -``. With ``TELEGRAM_WEBHOOK_URL`` it turns on webhook mode."""
    telegram_webhook_url: str | None = Field(default=None, alias="TELEGRAM_WEBHOOK_URL")
    """The public HTTPS address of ``POST /telegram/webhook`` (``https://host/telegram/webhook``). With
    ``TELEGRAM_WEBHOOK_SECRET`` set too, the API runs the bot and Telegram pushes updates to it."""

    @field_validator("cors_origins", "ingest_url_schemes", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        return _split_list(value)

    @field_validator("telegram_allowed_users", mode="before")
    @classmethod
    def _user_ids(cls, value: object) -> object:
        return _split_list(value)

    @field_validator("ingest_roots", mode="before")
    @classmethod
    def _path_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [Path(part).expanduser() for part in value.split(":") if part.strip()]
        return value

    @field_validator("cors_origins")
    @classmethod
    def _no_wildcard(cls, value: list[str]) -> list[str]:
        if "*" in value:
            raise ValueError("'*' is not allowed: list the dashboard origins, e.g. http://127.0.0.1:8501")
        return value

    @field_validator("database_url")
    @classmethod
    def _postgres_only(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
            raise ValueError("must be a PostgreSQL URL (postgresql://user:password@host:5432/dbname)")
        return value.strip()

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser().absolute()

    @property
    def blob_url(self) -> str:
        return self.storage_url or str(self.data_dir / "blobs")

    @property
    def allowed_ingest_roots(self) -> list[Path]:
        return [root.absolute() for root in self.ingest_roots] or [self.data_dir / "inbox"]

    @property
    def admin_token_file(self) -> Path:
        return self.data_dir / "admin-token"


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning a validation error into one line that names the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "settings"
        alias = Settings.model_fields[name].alias if name in Settings.model_fields else name
        raise SettingsError(f"invalid setting {alias or name}: {first['msg']}") from None


DATA_DIR_WARNED = "_ASEAGI_DATA_DIR_WARNED"


def prepare_data_dir(settings: Settings) -> None:
    """The data directory and the default inbox, created owner-only (0700) whatever the umask; one
    warning when an existing data directory is open to other users (it is left as its owner set it)."""
    from aseagi.kit.private import private_folder, warn_if_exposed

    existed = settings.data_dir.exists()
    try:
        private_folder(settings.data_dir)
        if not settings.ingest_roots:
            private_folder(settings.data_dir / "inbox")
    except OSError as exc:  # a read-only home with everything elsewhere: whatever needs it will say so
        logging.getLogger(__name__).warning("could not create %s: %s", settings.data_dir, exc)
        return
    # ``aseagi up``'s children inherit the environment: the warning is one line, not one per process
    if existed and os.environ.get(DATA_DIR_WARNED) != str(settings.data_dir):
        if warn_if_exposed(settings.data_dir, "data directory"):
            os.environ[DATA_DIR_WARNED] = str(settings.data_dir)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process; the first call also prepares the data directory."""
    settings = load_settings()
    prepare_data_dir(settings)
    return settings
