"""Structured logs: JSON lines when stderr is a pipe or a file (containers, systemd), text on a terminal.

Secrets never reach a log. Every line passes through ``redact`` after formatting (so exception tracebacks
and third-party messages are covered too): bearer tokens and every ``Authorization``-like header value,
``asg_`` API tokens, Telegram bot tokens (which python-telegram-bot's HTTP client prints inside request
URLs), Anthropic keys, the password part of any URL, the literal values of the secret settings, and the
values of secret query parameters (``token=``, ``login=``…) however they are percent-encoded: each
URL-like run is decoded until it stops changing before it is looked at.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO
from urllib.parse import unquote

REDACTED = "[REDACTED]"
SECRET_SETTINGS = ("TELEGRAM_BOT_TOKEN", "ANTHROPIC_API_KEY", "ASEAGI_API_TOKEN", "DATABASE_URL")
"""Settings whose values are secrets (DATABASE_URL for its password); read from the environment."""

SECRET_PARAMETERS = frozenset(
    {"token", "access_token", "api_token", "api_key", "apikey", "key", "secret", "password", "passwd"}
    | {"pwd", "login", "auth", "authorization", "session"}
)
"""Query (or form) parameters whose values are secrets; ``login`` is the dashboards' sign-in code."""

_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str], str], ...] = (
    # (what a line must contain, lower-cased, for the pattern to be tried; the pattern; its replacement)
    (
        ("authorization", "x-api-key", "x-telegram-bot-api-secret-token"),
        re.compile(
            r"(?i)\b((?:proxy-)?authorization|x-api-key|x-telegram-bot-api-secret-token)"
            r"(['\"]?\s*[:=,]\s*(?:b(?=['\"]))?['\"]?\s*)((?:bearer|basic|token|digest|bot)\s+)?+(?!\[REDACTED\])"
            r"[^\s'\",;)}\]]+"
        ),
        rf"\1\2\3{REDACTED}",
    ),
    (
        ("cookie",),
        re.compile(r"(?i)\b((?:set-)?cookie)(['\"]?\s*[:=,]\s*(?:b(?=['\"]))?['\"]?\s*)[^'\"\r\n]+"),
        rf"\1\2{REDACTED}",
    ),
    (("bearer",), re.compile(r"(?i)\b(bearer)(\s+|%20)[A-Za-z0-9._~+/=-]+"), rf"\1\2{REDACTED}"),
    (("asg_",), re.compile(r"\basg_[A-Za-z0-9_-]{8,}"), f"asg_{REDACTED}"),
    ((":",), re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{30,}"), REDACTED),  # Telegram: <bot id>:<secret>
    (("/bot", "/file/bot"), re.compile(r"(?i)(/(?:file/)?bot)\d+:[^/\s'\"?#]+"), rf"\1{REDACTED}"),
    (("sk-ant-",), re.compile(r"\bsk-ant-[A-Za-z0-9_-]{8,}"), f"sk-ant-{REDACTED}"),
    (("://",), re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s/:@]*:)[^\s/@]+@"), rf"\1{REDACTED}@"),
    (
        ("password=", "passwd=", "pwd="),
        re.compile(r"(?i)\b(password|passwd|pwd)=[^\s&;]+"),
        rf"\1={REDACTED}",
    ),
)
_MIN_LITERAL = 8
"""Shorter configured values are not redacted literally: replacing "postgres" everywhere helps nobody."""


def secret_values(environ: dict[str, str] | None = None) -> list[str]:
    """The configured secret values, longest first (a value inside another is then handled by it)."""
    env = os.environ if environ is None else environ
    values: set[str] = set()
    for name in SECRET_SETTINGS:
        value = (env.get(name) or "").strip()
        if name == "DATABASE_URL":
            match = re.search(r"://[^\s/:@]*:([^\s/@]+)@", value)
            value = match.group(1) if match else ""
        if len(value) >= _MIN_LITERAL:
            values.add(value)
    return sorted(values, key=len, reverse=True)


_RUN = re.compile(r"""[^\s"'<>]+""")
"""A run of text between spaces and quotes: where a URL, a query string or an encoded secret would be."""
_URL_HINT = re.compile(r"=|%[0-9A-Fa-f]{2}|/bot\d")
"""What a run holds when it may hide a secret parameter: ``=``, a percent escape or ``/bot1…``."""
_PARAMETER = re.compile(r"(?:(?<=^)|(?<=[?&;#/,]))([^?&;#=/,\s]+)=([^&;#\s]*)")
_DECODE_ROUNDS = 5


def _fully_decoded(run: str) -> str:
    """``run`` percent-decoded until it stops changing (double and triple encodings included)."""
    for _ in range(_DECODE_ROUNDS):
        decoded = unquote(run)
        if decoded == run:
            break
        run = decoded
    return run


def _secret_parameter(match: re.Match[str]) -> str:
    name, value = match.group(1), match.group(2)
    key = name.lower().replace("-", "_").strip("[]")
    if key not in SECRET_PARAMETERS or not value or REDACTED in value:
        return match.group(0)
    return f"{name}={REDACTED}"


