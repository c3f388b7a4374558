"""Bearer-token authentication: a token acts with its user's permissions.

Runs on every API request, so the lookups are written as SQL over the models'
tables (raw querysets still convert each column as the ORM would): compiling
the same three-table join through the ORM cost twenty times the query itself.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from complaintdesk.accounts.models import ApiToken, StaffProfile, hash_token
from complaintdesk.lib import rows

_TOUCH_EVERY = timedelta(minutes=5)


def _table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def token_user(raw_token: str) -> User | None:
    """The active user of a live token, with its staff profile loaded (None when it has
    none), `token_id`, and `token_stale` when the token's last use is worth recording."""
    users = User.objects.raw(
        f"SELECT u.*, t.id AS token_id,"  # noqa: S608
        " (t.last_used_at IS NULL OR t.last_used_at < %s) AS token_stale"
        f" FROM {_table(ApiToken)} t JOIN {_table(User)} u ON u.id = t.user_id"
        " WHERE t.key_hash = %s AND t.revoked_at IS NULL AND u.is_active",
        [timezone.now() - _TOUCH_EVERY, hash_token(raw_token)],
    )
    user = next(iter(users), None)
    if user is None:
        return None
    profile = rows.select_first(StaffProfile, "user_id = %s", [user.pk])
    # Cached on the user as select_related("staff") would: the profile, or None.
    staff_relation: Any = User._meta.get_field("staff")
    staff_relation.set_cached_value(user, profile)
    return user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_user(token)
        if user is None:
            return None
        # Recording use at most every few minutes keeps reads free of writes.
        if user.token_stale:  # type: ignore[attr-defined]
            ApiToken.objects.filter(pk=user.token_id).update(last_used_at=timezone.now())  # type: ignore[attr-defined]
        request.user = user
        return user
