"""SQLAlchemy models, one file per table; the table and column names are the existing system's."""

from aseagi.models.base import Base
from aseagi.models.batch import ProcessingBatch
from aseagi.models.case import Case
from aseagi.models.communication import Communication
from aseagi.models.document import DocumentOccurrence, LegalDocument
from aseagi.models.event import CourtEvent, EventCorrection
from aseagi.models.export import BinderJob, ProtectedPerson
from aseagi.models.live_event import LiveEvent
from aseagi.models.security import ApiToken, AuditEntry, LoginCode
from aseagi.models.violation import LegalViolation

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Base",
    "BinderJob",
    "Case",
    "Communication",
    "CourtEvent",
    "DocumentOccurrence",
    "EventCorrection",
    "LegalDocument",
    "LegalViolation",
    "LiveEvent",
    "LoginCode",
    "ProcessingBatch",
    "ProtectedPerson",
]
