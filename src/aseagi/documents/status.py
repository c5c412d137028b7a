"""A document's processing status: kept apart from the model so that parser processes, which never
import SQLAlchemy, use the same values."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["DocumentReview", "DocumentStatus"]


class DocumentStatus(StrEnum):
    """``legal_documents.status`` as stored: ``queued`` until a worker takes it, then ``processing``,
    and at the end ``done``, ``failed`` (``status_reason`` says why) or ``unsupported``."""

    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"
    UNSUPPORTED = "unsupported"


class DocumentReview(StrEnum):
    """``legal_documents.review_status``: whether a person has looked at the document yet."""

    UNREVIEWED = "unreviewed"
    REVIEWED = "reviewed"
    DISMISSED = "dismissed"
