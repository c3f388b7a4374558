"""/api/v1/complaints: create, list, detail, lifecycle, answers, promises, resolution."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import ValidationError
from ninja.params import functions as param

from complaintdesk.accounts.authority import RemedyRequest
from complaintdesk.accounts.models import Team
from complaintdesk.accounts.roles import staff_profile
from complaintdesk.complaints import answering, resolution, selectors, services
from complaintdesk.complaints.errors import InvalidInput, NotAllowed
from complaintdesk.complaints.services import ComplaintInput, CustomerInput
from complaintdesk.complaints.warnings import warnings_for

from .models import IdempotencyKey
from .schemas import (
    ComplaintDetailOut,
    ComplaintIn,
    ComplaintOut,
    ComplaintPage,
    EventOut,
    ResolveIn,
    ResponseIn,
    ResponseOut,
    StatusIn,
)
from .serialize import complaint_detail_out, complaint_out, promise_out

router = Router(tags=["complaints"])


def acting_staff(request: HttpRequest) -> User:
    """The request's user, who must be staff to change a complaint."""
    user = request.user
    if staff_profile(user) is None and not getattr(user, "is_superuser", False):
        raise NotAllowed("Only staff can do this")
    assert isinstance(user, User)
    return user


def _to_input(payload: ComplaintIn) -> ComplaintInput:
    c = payload.customer
    return ComplaintInput(
        customer=CustomerInput(
            name=c.name,
            email=str(c.email or ""),
            phone=c.phone,
            external_id=c.external_id,
            organisation=c.organisation,
        ),
        channel=payload.channel,
        subject=payload.subject,
        description=payload.description,
        expectation=payload.expectation,
        category=payload.category,
        product=payload.product,
        order_ref=payload.order_ref,
        language=payload.language or "",
        team=payload.team,
        priority=payload.priority,
    )


@router.post("/complaints", response={201: ComplaintOut})
def create(
    request: HttpRequest,
    payload: ComplaintIn,
    idempotency_key: str | None = param.Header(None, alias="Idempotency-Key"),
) -> Status[dict[str, Any]]:
    actor = acting_staff(request)
    if not idempotency_key:
        new = services.record_complaint(data=_to_input(payload), actor=actor)
        return Status(201, complaint_out(new.complaint, clocks=new.clocks))
    earlier = IdempotencyKey.objects.filter(user=actor, key=idempotency_key).first()
    if earlier is not None:
        return Status(201, complaint_out(selectors.summary_of(earlier.complaint)))
    try:
        with transaction.atomic():
            new = services.record_complaint(data=_to_input(payload), actor=actor)
            IdempotencyKey.objects.create(user=actor, key=idempotency_key, complaint=new.complaint)
    except IntegrityError:
        # A concurrent retry with the same key won the race: answer with its result.
        earlier = IdempotencyKey.objects.get(user=actor, key=idempotency_key)
        return Status(201, complaint_out(selectors.summary_of(earlier.complaint)))
    return Status(201, complaint_out(new.complaint, clocks=new.clocks))


@router.get("/complaints", response=ComplaintPage)
def list_(
    request: HttpRequest,
    status: str = "",
    assignee: str = "",
    team: str = "",
    category: str = "",
    customer: str = "",
    q: str = "",
    breached: bool | None = None,
    at_risk: bool | None = None,
    limit: int = param.Query(50, ge=1, le=200),
    cursor: str = "",
) -> dict[str, Any]:
    filters = selectors.ComplaintFilters(
        status=status,
        assignee=assignee,
        team=team,
        category=category,
        customer=customer,
        q=q,
        breached=breached,
        at_risk=at_risk,
    )
    items, next_cursor = selectors.list_complaints(
        request.user, filters, limit=limit, cursor=cursor
    )
    prefetch_related_objects(items, "promises", "deadlines")  # each item shows its clocks
    return {"items": [complaint_out(c) for c in items], "next_cursor": next_cursor}


@router.get("/complaints/{reference}", response=ComplaintDetailOut)
def detail(request: HttpRequest, reference: str) -> dict[str, Any]:
    return complaint_detail_out(selectors.complaint_with_history(request.user, reference))


