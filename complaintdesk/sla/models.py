"""Business calendars and promises. Deadlines and policies build on these."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BusinessCalendarConfig(models.Model):
    """A business calendar as data; `sla.calendars.load()` turns it into a pure calendar."""

    name = models.CharField(max_length=100, unique=True)
    tz = models.CharField(max_length=64, default="UTC")
    weekly_hours = models.JSONField(
        default=dict,
        blank=True,
        help_text=_('{"0": [["09:00", "18:00"]], ...} by weekday, Monday = 0; empty = 24x7'),
    )
    holiday_country = models.CharField(max_length=2, blank=True)
    holiday_subdivision = models.CharField(max_length=10, blank=True)
    extra_holidays = models.JSONField(default=list, blank=True, help_text=_("ISO dates"))
    half_days = models.JSONField(
        default=dict, blank=True, help_text=_('{"2026-12-24": "13:00"}: hours end early')
    )

    def __str__(self) -> str:
        return self.name


class PromiseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    KEPT = "kept", _("Kept")
    AT_RISK = "at_risk", _("At risk")
    BROKEN = "broken", _("Broken")
    RENEGOTIATED = "renegotiated", _("Renegotiated")


class PromiseKind(models.TextChoices):
    ANSWER = "answer", _("Answer by a time")
    CALLBACK = "callback", _("Call back")
    VISIT = "visit", _("Visit")
    SHIPMENT = "shipment", _("Shipment")
    MEETING = "meeting", _("Meeting")
    OTHER = "other", _("Other")


class Promise(models.Model):
    """A commitment made to a customer (DOMAIN.md §5)."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="promises"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    kind = models.CharField(max_length=10, choices=PromiseKind.choices, default=PromiseKind.OTHER)
    description = models.TextField()
    update_channel = models.CharField(max_length=16, blank=True)
    internal_due_at = models.DateTimeField()
    promised_at = models.DateTimeField(help_text=_("The time the customer was told."))
    warn_at = models.DateTimeField()
    status = models.CharField(
        max_length=12, choices=PromiseStatus.choices, default=PromiseStatus.OPEN
    )
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField()
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["promised_at", "id"]
        indexes = [
            models.Index(fields=["status", "warn_at"], name="promise_status_warn"),
            models.Index(fields=["status", "promised_at"], name="promise_status_due"),
            models.Index(fields=["complaint", "id"], name="promise_complaint"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(promised_at__gte=models.F("internal_due_at")),
                name="promise_promised_not_before_internal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} by {self.promised_at:%Y-%m-%d %H:%M}"
