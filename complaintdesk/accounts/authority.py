"""Authority scopes: may this handler grant these remedies alone? (DOMAIN.md §4)"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Q

from .models import AuthorityScope, Role
from .roles import role_of


@dataclass(frozen=True)
class RemedyRequest:
    kind: str
    amount: Decimal | None = None
    currency: str = ""
    description: str = ""

    def as_json(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "amount": None if self.amount is None else f"{self.amount:.2f}",
            "currency": self.currency,
            "description": self.description,
        }


def scopes_for(user: User, team_id: int | None) -> list[AuthorityScope]:
    role = role_of(user)
    own = Q(user_id=user.pk)
    by_role = Q(user__isnull=True, role=role or "") & (Q(team__isnull=True) | Q(team_id=team_id))
    return list(AuthorityScope.objects.filter(own | by_role))


def within_authority(user: User, team_id: int | None, remedies: Iterable[RemedyRequest]) -> bool:
    """True when some scope allows every remedy kind and each currency's total.

    Administrators are unlimited. Amounts are summed per currency because two
    refunds of 40 EUR are 80 EUR of compensation.
    """
    if role_of(user) == Role.ADMIN:
        return True
    scopes = scopes_for(user, team_id)
    allowed_kinds = {kind for scope in scopes for kind in scope.remedy_kinds}
    limits: dict[str, Decimal] = defaultdict(Decimal)
    for scope in scopes:
        limits[scope.currency] = max(limits[scope.currency], scope.max_amount)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for remedy in remedies:
        if remedy.kind not in allowed_kinds:
            return False
        if remedy.amount:
            totals[remedy.currency] += remedy.amount
    return all(total <= limits.get(currency, Decimal(0)) for currency, total in totals.items())
