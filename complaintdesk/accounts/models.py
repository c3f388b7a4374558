"""Staff, roles, teams, authority scopes and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    SUPERVISOR = "supervisor", _("Supervisor")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Administrator")


class RemedyKind(models.TextChoices):
    APOLOGY = "apology", _("Apology")
    REPAIR = "repair", _("Repair")
    REPLACEMENT = "replacement", _("Replacement")
    REFUND = "refund", _("Refund")
    VOUCHER = "voucher", _("Voucher")
    GIFT = "gift", _("Gift")
    OTHER = "other", _("Other")


class Team(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    calendar = models.ForeignKey(
        "sla.BusinessCalendarConfig", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffProfile(models.Model):
    """What a staff user is allowed to do: their role and their teams."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.AGENT)
    teams = models.ManyToManyField(Team, blank=True, related_name="members")
    seniority = models.PositiveSmallIntegerField(
        default=0, help_text=_("Higher is more senior; used by the escalation ladder.")
    )

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class AuthorityScope(models.Model):
    """Which remedies a handler may grant alone, and up to what amount (DOMAIN.md §4).

    A scope applies to one user, or to everyone with a role (optionally only
    within one team). A handler's authority is the union of their scopes.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="authority_scopes",
    )
    role = models.CharField(max_length=16, choices=Role.choices, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE)
    remedy_kinds = models.JSONField(default=list)
    max_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    currency = models.CharField(max_length=3, default="EUR")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(role=""),
                name="authority_scope_has_user_or_role",
            ),
            models.CheckConstraint(
                condition=models.Q(max_amount__gte=0), name="authority_scope_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        who = self.user or self.role
        return f"{who}: {', '.join(self.remedy_kinds)} ≤ {self.max_amount} {self.currency}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token. Only its hash is stored; the raw value is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def new_raw_key() -> str:
        return "cd_" + secrets.token_urlsafe(32)
