"""How each kind of event reads on the 3W timeline."""

from __future__ import annotations

from django.utils.functional import Promise as LazyText
from django.utils.translation import gettext_lazy as _

EVENT_LABELS: dict[str, LazyText] = {
    "created": _("Complaint received"),
    "notice_queued": _("Customer notice queued"),
    "status_changed": _("Status changed"),
    "assigned": _("Assigned"),
    "note_added": _("Internal note added"),
    "customer_message": _("Customer wrote"),
    "customer_rated": _("Customer rated the resolution"),
    "answered_immediately": _("Answered at once"),
    "deferred": _("Answer deferred"),
    "transferred": _("Transferred with a handover"),
    "passed_around": _("Warning: passed around"),
    "reply_sent": _("Reply sent"),
    "reply_check_overridden": _("Reply coach overridden"),
    "promise_made": _("Promise made"),
    "promise_kept": _("Promise kept"),
    "promise_at_risk": _("Promise at risk"),
    "promise_broken": _("Promise broken"),
    "promise_renegotiated": _("Promise renegotiated"),
    "approval_requested": _("Approval requested"),
    "approval_granted": _("Approval granted"),
    "approval_rejected": _("Approval rejected"),
    "resolved": _("Resolved"),
    "escalated": _("Escalated"),
    "escalation_proposed": _("Escalation proposed"),
    "deadline_at_risk": _("Deadline at risk"),
    "deadline_breached": _("Deadline missed"),
}


def event_label(kind: str) -> str:
    label = EVENT_LABELS.get(kind)
    return str(label) if label is not None else kind.replace("_", " ").capitalize()


# The 3W filters of the timeline: what we knew (and when), what we did.
EVENT_GROUPS: dict[str, frozenset[str]] = {
    "knew": frozenset({"created", "customer_message", "customer_rated", "approval_requested"}),
    "did": frozenset(
        {
            "answered_immediately",
            "deferred",
            "transferred",
            "reply_sent",
            "status_changed",
            "assigned",
            "note_added",
            "resolved",
            "promise_made",
            "promise_kept",
            "promise_renegotiated",
            "approval_granted",
            "approval_rejected",
            "escalated",
        }
    ),
    "warnings": frozenset(
        {
            "passed_around",
            "promise_at_risk",
            "promise_broken",
            "reply_check_overridden",
        }
    ),
}
