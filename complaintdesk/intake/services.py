"""Inbound email: store raw, then turn it into a complaint, a reply, or a recorded skip.

Every path (the API, `ingest-email`, IMAP polling) ends here. The raw bytes
are committed first in their own transaction; processing then runs in a
second one that either completes (complaint/reply + status) or leaves the
row "failed" with the error, ready for a retry. A retry of a processed row
does nothing, so nothing is ever created twice.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta
from email.parser import BytesHeaderParser
from email.policy import compat32

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from complaintdesk.accounts.models import Team
from complaintdesk.complaints import services
from complaintdesk.complaints.attachments import store_attachments
from complaintdesk.complaints.models import Category, Complaint
from complaintdesk.complaints.services import ComplaintInput, CustomerInput
from complaintdesk.customers.models import Customer
from complaintdesk.worker.models import OutboxMessage

from .email import (
    ParsedEmail,
    base_address,
    bounced_message_id,
    bounced_recipient,
    classify_noise,
    extract_reference,
    parse_email,
)
from .models import InboundEmail, InboundStatus

_ID = re.compile(r"<([^<>\s]+)>")
_REPLY_PREFIX = re.compile(
    r"^\s*((re|fw|fwd|aw|sv|回复|回覆|答复|转发|轉寄|απ|σχετ)\s*[:：]\s*)+", re.I
)


@dataclass(frozen=True)
class Outcome:
    """What became of one message: complaint, reply, skipped (with reason) or failed."""

    kind: str
    reference: str = ""
    reason: str = ""
    inbound_id: int | None = None


def _header_message_id(raw: bytes) -> str:
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw, headersonly=True)
    match = _ID.search(str(headers.get("Message-ID", "")))
    return match.group(1)[:255] if match else ""


def store_raw(raw: bytes, *, source: str) -> tuple[InboundEmail, bool]:
    """Commit the bytes; returns (row, created). The same bytes or Message-ID → the same row."""
    digest = hashlib.sha256(raw).hexdigest()
    message_id = _header_message_id(raw)
    same = Q(sha256=digest) | Q(message_id=message_id) if message_id else Q(sha256=digest)
    existing = InboundEmail.objects.filter(same).order_by("id").first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            row = InboundEmail.objects.create(
                raw=raw,
                sha256=digest,
                message_id=message_id,
                source=source[:300],
                received_at=timezone.now(),
            )
    except IntegrityError:  # a concurrent ingestion of the same message won
        row = InboundEmail.objects.filter(sha256=digest).first() or InboundEmail.objects.get(
            message_id=message_id
        )
        return row, False
    return row, True


def _outcome(row: InboundEmail) -> Outcome:
    if row.status == InboundStatus.SKIPPED:
        return Outcome("skipped", reason=row.skip_reason, inbound_id=row.pk)
    if row.status == InboundStatus.FAILED:
        return Outcome("failed", reason=row.error, inbound_id=row.pk)
    reference = row.complaint.reference if row.complaint else ""
    return Outcome(row.outcome or "received", reference=reference, inbound_id=row.pk)


def process_inbound(
    row: InboundEmail, *, team: Team | None = None, category: Category | None = None
) -> Outcome:
    """Turn a stored message into a complaint or a reply, or record why it was skipped."""
    try:
        with transaction.atomic():
            locked = InboundEmail.objects.select_for_update().get(pk=row.pk)
            if locked.status in (InboundStatus.PROCESSED, InboundStatus.SKIPPED):
                return _outcome(locked)
            _process(locked, team, category)
            return _outcome(locked)
    except Exception as exc:
        InboundEmail.objects.filter(pk=row.pk).update(
            status=InboundStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:4000],
            attempts=row.attempts + 1,
        )
        return Outcome("failed", reason=f"{type(exc).__name__}: {exc}", inbound_id=row.pk)


def ingest(
    raw: bytes, *, source: str, team: Team | None = None, category: Category | None = None
) -> Outcome:
    """Store then process. A message seen before is reported as skipped: duplicate."""
    row, created = store_raw(raw, source=source)
    if not created and row.status in (InboundStatus.PROCESSED, InboundStatus.SKIPPED):
        return Outcome("skipped", reason="duplicate", inbound_id=row.pk)
    return process_inbound(row, team=team, category=category)


def _process(row: InboundEmail, team: Team | None, category: Category | None) -> None:
    parsed = parse_email(bytes(row.raw), settings.COMPLAINTDESK_MAX_ATTACHMENT_BYTES)
    row.from_address = parsed.from_address[:320]
    row.attempts += 1
    reason = _skip_reason(parsed)
    if reason is not None:
        if reason == "bounce":
            _record_bounce(parsed)
        _finish(row, InboundStatus.SKIPPED, skip_reason=reason)
        return
    complaint = _thread_of(parsed)
    if complaint is not None and _may_continue(complaint):
        message = services.receive_customer_message(
            complaint=complaint,
            text=parsed.text or parsed.quoted,
            channel="email",
            html=parsed.html or "",
            quoted_text=parsed.quoted,
            email_message_id=parsed.message_id or "",
        )
        store_attachments(complaint=complaint, message=message, files=parsed.attachments)
        _finish(row, InboundStatus.PROCESSED, outcome="reply", complaint=complaint)
        return
    created = _new_complaint(parsed, team, category, follows=complaint)
    store_attachments(complaint=created, message=None, files=parsed.attachments)
    _finish(row, InboundStatus.PROCESSED, outcome="complaint", complaint=created)


def _finish(row: InboundEmail, status: str, **fields: object) -> None:
    row.status = status
    row.processed_at = timezone.now()
    row.error = ""
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()


def _skip_reason(parsed: ParsedEmail) -> str | None:
    reason = classify_noise(parsed)
    if reason is not None:
        return reason
    if not parsed.from_address or "@" not in parsed.from_address:
        return "no_sender"
    if base_address(parsed.from_address) == base_address(settings.DEFAULT_FROM_EMAIL):
        return "own_address"
    since = timezone.now() - timedelta(hours=1)
    recent = InboundEmail.objects.filter(
        from_address=parsed.from_address,
        received_at__gte=since,
        status=InboundStatus.PROCESSED,
    ).count()
    if recent >= settings.COMPLAINTDESK_INBOUND_PER_SENDER_HOUR:
        return "rate_limited"
    return None


def _record_bounce(parsed: ParsedEmail) -> None:
    """Link the bounce to the outbound mail it returns, and mark the address as bouncing."""
    original = bounced_message_id(parsed)
    recipient = bounced_recipient(parsed)
    if original:
        sent = OutboxMessage.objects.filter(message_id=original).first()
        if sent is not None:
            OutboxMessage.objects.filter(pk=sent.pk).update(last_error="bounced")
            recipient = recipient or sent.to_address
    if recipient:
        Customer.objects.filter(email__lower=recipient.lower(), bounced_at__isnull=True).update(
            bounced_at=timezone.now()
        )


def _thread_of(parsed: ParsedEmail) -> Complaint | None:
    """Our Message-IDs first (In-Reply-To, then References newest first), then the
    reference in the subject — but only from the complaint's own customer."""
    ids = [i for i in [parsed.in_reply_to, *reversed(parsed.references)] if i]
    if ids:
        sent = OutboxMessage.objects.filter(message_id__in=ids, complaint__isnull=False).first()
        if sent is not None:
            return sent.complaint
        earlier = InboundEmail.objects.filter(message_id__in=ids, complaint__isnull=False).first()
        if earlier is not None:
            return earlier.complaint
    reference = extract_reference(parsed.subject)
    if reference:
        complaint = Complaint.objects.select_related("customer").filter(reference=reference).first()
        if complaint is not None and base_address(complaint.customer.email or "") == base_address(
            parsed.from_address
        ):
            return complaint
    return None


def _may_continue(complaint: Complaint) -> bool:
    """A reply reopens a closed complaint only within the reopen window."""
    ended = complaint.closed_at or complaint.resolved_at
    if complaint.status not in ("closed", "resolved") or ended is None:
        return True
    return timezone.now() - ended <= timedelta(days=settings.COMPLAINTDESK_REOPEN_WINDOW_DAYS)


def _new_complaint(
    parsed: ParsedEmail, team: Team | None, category: Category | None, follows: Complaint | None
) -> Complaint:
    subject = _REPLY_PREFIX.sub("", parsed.subject).strip() or parsed.text.strip()[:80]
    description = parsed.text.strip() or parsed.quoted.strip() or "(no text; see attachments)"
    return services.create_complaint(
        data=ComplaintInput(
            customer=CustomerInput(name=parsed.from_name, email=parsed.from_address),
            channel="email",
            subject=subject or "(no subject)",
            description=description,
            team=team.slug if team else "",
            category=category.slug if category else "",
            email_message_id=parsed.message_id or "",
            extra={"follows": follows.reference} if follows else {},
        )
    )
