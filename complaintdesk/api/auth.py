"""Bearer-token authentication: a token acts with its user's permissions.

Runs on every API request, so its lookups go through rows.select_first: compiling
them through the ORM cost many times the queries themselves.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from complaintdesk.accounts.models import ApiToken, StaffProfile, hash_token
from complaintdesk.lib import rows

_TOUCH_EVERY = timedelta(minutes=5)


def token_user(token: ApiToken) -> User | None:
    """The token's user when active, with the staff profile loaded (None when it has none)."""
    user = rows.select_first(User, "id = %s AND is_active = %s", [token.user_id, True])
    if user is None:
        return None
    profile = rows.select_first(StaffProfile, "user_id = %s", [user.pk])
    # Cached on the user as select_related("staff") would: the profile, or None.
    staff_relation: Any = User._meta.get_field("staff")
    staff_relation.set_cached_value(user, profile)
    return user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        live = rows.select_first(
            ApiToken, "key_hash = %s AND revoked_at IS NULL", [hash_token(token)]
        )
        user = token_user(live) if live is not None else None
        if live is None or user is None:
            return None
        now = timezone.now()
        # Recording use at most every few minutes keeps reads free of writes.
        if live.last_used_at is None or now - live.last_used_at > _TOUCH_EVERY:
            ApiToken.objects.filter(pk=live.pk).update(last_used_at=now)
        request.user = user
        return user
