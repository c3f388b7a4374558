"""Customer notices: rendered in the customer's language and queued in the outbox.

Every notice about a complaint threads with the earlier mail on it: it replies
to the newest message we know of and lists the recent ones in References.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from complaintdesk.worker.models import OutboxMessage
from complaintdesk.worker.outbox import queue_email

from .models import Complaint, Direction, Message

SUBJECTS = {
    "acknowledgement": _("We have received your complaint"),
    "reply": _("Reply to your complaint"),
    "deferral": _("When you will hear from us"),
    "transfer": _("Your complaint is with a new team"),
    "resolution": _("Your complaint has been resolved"),
    "promise_renegotiated": _("A new time for what we promised"),
    "running_late": _("We are running late"),
    "escalation": _("We are taking your complaint further"),
}

_THREAD_DEPTH = 10


def tracking_url(complaint: Complaint, request: HttpRequest | None = None) -> str:
    """The customer's private link; absolute for the current request when there is one,
    else on COMPLAINTDESK_PUBLIC_URL (emails)."""
    path = reverse("portal:track", kwargs={"token": complaint.tracking_token})
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.PUBLIC_BASE_URL}{path}"


def _thread(complaint: Complaint) -> tuple[list[str], str]:
    """(Message-IDs on this complaint's thread, oldest first; the one to reply to).

    We reply to the customer's newest email when there is one, so their
    client files our answer under what they wrote; else to our newest mail.
    """
    inbound = list(
        Message.objects.filter(complaint=complaint, direction=Direction.INBOUND)
        .exclude(email_message_id="")
        .order_by("-id")
        .values_list("email_message_id", "created_at")[:_THREAD_DEPTH]
    )
    if complaint.email_message_id:
        inbound.append((complaint.email_message_id, complaint.created_at))
    ours = list(
        OutboxMessage.objects.filter(complaint=complaint)
        .order_by("-id")
        .values_list("message_id", "created_at")[:_THREAD_DEPTH]
    )
    thread = [mid for mid, _at in sorted(inbound + ours, key=lambda pair: pair[1])]
    if complaint.email_message_id and thread[0] != complaint.email_message_id:
        thread.remove(complaint.email_message_id)
        thread.insert(0, complaint.email_message_id)
    reply_to = inbound[0][0] if inbound else (thread[-1] if thread else "")
    return thread[-_THREAD_DEPTH:], reply_to


def _opening_thread(complaint: Complaint) -> tuple[list[str], str]:
    opening = complaint.email_message_id
    return ([opening], opening) if opening else ([], "")


def queue_notice(
    complaint: Complaint,
    kind: str,
    *,
    context: dict[str, Any] | None = None,
    message: Message | None = None,
) -> OutboxMessage | None:
    """Queue a notice of `kind` to the complaint's customer; None when there is no address."""
    customer = complaint.customer
    if not customer.email or customer.bounced_at is not None:
        return None
    language = complaint.language or customer.preferred_language
    full_context = {
        "complaint": complaint,
        "customer": customer,
        "tracking_url": tracking_url(complaint),
        "message": message,
        **(context or {}),
    }
    with translation.override(language):
        subject = f"[{complaint.reference}] {SUBJECTS[kind]}: {complaint.subject}"
        body_text = render_to_string(f"notices/{kind}.txt", full_context).strip() + "\n"
        body_html = render_to_string("notices/email.html", {**full_context, "body_text": body_text})
    # The acknowledgement is queued as the complaint is created: its only thread is
    # the email that opened it, so there is nothing to look up.
    opening = kind == "acknowledgement"
    thread, reply_to = _opening_thread(complaint) if opening else _thread(complaint)
    return queue_email(
        kind=kind,
        to_address=customer.email,
        subject=subject[:400],
        body_text=body_text,
        body_html=body_html,
        language=language,
        complaint_id=complaint.pk,
        source_message_id=message.pk if message else None,
        in_reply_to=reply_to,
        references=" ".join(thread),
    )