def _redact_run(match: re.Match[str]) -> str:
    """A URL-like run, decoded and cleaned when decoding reveals a secret; untouched otherwise."""
    run = match.group(0)
    if _URL_HINT.search(run) is None:
        return run
    decoded = _fully_decoded(run)
    lowered = decoded.lower()
    cleaned = decoded
    if any(f"{name}=" in lowered for name in SECRET_PARAMETERS):
        cleaned = _PARAMETER.sub(_secret_parameter, cleaned)
    if decoded != run:  # the undecoded run went through the known shapes already
        cleaned = _known_shapes(cleaned)
    return run if cleaned == decoded else cleaned


def _known_shapes(text: str) -> str:
    """``text`` with each ``_PATTERNS`` shape redacted; a pattern runs only when its hint is there."""
    lowered = text.lower()
    for hints, pattern, replacement in _PATTERNS:
        if any(hint in lowered for hint in hints):
            text = pattern.sub(replacement, text)
            lowered = text.lower()
    return text


def redact(text: str, literals: Iterable[str] = ()) -> str:
    """``text`` with every secret replaced by ``[REDACTED]``."""
    for literal in literals:
        if literal in text:
            text = text.replace(literal, REDACTED)
    text = _known_shapes(text)
    return _RUN.sub(_redact_run, text) if _URL_HINT.search(text) else text


class RedactSecrets(logging.Filter):
    """Redact a record's message, arguments and traceback in place, before any formatter sees them.

    Attach it to handlers, or to loggers whose handlers this module does not control: uvicorn installs
    its own and its access line puts ``?token=…`` query strings in the arguments, which its formatter
    unpacks, so the arguments keep their shape.
    """

    def __init__(self, literals: Iterable[str] | None = None) -> None:
        super().__init__()
        self.literals = list(literals) if literals is not None else secret_values()

    def _clean(self, value: object) -> object:
        if isinstance(value, int | float | bool) or value is None:
            return value
        text = value if isinstance(value, str) else str(value)
        cleaned = redact(text, self.literals)
        return value if cleaned == text else cleaned

    def _clean_keeping_shape(self, record: logging.LogRecord, cleaned: str) -> tuple[object, Any]:
        """Redacted arguments with the format string kept when that suffices, else the merged message."""
        args: Any = record.args
        if isinstance(args, tuple):
            args = tuple(self._clean(arg) for arg in args)
        elif isinstance(args, dict):
            args = {key: self._clean(arg) for key, arg in args.items()}
        else:
            return cleaned, None
        try:
            candidate = str(record.msg) % args
        except Exception:
            return cleaned, None
        return (record.msg, args) if redact(candidate, self.literals) == candidate else (cleaned, None)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is, never drop the line
            message, record.args = str(record.msg), None
        cleaned = redact(message, self.literals)
        if cleaned != message:
            record.msg, record.args = self._clean_keeping_shape(record, cleaned)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.literals)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.literals)
        return True


_STANDARD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__.keys() | {"message", "asctime", "taskName"}
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``, extras."""

    def __init__(self, literals: Iterable[str] | None = None) -> None:
        super().__init__()
        self.literals = list(literals) if literals is not None else secret_values()

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value if isinstance(value, int | float | bool | None) else str(value)
        if record.exc_info:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        # each value is redacted before encoding: a pattern must never cut through JSON's quoting
        clean = {k: redact(v, self.literals) if isinstance(v, str) else v for k, v in entry.items()}
        return json.dumps(clean, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The human-readable form for a terminal, redacted like the JSON one."""

    def __init__(self, literals: Iterable[str] | None = None) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.literals = list(literals) if literals is not None else secret_values()

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.literals)


def wants_json(stream: TextIO) -> bool:
    """JSON unless the stream is a terminal; ``ASEAGI_LOG_FORMAT=json|text`` overrides."""
    forced = os.environ.get("ASEAGI_LOG_FORMAT", "").strip().lower()
    if forced in ("json", "text"):
        return forced == "json"
    isatty = getattr(stream, "isatty", None)
    return not (callable(isatty) and isatty())


def configure_logging(level: str = "INFO", stream: TextIO | None = None) -> logging.Handler:
    """Replace the root logger's handlers with one redacting handler on ``stream`` (stderr).

    Safe to call more than once (the last call wins). uvicorn's own loggers are pointed at the root, so
    access and error lines come out in the same format.
    """
    target = stream or sys.stderr
    literals = secret_values()
    handler = logging.StreamHandler(target)
    handler.setFormatter(JsonFormatter(literals) if wants_json(target) else TextFormatter(literals))
    handler.addFilter(RedactSecrets(literals))
    handler.set_name("aseagi")
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
        # uvicorn.run() re-installs its own handlers after this; a logger filter survives that
        for old_filter in [f for f in logger.filters if isinstance(f, RedactSecrets)]:
            logger.removeFilter(old_filter)
        logger.addFilter(RedactSecrets(literals))
    logging.getLogger("httpx").setLevel(max(logging.WARNING, root.level))
    return handler
