"""/api/v1/complaints/{reference}/promises and the promise ledger (API.md Promises)."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Router, Status
from ninja.params import functions as param

from complaintdesk.complaints import selectors
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.sla import promises as sla_promises
from complaintdesk.sla import selectors as sla_selectors

from .complaints import acting_staff
from .schemas import (
    PromiseIn,
    PromiseKeptIn,
    PromiseOut,
    PromisePage,
    PromiseStatsOut,
    RenegotiateIn,
)
from .serialize import promise_out

router = Router(tags=["promises"])


@router.post("/complaints/{reference}/promises", response={201: PromiseOut})
def make(request: HttpRequest, reference: str, payload: PromiseIn) -> Status[dict[str, Any]]:
    complaint = selectors.get_complaint_for(request.user, reference)
    promise = sla_promises.make_promise(
        complaint=complaint,
        actor=acting_staff(request),
        description=payload.description,
        internal_estimate=payload.internal_estimate,
        due_at=payload.due_at,
        kind=payload.kind,
    )
    return Status(201, promise_out(promise))


@router.post("/complaints/{reference}/promises/{promise_id}/kept", response=PromiseOut)
def kept(
    request: HttpRequest, reference: str, promise_id: int, payload: PromiseKeptIn | None = None
) -> dict[str, Any]:
    visible = selectors.complaints_visible_to(request.user)
    promise = sla_selectors.promise_on(visible, reference, promise_id)
    return promise_out(sla_promises.keep_promise(promise=promise, actor=acting_staff(request)))


@router.post(
    "/complaints/{reference}/promises/{promise_id}/renegotiate", response={201: PromiseOut}
)
def renegotiate(
    request: HttpRequest, reference: str, promise_id: int, payload: RenegotiateIn
) -> Status[dict[str, Any]]:
    """Returns the new promise (it `replaces` the old one)."""
    visible = selectors.complaints_visible_to(request.user)
    promise = sla_promises.renegotiate_promise(
        promise=sla_selectors.promise_on(visible, reference, promise_id),
        actor=acting_staff(request),
        new_due_at=payload.new_due_at,
        reason=payload.reason,
    )
    return Status(201, promise_out(promise))


def _decode(cursor: str) -> tuple[datetime, int]:
    try:
        at, _sep, pk = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        return datetime.fromisoformat(at), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput("cursor", "This cursor is not one we gave out") from exc


@router.get("/promises", response=PromisePage)
def ledger(
    request: HttpRequest,
    status: str = "",
    limit: int = param.Query(50, ge=1, le=200),
    cursor: str = "",
) -> dict[str, Any]:
    """Promises on complaints the user may see, soonest first; `status=at_risk` is the
    supervisors' list of promises past their warning time. Keyset pagination."""
    acting_staff(request)
    qs = sla_selectors.promises_of(selectors.complaints_visible_to(request.user), status)
    if cursor:
        at, pk = _decode(cursor)
        qs = qs.filter(Q(promised_at__gt=at) | Q(promised_at=at, id__gt=pk))
    page = list(qs[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    last = page[-1] if more and page else None
    token = f"{last.promised_at.isoformat()}|{last.pk}" if last else ""
    return {
        "items": [promise_out(p) for p in page],
        "next_cursor": base64.urlsafe_b64encode(token.encode()).decode() if last else None,
    }


@router.get("/promises/stats", response=PromiseStatsOut)
def stats(request: HttpRequest) -> dict[str, Any]:
    """Promises made, kept, broken and renegotiated per agent and team (taboo T6)."""
    acting_staff(request)
    return sla_selectors.promise_counts(selectors.complaints_visible_to(request.user))
