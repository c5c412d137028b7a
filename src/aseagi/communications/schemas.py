from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

Channel = Literal["email", "sms", "mms", "whatsapp", "letter", "call", "chat"]


class CommunicationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    case_id: uuid.UUID | None
    document_id: uuid.UUID | None
    channel: str
    sender: str | None
    recipients: list[str]
    sent_at: datetime | None
    subject: str | None
    content: str
    thread: str | None
    direction: str | None
    duration_seconds: int | None
    call_type: str | None
