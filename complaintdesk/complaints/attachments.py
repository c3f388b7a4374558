"""Storing attachments that arrive with a complaint or a message."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.core.files.base import ContentFile
from django.db import transaction

from .events import Actor
from .models import Attachment, Complaint, Message
from .services import ComplaintInput, create_complaint


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


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    content_type: str
    content: bytes
    content_id: str | None = None


def create_complaint_with_files(
    *, data: ComplaintInput, files: Sequence[IncomingFile], actor: Actor = None
) -> Complaint:
    """A new complaint and its attachments, all or nothing."""
    with transaction.atomic():
        complaint = create_complaint(data=data, actor=actor)
        store_attachments(complaint=complaint, message=None, files=files)
    return complaint
