"""/api/v1/approvals: supervisors decide on remedies beyond a handler's authority."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from complaintdesk.complaints import resolution, selectors
from complaintdesk.complaints.models import ApprovalRequest

from .complaints import acting_staff
from .schemas import ApprovalOut, DecisionIn

router = Router(tags=["approvals"])


def _approval_for(request: HttpRequest, approval_id: int) -> ApprovalRequest:
    visible = selectors.complaints_visible_to(request.user)
    approval = (
        ApprovalRequest.objects.select_related("complaint", "requested_by", "decided_by")
        .filter(pk=approval_id, complaint__in=visible)
        .first()
    )
    if approval is None:
        raise Http404("No such approval request")
    return approval


def approval_out(approval: ApprovalRequest) -> dict[str, Any]:
    return {
        "id": approval.pk,
        "complaint": approval.complaint.reference,
        "status": approval.status,
        "remedies": approval.remedies,
        "requested_by": approval.requested_by.get_username(),
        "decided_by": approval.decided_by.get_username() if approval.decided_by else None,
        "reason": approval.reason,
    }


@router.get("/approvals", response=list[ApprovalOut])
def waiting(request: HttpRequest) -> list[dict[str, Any]]:
    return [approval_out(a) for a in selectors.approvals_waiting_for(request.user)[:200]]


@router.post("/approvals/{approval_id}/approve", response=ApprovalOut)
def approve(
    request: HttpRequest, approval_id: int, payload: DecisionIn | None = None
) -> dict[str, Any]:
    approval = _approval_for(request, approval_id)
    decided = resolution.decide_approval(
        approval=approval,
        actor=acting_staff(request),
        approve=True,
        reason=payload.reason if payload else "",
    )
    return approval_out(_approval_for(request, decided.pk))


@router.post("/approvals/{approval_id}/reject", response=ApprovalOut)
def reject(request: HttpRequest, approval_id: int, payload: DecisionIn) -> dict[str, Any]:
    approval = _approval_for(request, approval_id)
    decided = resolution.decide_approval(
        approval=approval, actor=acting_staff(request), approve=False, reason=payload.reason
    )
    return approval_out(_approval_for(request, decided.pk))