@router.get("/complaints/{reference}/timeline", response=list[EventOut])
def timeline(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    complaint = selectors.complaint_with_history(request.user, reference)
    return [
        {"id": e.pk, "at": e.at, "actor": e.actor_label, "kind": e.kind, "detail": e.detail}
        for e in complaint.events.all()
    ]


@router.post("/complaints/{reference}/status", response=ComplaintOut)
def change_status(request: HttpRequest, reference: str, payload: StatusIn) -> dict[str, Any]:
    complaint = selectors.get_complaint_for(request.user, reference)
    actor = acting_staff(request)
    services.transition_complaint(
        complaint=complaint, to_status=payload.status, actor=actor, reason=payload.reason
    )
    return complaint_out(selectors.summary_of(complaint))


def _require(payload: ResponseIn, *fields: str) -> None:
    missing = [f for f in fields if not getattr(payload, f)]
    if missing:
        raise ValidationError(
            [
                {
                    "loc": ["body", "payload", f],
                    "msg": f"{f} is required for a {payload.mode} answer",
                    "type": "missing",
                }
                for f in missing
            ]
        )


def _staff_user(username: str) -> User:
    user = get_user_model().objects.filter(username=username, staff__isnull=False).first()
    if user is None:
        raise InvalidInput("to_user", f"No member of staff is called {username!r}")
    return user


def _team(slug: str) -> Team:
    team = Team.objects.filter(slug=slug).first()
    if team is None:
        raise InvalidInput("to_team", f"No team has the slug {slug!r}")
    return team


@router.post("/complaints/{reference}/responses", response={200: ResponseOut})
def respond(request: HttpRequest, reference: str, payload: ResponseIn) -> dict[str, Any]:
    complaint = selectors.get_complaint_for(request.user, reference)
    actor = acting_staff(request)
    promise = None
    message = None
    if payload.mode == "immediate":
        _require(payload, "message")
        message = answering.answer_immediately(
            complaint=complaint,
            actor=actor,
            message=payload.message,
            override_reason=payload.override_reason,
        )
    elif payload.mode == "deferred":
        _require(payload, "answer_by", "update_channel", "message")
        assert payload.answer_by is not None
        assert payload.update_channel is not None
        message, promise = answering.defer_answer(
            complaint=complaint,
            actor=actor,
            message=payload.message,
            answer_by=payload.answer_by,
            update_channel=payload.update_channel,
            override_reason=payload.override_reason,
        )
    else:
        _require(payload, "handover_summary")
        if not payload.to_team and not payload.to_user:
            _require(payload, "to_team")
        answering.transfer_complaint(
            complaint=complaint,
            actor=actor,
            handover_summary=payload.handover_summary or "",
            to_team=_team(payload.to_team) if payload.to_team else None,
            to_user=_staff_user(payload.to_user) if payload.to_user else None,
            message=payload.message,
            override_reason=payload.override_reason,
        )
    fresh = selectors.summary_of(complaint)
    return {
        "mode": payload.mode,
        "complaint": complaint_out(fresh),
        "message_id": message.pk if message else None,
        "promise": promise_out(promise) if promise else None,
        "findings": message.check_findings if message else [],
        "elements": message.check_elements if message else [],
        "verdict": message.check_verdict if message else "ok",
        "warnings": warnings_for(fresh),
    }


def _remedies(payload: ResolveIn) -> list[RemedyRequest]:
    return [
        RemedyRequest(
            kind=r.kind, amount=r.amount, currency=r.currency.upper(), description=r.description
        )
        for r in payload.remedies
    ]


@router.post("/complaints/{reference}/resolve", response=ComplaintOut)
def resolve(request: HttpRequest, reference: str, payload: ResolveIn) -> dict[str, Any]:
    complaint = selectors.get_complaint_for(request.user, reference)
    actor = acting_staff(request)
    resolution.resolve_complaint(
        complaint=complaint, actor=actor, summary=payload.summary, remedies=_remedies(payload)
    )
    return complaint_out(selectors.summary_of(complaint))
