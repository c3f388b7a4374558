"""Complaints, their messages, attachments, remedies, approvals and the event log."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import RemedyKind, Team
from complaintdesk.customers.models import Customer, Language

from .states import Status


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone")
    FACE_TO_FACE = "face_to_face", _("Face to face")
    LETTER = "letter", _("Letter")
    API = "api", _("API")
    SURVEY = "survey", _("Survey")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    CRITICAL = "critical", _("Critical")


class Outcome(models.TextChoices):
    EXPLANATION = "explanation", _("Closed with explanation")
    MONETARY = "monetary_relief", _("Closed with monetary relief")
    NON_MONETARY = "non_monetary_relief", _("Closed with non-monetary relief")


class Category(models.Model):
    slug = models.SlugField(unique=True)
    name_en = models.CharField(max_length=120)
    name_zh_hans = models.CharField(max_length=120, blank=True)
    name_zh_hant = models.CharField(max_length=120, blank=True)
    name_el = models.CharField(max_length=120, blank=True)
    default_team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["slug"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name_en

    def name_in(self, language: str) -> str:
        field = {"zh-hans": "name_zh_hans", "zh-hant": "name_zh_hant", "el": "name_el"}.get(
            language, "name_en"
        )
        return str(getattr(self, field) or self.name_en)


class Complaint(models.Model):
    reference = models.CharField(max_length=32, unique=True)
    tracking_token = models.CharField(max_length=64, unique=True)
    # No single-column index on customer, category or team: the (column, -id) indexes
    # in Meta lead with them and serve every lookup, and each extra index is written
    # on every new complaint.
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="complaints", db_index=False
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    subject = models.CharField(max_length=300)
    description = models.TextField()
    expectation = models.TextField(blank=True, help_text=_("The remedy the customer seeks."))
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, db_index=False
    )
    product = models.CharField(max_length=200, blank=True)
    order_ref = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.EN)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    severity = models.CharField(max_length=8, choices=Severity.choices, default=Severity.MINOR)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        db_index=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_complaints",
    )
    about_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints_about",
        help_text=_("The employee the complaint is about; never made its handler."),
    )
    transfer_count = models.PositiveIntegerField(default=0)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    resolution_summary = models.TextField(blank=True)
    emotional_state = models.CharField(max_length=40, blank=True)
    email_message_id = models.CharField(
        max_length=255, blank=True, help_text=_("Message-ID of the email that opened it.")
    )
    satisfaction_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    satisfaction_comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "-id"], name="complaint_status_id"),
            models.Index(fields=["team", "-id"], name="complaint_team_id"),
            # Partial: most complaints have no assignee, and with them in the index
            # SQLite's statistics rate "assignee = X" as unselective and scans by status.
            models.Index(
                fields=["assignee", "-id"],
                name="complaint_assigned_id",
                condition=models.Q(assignee__isnull=False),
            ),
            models.Index(fields=["category", "-id"], name="complaint_category_id"),
            models.Index(fields=["customer", "-id"], name="complaint_customer_id"),
            models.Index(fields=["team", "status", "-id"], name="complaint_team_status_id"),
            # The inbox's "resolved this week" count.
            models.Index(fields=["status", "resolved_at"], name="complaint_status_resolved"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="complaint_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.subject}"


class Direction(models.TextChoices):
    INBOUND = "inbound", _("From the customer")
    OUTBOUND = "outbound", _("To the customer")
    INTERNAL = "internal", _("Internal note")


class Message(models.Model):
    # Indexed by message_complaint_id (complaint, id) below.
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="messages", db_index=False
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    text = models.TextField()
    quoted_text = models.TextField(blank=True)
    html = models.TextField(blank=True, help_text=_("Sanitised HTML, when the source had HTML."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    email_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    check_findings = models.JSONField(default=list, blank=True)
    check_elements = models.JSONField(default=list, blank=True)
    check_verdict = models.CharField(max_length=5, blank=True)
    check_override_reason = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["complaint", "id"], name="message_complaint_id")]

    def __str__(self) -> str:
        return f"{self.direction} message on {self.complaint_id}"

    @property
    def customer_visible(self) -> bool:
        return self.direction != Direction.INTERNAL


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="attachments/%Y/%m/")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    content_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename


class Remedy(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="remedies")
    kind = models.CharField(max_length=16, choices=RemedyKind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    description = models.TextField(blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    approval = models.ForeignKey(
        "ApprovalRequest", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="remedy_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount or ''} {self.currency}".strip()


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    USED = "used", _("Used")


class ApprovalRequest(models.Model):
    """A resolution beyond its handler's authority, waiting for a supervisor."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="approvals")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approval_requests"
    )
    remedies = models.JSONField()
    summary = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approval_decisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["status", "-id"], name="approval_status_id")]

    def __str__(self) -> str:
        return f"Approval #{self.pk} ({self.status})"


class EventQuerySet(models.QuerySet["Event"]):
    """The event log is append-only: bulk updates and deletes are refused."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("Events are append-only")

    def delete(self) -> NoReturn:
        raise TypeError("Events are append-only")


class Event(models.Model):
    """One entry of the 3W record: what we knew, when, and what we did."""

    # Indexed by event_complaint_id (complaint, id) below.
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    actor_label = models.CharField(max_length=60, help_text=_("Who acted, as shown."))
    kind = models.CharField(max_length=40)
    detail = models.JSONField(default=dict)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["complaint", "id"], name="event_complaint_id"),
            models.Index(fields=["kind", "at"], name="event_kind_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("Events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("Events are append-only")


class SearchDocument(models.Model):
    """Searchable text of a complaint or one of its messages, already folded and tokenised.

    The database engine's index is kept in step by the database itself (an
    FTS5 table fed by triggers on SQLite, a generated tsvector column on
    PostgreSQL); see complaints/search.py.
    """

    # Indexed by the (complaint, source) constraint below.
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    source = models.CharField(max_length=32)
    body = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["complaint", "source"], name="search_doc_unique")
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}:{self.source}"


class Presence(models.Model):
    """Who has a complaint open right now, and whether they are writing a reply."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()
    replying = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["complaint", "user"], name="presence_once")]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.complaint_id}"
