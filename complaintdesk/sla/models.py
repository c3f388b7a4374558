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


# A promise in these states is still owed to the customer.
OPEN_STATES = (PromiseStatus.OPEN, PromiseStatus.AT_RISK)


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
    notice_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When to tell the customer we are running late.")
    )
    created_at = models.DateTimeField()
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["promised_at", "id"]
        indexes = [
            models.Index(fields=["status", "warn_at"], name="promise_status_warn"),
            models.Index(fields=["status", "promised_at"], name="promise_status_due"),
            models.Index(fields=["complaint", "id"], name="promise_complaint"),
            models.Index(
                fields=["notice_at"],
                condition=models.Q(status="at_risk"),
                name="promise_late_notice_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(promised_at__gte=models.F("internal_due_at")),
                name="promise_promised_not_before_internal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} by {self.promised_at:%Y-%m-%d %H:%M}"


class SlaPolicy(models.Model):
    """Targets for a class of complaints, chosen by ordered conditions (first match wins).

    A blank condition matches anything. ``targets`` maps a priority (or "*" for
    any) to ISO 8601 durations per clock: ``{"*": {"acknowledgement": "PT4H",
    "first_response": "P1D", "next_update": "P1D", "resolution": "P10D"}}``.
    """

    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveIntegerField(default=100, help_text=_("Lower is tried first."))
    active = models.BooleanField(default=True)
    category = models.ForeignKey(
        "complaints.Category", null=True, blank=True, on_delete=models.CASCADE
    )
    priority = models.CharField(max_length=8, blank=True)
    channel = models.CharField(max_length=16, blank=True)
    customer_tier = models.CharField(max_length=30, blank=True)
    calendar = models.ForeignKey(
        BusinessCalendarConfig,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Overrides the team's calendar; none = the team's, else 24x7."),
    )
    targets = models.JSONField(default=dict, blank=True)
    business_time = models.BooleanField(
        default=True, help_text=_("Count targets in business time (else calendar time).")
    )
    buffer_ratio = models.FloatField(
        default=0.5, help_text=_("Under-promise buffer: 0.5 turns 1 hour of work into 90 min.")
    )
    round_minutes = models.PositiveSmallIntegerField(default=15)
    regulatory_response_days = models.PositiveSmallIntegerField(null=True, blank=True)
    regulatory_final_days = models.PositiveSmallIntegerField(null=True, blank=True)
    running_late_notice = models.BooleanField(
        default=False,
        help_text=_("Tell the customer 'we are running late, new time X' if nobody acts."),
    )
    running_late_lead_minutes = models.PositiveIntegerField(
        default=15, help_text=_("How long before the promised time the running-late notice goes.")
    )
    running_late_extension_minutes = models.PositiveIntegerField(default=60)

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "SLA policies"

    def __str__(self) -> str:
        return self.name


class DeadlineKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    FIRST_RESPONSE = "first_response", _("First response")
    NEXT_UPDATE = "next_update", _("Next update")
    RESOLUTION = "resolution", _("Resolution")
    REGULATORY_RESPONSE = "regulatory_response", _("Regulatory response")
    REGULATORY_FINAL = "regulatory_final", _("Regulatory final answer")


class Deadline(models.Model):
    """One SLA clock of a complaint. Waiting on the customer pauses it (``paused_at``);
    on resuming, the remaining business time is added again from the resume time."""

    # Indexed by deadline_complaint_kind (complaint, kind) below.
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="deadlines", db_index=False
    )
    kind = models.CharField(max_length=24, choices=DeadlineKind.choices)
    policy = models.ForeignKey(SlaPolicy, null=True, blank=True, on_delete=models.SET_NULL)
    calendar = models.ForeignKey(
        BusinessCalendarConfig,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The calendar the clock runs on; none = 24x7."),
    )
    target = models.DurationField()
    business_time = models.BooleanField(default=True)
    pausable = models.BooleanField(default=True)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    warn_at = models.DateTimeField()
    paused_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    met_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(
                fields=["warn_at"],
                condition=models.Q(
                    met_at__isnull=True, warned_at__isnull=True, paused_at__isnull=True
                ),
                name="deadline_warn_due",
            ),
            models.Index(
                fields=["due_at"],
                condition=models.Q(
                    met_at__isnull=True, breached_at__isnull=True, paused_at__isnull=True
                ),
                name="deadline_breach_due",
            ),
            models.Index(fields=["complaint", "kind"], name="deadline_complaint_kind"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "kind"],
                condition=models.Q(met_at__isnull=True),
                name="deadline_one_running_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} due {self.due_at:%Y-%m-%d %H:%M}"


class Alert(models.Model):
    """An internal alert to one member of staff (promise at risk or broken, deadline missed).

    Unique per (recipient, kind, promise/deadline): a second worker racing on
    the same item cannot alert twice.
    """

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sla_alerts"
    )
    kind = models.CharField(max_length=32)
    promise = models.ForeignKey(Promise, null=True, blank=True, on_delete=models.CASCADE)
    deadline = models.ForeignKey(Deadline, null=True, blank=True, on_delete=models.CASCADE)
    text = models.TextField()
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-id"], name="alert_inbox")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "promise"],
                condition=models.Q(promise__isnull=False),
                name="alert_once_per_promise",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "deadline"],
                condition=models.Q(deadline__isnull=False),
                name="alert_once_per_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"
