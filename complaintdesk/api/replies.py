"""/api/v1/replies/check: the reply coach, before a reply is sent."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router

from complaintdesk.accounts.models import Team
from complaintdesk.replycheck.policy import check_outgoing

from .schemas import ReplyCheckIn

router = Router(tags=["reply check"])


@router.post("/replies/check")
def check(request: HttpRequest, payload: ReplyCheckIn) -> dict[str, Any]:
    team_id = None
    if payload.team:
        team_id = Team.objects.filter(slug=payload.team).values_list("id", flat=True).first()
    return check_outgoing(
        text=payload.text, language=payload.language, team_id=team_id, ui_language=get_language()
    )
