"""/api/v1/teams and /api/v1/staff (administrators only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from complaintdesk.accounts import services
from complaintdesk.accounts.models import Role
from complaintdesk.accounts.roles import role_of
from complaintdesk.complaints.errors import NotAllowed

from .schemas import StaffIn, StaffOut, TeamIn, TeamOut

router = Router(tags=["staff"])


def _require_admin(request: HttpRequest) -> None:
    if role_of(request.user) != Role.ADMIN:
        raise NotAllowed("Only an administrator can manage staff and teams")


@router.post("/teams", response={201: TeamOut})
def create_team(request: HttpRequest, payload: TeamIn) -> Status[dict[str, Any]]:
    _require_admin(request)
    team = services.create_team(slug=payload.slug, name=payload.name)
    return Status(201, {"slug": team.slug, "name": team.name})


@router.post("/staff", response={201: StaffOut})
def create_staff(request: HttpRequest, payload: StaffIn) -> Status[dict[str, Any]]:
    _require_admin(request)
    authority = payload.authority
    user = services.create_staff(
        username=payload.username,
        password=payload.password,
        email=str(payload.email or ""),
        role=payload.role,
        teams=payload.teams,
        remedy_kinds=list(authority.remedies) if authority else None,
        max_amount=authority.max_amount if authority else 0,  # type: ignore[arg-type]
        currency=authority.currency if authority else "EUR",
    )
    return Status(
        201,
        {
            "username": user.username,
            "email": user.email,
            "role": payload.role,
            "teams": sorted(payload.teams),
        },
    )
