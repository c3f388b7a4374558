"""/api/v1/replies/stats: taboo findings per agent, team and day, from the record."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from complaintdesk.analytics.selectors import taboo_stats

from .complaints import acting_staff

router = Router(tags=["analytics"])


@router.get("/replies/stats")
def reply_stats(
    request: HttpRequest, since: datetime | None = None, until: datetime | None = None
) -> dict[str, Any]:
    acting_staff(request)
    until = until or timezone.now()
    since = since or until - timedelta(days=30)
    return taboo_stats(request.user, since=since, until=until)
