"""Parsers: one module per family of formats, chosen by content-sniffed MIME type.

``parse_file(path, context)`` is the entry point; ``detect_type`` and ``parser_for`` are its parts.
Parser classes are imported lazily by the registry, so importing this package stays cheap.
"""

from aseagi.ingestion.parsers.base import (
    EncryptedDocument,
    LimitExceeded,
    Limits,
    Member,
    Message,
    Page,
    ParseContext,
    ParsedDocument,
    ParseError,
    Parser,
    UnsupportedFormat,
)
from aseagi.ingestion.parsers.detect import detect_type
from aseagi.ingestion.parsers.registry import PARSER_CLASSES, parse_file, parser_for, parser_registry

__all__ = [
    "PARSER_CLASSES",
    "EncryptedDocument",
    "LimitExceeded",
    "Limits",
    "Member",
    "Message",
    "Page",
    "ParseContext",
    "ParseError",
    "ParsedDocument",
    "Parser",
    "UnsupportedFormat",
    "detect_type",
    "parse_file",
    "parser_for",
    "parser_registry",
]
