"""The ``fingerprint`` of a derived row: the same fact gives the same value on every run.

``court_events`` and ``legal_violations`` carry one under a unique index, so re-running ingestion or
case analysis replaces or skips a row instead of adding it twice. Every writer of those rows computes it
here, so the rows one writer made are recognised by the other.
"""

from __future__ import annotations

import hashlib

__all__ = ["fingerprint"]


def fingerprint(*parts: object) -> str:
    """SHA-256 (hex) of the parts' text joined with ``|``."""
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()
