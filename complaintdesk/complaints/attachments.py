"""Storing attachments that arrive with a complaint or a message."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django.core.files.base import ContentFile

from .models import Attachment, Complaint, Message


class IncomingFile(Protocol):
    @property
    def filename(self) -> str: ...
    @property
    def content_type(self) -> str: ...
    @property
    def content(self) -> bytes: ...
    @property
    def content_id(self) -> str | None: ...


def store_attachments(
    *, complaint: Complaint, message: Message | None, files: Iterable[IncomingFile]
) -> list[Attachment]:
    """Save each file under its decoded name. Call inside the caller's transaction."""
    stored = []
    for incoming in files:
        attachment = Attachment(
            complaint=complaint,
            message=message,
            filename=incoming.filename[:255],
            content_type=incoming.content_type[:120],
            size=len(incoming.content),
            content_id=incoming.content_id or "",
        )
        attachment.file.save(incoming.filename[-100:], ContentFile(incoming.content), save=False)
        attachment.save()
        stored.append(attachment)
    return stored
