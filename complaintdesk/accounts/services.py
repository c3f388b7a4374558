"""Writes to staff, teams and tokens."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from complaintdesk.complaints.errors import InvalidInput

from .models import ApiToken, AuthorityScope, Role, StaffProfile, Team, hash_token


def create_team(*, slug: str, name: str) -> Team:
    if Team.objects.filter(slug=slug).exists():
        raise InvalidInput("slug", f"A team with the slug {slug!r} exists")
    return Team.objects.create(slug=slug, name=name)


def create_staff(
    *,
    username: str,
    password: str,
    email: str = "",
    role: str = Role.AGENT,
    teams: Sequence[str] = (),
    remedy_kinds: Sequence[str] | None = None,
    max_amount: Decimal = Decimal(0),
    currency: str = "EUR",
) -> User:
    """A staff user with a role, teams and (optionally) a personal authority scope."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise InvalidInput("username", f"The username {username!r} is taken")
    found = list(Team.objects.filter(slug__in=teams))
    unknown = set(teams) - {t.slug for t in found}
    if unknown:
        raise InvalidInput("teams", f"Unknown teams: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=password,
            email=email,
            is_staff=role in (Role.MANAGER, Role.ADMIN),
            is_superuser=role == Role.ADMIN,
        )
        profile = StaffProfile.objects.create(user=user, role=role)
        profile.teams.set(found)
        if remedy_kinds is not None:
            AuthorityScope.objects.create(
                user=user,
                remedy_kinds=list(remedy_kinds),
                max_amount=max_amount,
                currency=currency.upper(),
            )
    assert isinstance(user, User)
    return user


def create_token(*, user: User, name: str = "") -> str:
    """Create a token and return its raw value; only its hash is kept."""
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(user=user, name=name, prefix=raw[3:11], key_hash=hash_token(raw))
    return raw
