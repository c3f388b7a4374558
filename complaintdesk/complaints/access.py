"""Who may use the staff desk."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from complaintdesk.accounts.roles import staff_profile

View = Callable[..., HttpResponseBase]


def staff_required(view: View) -> View:
    """Log in first; then only staff may pass."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if staff_profile(request.user) is None and not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def acting_user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user
