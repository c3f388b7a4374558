"""Role questions asked all over the product, answered in one place."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from .models import Role, StaffProfile

AnyUser = User | AnonymousUser

_RANK = {Role.AGENT: 1, Role.SUPERVISOR: 2, Role.MANAGER: 3, Role.ADMIN: 4}


def staff_profile(user: AnyUser | None) -> StaffProfile | None:
    """The user's staff profile, or None for customers, anonymous users and non-staff."""
    if user is None or not user.is_authenticated:
        return None
    if not isinstance(user, User):
        return None
    try:
        return user.staff
    except StaffProfile.DoesNotExist:
        return None


def role_of(user: AnyUser | None) -> str | None:
    if user is not None and getattr(user, "is_superuser", False):
        return Role.ADMIN
    profile = staff_profile(user)
    return profile.role if profile else None


def has_role_at_least(user: AnyUser | None, role: str) -> bool:
    current = role_of(user)
    return current is not None and _RANK[Role(current)] >= _RANK[Role(role)]


def sees_everything(user: AnyUser | None) -> bool:
    return has_role_at_least(user, Role.MANAGER)


def team_ids_of(user: AnyUser | None) -> list[int]:
    profile = staff_profile(user)
    if profile is None:
        return []
    return list(profile.teams.values_list("id", flat=True))


def is_supervisor_of_team(user: AnyUser | None, team_id: int | None) -> bool:
    """May approve remedies and supervise work for this team."""
    if sees_everything(user):
        return True
    return has_role_at_least(user, Role.SUPERVISOR) and team_id in team_ids_of(user)
