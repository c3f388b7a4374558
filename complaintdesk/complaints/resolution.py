"""Resolving with remedies (4R), within authority or through an approval."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.authority import RemedyRequest, within_authority
from complaintdesk.accounts.models import RemedyKind
from complaintdesk.accounts.roles import is_supervisor_of_team
from complaintdesk.sla.models import PromiseKind
from complaintdesk.sla.promises import keep_open_promises

from .errors import InvalidInput, NeedsApproval, NotAllowed, TransitionNotAllowed
from .events import record_event
from .models import ApprovalRequest, ApprovalStatus, Complaint, Outcome, Remedy
from .notices import queue_notice
from .services import lock, move_to_in_progress, transition_complaint
from .states import Status, allowed_transitions

MONETARY_KINDS = {RemedyKind.REFUND, RemedyKind.VOUCHER}


def _validate(remedies: Sequence[RemedyRequest]) -> None:
    for index, remedy in enumerate(remedies):
        if remedy.kind not in RemedyKind.values:
            raise InvalidInput(f"remedies.{index}.kind", f"Unknown remedy {remedy.kind!r}")
        if remedy.amount is not None and remedy.amount < 0:
            raise InvalidInput(f"remedies.{index}.amount", "An amount cannot be negative")
        if remedy.amount and len(remedy.currency) != 3:
            raise InvalidInput(f"remedies.{index}.currency", "Give a 3-letter currency code")


def outcome_of(remedies: Sequence[RemedyRequest]) -> str:
    """The CFPB-style outcome: monetary relief beats non-monetary beats explanation."""
    if any(r.amount and r.kind in MONETARY_KINDS for r in remedies):
        return Outcome.MONETARY
    if any(r.kind != RemedyKind.APOLOGY for r in remedies):
        return Outcome.NON_MONETARY
    return Outcome.EXPLANATION


def _remedies_json(remedies: Sequence[RemedyRequest]) -> list[dict[str, Any]]:
    return sorted((r.as_json() for r in remedies), key=lambda r: (r["kind"], r["amount"] or ""))


def _approval_for(
    complaint: Complaint, actor: User, remedies: Sequence[RemedyRequest]
) -> ApprovalRequest | None:
    """The approved request covering exactly these remedies, or None after opening one."""
    wanted = _remedies_json(remedies)
    for approval in ApprovalRequest.objects.filter(
        complaint=complaint, status__in=[ApprovalStatus.APPROVED, ApprovalStatus.PENDING]
    ).order_by("-id"):
        if approval.remedies == wanted:
            if approval.status == ApprovalStatus.APPROVED:
                return approval
            raise NeedsApproval(approval.pk)
    with transaction.atomic():
        approval = ApprovalRequest.objects.create(
            complaint=complaint, requested_by=actor, remedies=wanted, created_at=timezone.now()
        )
        record_event(
            complaint,
            "approval_requested",
            actor=actor,
            detail={"approval_id": approval.pk, "remedies": wanted},
        )
    raise NeedsApproval(approval.pk)


def resolve_complaint(
    *,
    complaint: Complaint,
    actor: User,
    summary: str,
    remedies: Sequence[RemedyRequest] = (),
) -> Complaint:
    """Resolve and tell the customer. Beyond the handler's authority: NeedsApproval.

    The approval request is committed before NeedsApproval is raised, so the
    supervisor sees it even though the resolution itself did not happen.
    """
    if not summary.strip():
        raise InvalidInput("summary", _("Say how the complaint was resolved"))
    _validate(remedies)
    if complaint.status in (Status.RESOLVED, Status.CLOSED):
        raise TransitionNotAllowed(
            complaint.status, Status.RESOLVED, allowed_transitions(complaint.status)
        )
    approval = None
    if not within_authority(actor, complaint.team_id, remedies):
        approval = _approval_for(complaint, actor, remedies)
    with transaction.atomic():
        complaint = move_to_in_progress(complaint=lock(complaint), actor=actor)
        complaint = transition_complaint(
            complaint=complaint, to_status=Status.RESOLVED, actor=actor
        )
        now = timezone.now()
        Remedy.objects.bulk_create(
            Remedy(
                complaint=complaint,
                kind=r.kind,
                amount=r.amount,
                currency=r.currency,
                description=r.description,
                granted_by=actor,
                approval=approval,
                created_at=now,
            )
            for r in remedies
        )
        complaint.outcome = outcome_of(remedies)
        complaint.resolution_summary = summary.strip()
        complaint.save(update_fields=["outcome", "resolution_summary"])
        if approval is not None:
            approval.status = ApprovalStatus.USED
            approval.save(update_fields=["status"])
        record_event(
            complaint,
            "resolved",
            actor=actor,
            detail={
                "summary": complaint.resolution_summary,
                "outcome": complaint.outcome,
                "remedies": _remedies_json(remedies),
                "approval_id": approval.pk if approval else None,
            },
        )
        keep_open_promises(complaint=complaint, kind=PromiseKind.ANSWER, actor=actor)
        queue_notice(complaint, "resolution", context={"remedies": list(remedies)})
    return complaint


def decide_approval(
    *, approval: ApprovalRequest, actor: User, approve: bool, reason: str = ""
) -> ApprovalRequest:
    """A supervisor of the complaint's team approves or rejects (a rejection needs a reason)."""
    if not is_supervisor_of_team(actor, approval.complaint.team_id):
        raise NotAllowed("Only a supervisor of the complaint's team can decide")
    if not approve and not reason.strip():
        raise InvalidInput("reason", _("Say why the remedies are rejected"))
    with transaction.atomic():
        locked = ApprovalRequest.objects.select_for_update().get(pk=approval.pk)
        if locked.status != ApprovalStatus.PENDING:
            raise InvalidInput("approval", f"This request is already {locked.status}")
        locked.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.reason = reason.strip()
        locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        record_event(
            locked.complaint,
            "approval_granted" if approve else "approval_rejected",
            actor=actor,
            detail={"approval_id": locked.pk, "reason": locked.reason, "remedies": locked.remedies},
        )
    return locked
