"""Bearer-token authentication: a token acts with its user's permissions.

Runs on every API request, so the token, its user and the user's staff profile
are read with one hand-written join (lib.rows converts the columns as the ORM
would): compiling the same query through the ORM cost many times running it.
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


def live_token(raw: str) -> tuple[ApiToken, User] | None:
    """The token and its active user, with the staff profile loaded on the user (None
    when there is none); None for an unknown or revoked token or an inactive user."""
    sql = (
        f"SELECT {rows.columns_of(ApiToken, 't')}, {rows.columns_of(User, 'u')},"  # noqa: S608
        f" {rows.columns_of(StaffProfile, 's')}"
        f" FROM {rows.table_of(ApiToken)} t JOIN {rows.table_of(User)} u ON u.id = t.user_id"
        f" LEFT JOIN {rows.table_of(StaffProfile)} s ON s.user_id = u.id"
        " WHERE t.key_hash = %s AND t.revoked_at IS NULL AND u.is_active = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [hash_token(raw), True])
        row = cursor.fetchone()
    if row is None:
        return None
    token, user, profile = rows.instances_of(row, ApiToken, User, StaffProfile)
    assert isinstance(token, ApiToken)
    assert isinstance(user, User)
    # Cached on the user as select_related("staff") would: the profile, or None.
    staff_relation: Any = User._meta.get_field("staff")
    staff_relation.set_cached_value(user, profile)
    return token, user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = live_token(token)
        if found is None:
            return None
        live, user = found
        now = timezone.now()
        # Recording use at most every few minutes keeps reads free of writes.
        if live.last_used_at is None or now - live.last_used_at > _TOUCH_EVERY:
            ApiToken.objects.filter(pk=live.pk).update(last_used_at=now)
        request.user = user
        return user
