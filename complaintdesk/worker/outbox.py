"""Queueing and delivering outgoing mail. Queue inside the caller's transaction;
deliver from the worker, one row per transaction, so a row is sent at most once."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from complaintdesk.lib import rows

from .models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)


def new_message_id() -> str:
    return f"{uuid.uuid4().hex}@{settings.COMPLAINTDESK_MAIL_DOMAIN}"


def queue_email(
    *,
    kind: str,
    to_address: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    language: str = "en",
    complaint_id: int | None = None,
    source_message_id: int | None = None,
    in_reply_to: str = "",
    references: str = "",
) -> OutboxMessage:
    """Write one outgoing email as a row. Call inside the service's transaction."""
    now = timezone.now()
    row = OutboxMessage(
        kind=kind,
        to_address=to_address,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        language=language,
        complaint_id=complaint_id,
        message_id=new_message_id(),
        in_reply_to=in_reply_to,
        references=references,
        next_attempt_at=now,
        created_at=now,
        source_message_id=source_message_id,
    )
    rows.insert([row])
    return row


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … capped at one hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def _build(row: OutboxMessage) -> EmailMultiAlternatives:
    headers = {"Message-ID": f"<{row.message_id}>"}
    if row.kind != "reply":  # notices are machine-made; an agent's reply is not
        headers["Auto-Submitted"] = "auto-generated"
    if row.in_reply_to:
        headers["In-Reply-To"] = f"<{row.in_reply_to}>"
    if row.references:
        headers["References"] = " ".join(f"<{ref}>" for ref in row.references.split())
    mail = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.to_address],
        headers=headers,
    )
    if row.body_html:
        mail.attach_alternative(row.body_html, "text/html")
    return mail


def deliver_one() -> bool:
    """Send the next due row. Returns False when nothing is due.

    The row stays locked (skip_locked) while it is sent, so a second worker
    never picks it up; the status changes in the same transaction.
    """
    now = timezone.now()
    with transaction.atomic():
        row = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .first()
        )
        if row is None:
            return False
        row.attempts += 1
        try:
            with get_connection() as connection:
                connection.send_messages([_build(row)])
        except Exception as exc:
            log.warning("outbox %s attempt %s failed: %s", row.pk, row.attempts, exc)
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if row.attempts >= settings.COMPLAINTDESK_OUTBOX_MAX_ATTEMPTS:
                row.status = OutboxStatus.FAILED
            row.next_attempt_at = now + backoff(row.attempts)
        else:
            row.status = OutboxStatus.SENT
            row.sent_at = timezone.now()
            row.last_error = ""
        row.save(update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"])
    return True


def deliver_due(limit: int = 100) -> int:
    sent = 0
    while sent < limit and deliver_one():
        sent += 1
    return sent
