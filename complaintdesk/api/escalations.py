"""/api/v1/complaints/{reference}/escalations: the three changes (API.md Escalation)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import Router, Status

from complaintdesk.complaints import selectors
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.sla.escalation import STEPS, escalate_complaint

from .complaints import acting_staff
from .schemas import EscalationIn, EscalationOut
from .serialize import complaint_out, promise_out

router = Router(tags=["escalations"])


def _staff(username: str) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username, staff__isnull=False).first()
    if user is None:
        raise InvalidInput("to_user", f"No member of staff is called {username!r}")
    return user


@router.post("/complaints/{reference}/escalations", response={201: EscalationOut})
def escalate(request: HttpRequest, reference: str, payload: EscalationIn) -> Status[dict[str, Any]]:
    complaint = selectors.get_complaint_for(request.user, reference)
    actor = acting_staff(request)
    complaint, promise = escalate_complaint(
        complaint=complaint,
        actor=actor,
        step=payload.step,
        reason=payload.reason,
        to_user=_staff(payload.to_user),
        place=payload.place,
        meeting_at=payload.meeting_at,
    )
    return Status(
        201,
        {
            "step": payload.step,
            "level": STEPS[payload.step],
            "complaint": complaint_out(selectors.summary_of(complaint)),
            "promise": promise_out(promise) if promise else None,
        },
    )
