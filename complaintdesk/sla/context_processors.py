"""Template context for every page: the unread-alert count in the top bar."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from complaintdesk.accounts.roles import staff_profile

from .selectors import alerts_for

BADGE_CAP = 99


def _label(request: HttpRequest) -> str:
    user = request.user
    if staff_profile(user) is None:
        return ""
    count = alerts_for(user, unread_only=True)[: BADGE_CAP + 1].count()
    if count > BADGE_CAP:
        return f"{BADGE_CAP}+"
    return str(count) if count else ""


def unread_alerts(request: HttpRequest) -> dict[str, Any]:
    """`unread_alerts`: "", "3" or "99+". Counted (one indexed query) only when a
    page shows it, which the top bar does for staff."""
    return {"unread_alerts": SimpleLazyObject(lambda: _label(request))}
