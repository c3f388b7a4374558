"""Sending a reply to the customer: checked by the reply coach, stored, queued."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.replycheck.policy import check_outgoing
from complaintdesk.sla import deadlines as sla_deadlines

from .errors import InvalidInput, ReplyBlocked
from .events import Actor, acting_user, record_event
from .models import Complaint, Direction, Message
from .notices import queue_notice


def send_reply(
    *,
    complaint: Complaint,
    actor: Actor,
    text: str,
    notice_kind: str = "reply",
    notice_context: dict[str, Any] | None = None,
    override_reason: str = "",
) -> Message:
    """Check, store and queue one outgoing reply. Call inside the caller's transaction.

    A blocked reply raises ReplyBlocked unless `override_reason` explains why
    it must go out anyway; the override is an event of its own.
    """
    if not text.strip():
        raise InvalidInput("message", _("The reply to the customer cannot be empty"))
    result = check_outgoing(
        text=text,
        language=complaint.language,
        team_id=complaint.team_id,
        complaint_id=complaint.pk,
    )
    findings = result["findings"]
    if result["verdict"] == "block":
        if not override_reason.strip():
            raise ReplyBlocked(findings)
        record_event(
            complaint,
            "reply_check_overridden",
            actor=actor,
            detail={"reason": override_reason.strip(), "codes": [f["code"] for f in findings]},
        )
    now = timezone.now()
    message = Message.objects.create(
        complaint=complaint,
        direction=Direction.OUTBOUND,
        channel=complaint.channel,
        text=text.strip(),
        author=acting_user(actor),
        check_findings=findings,
        check_elements=result["elements"],
        check_verdict=result["verdict"],
        check_override_reason=override_reason.strip(),
        created_at=now,
    )
    if complaint.first_response_at is None:
        Complaint.objects.filter(pk=complaint.pk).update(first_response_at=now)
        complaint.first_response_at = now
    record_event(
        complaint,
        "reply_sent",
        actor=actor,
        at=now,
        detail={
            "message_id": message.pk,
            "text": message.text[:2000],
            "taboos": sorted({f["code"] for f in findings}),
            "elements": result["elements"],
        },
    )
    sla_deadlines.on_reply_sent(complaint=complaint, at=now)
    queue_notice(complaint, notice_kind, context=notice_context, message=message)
    return message
