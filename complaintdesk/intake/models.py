"""Inbound email, stored raw before anything else (ARCHITECTURE.md rule 7), and mailboxes."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class InboundStatus(models.TextChoices):
    RECEIVED = "received", _("Received, not yet processed")
    PROCESSED = "processed", _("Processed")
    SKIPPED = "skipped", _("Skipped")
    FAILED = "failed", _("Failed; will be retried")


class InboundEmail(models.Model):
    """One inbound message. Written in its own transaction before parsing, so a crash
    or a parser bug never loses mail: the row stays visible and retryable."""

    raw = models.BinaryField()
    sha256 = models.CharField(max_length=64, unique=True)
    message_id = models.CharField(max_length=255, blank=True)
    source = models.CharField(max_length=300, help_text=_("api, file:…, imap:…"))
    status = models.CharField(
        max_length=10, choices=InboundStatus.choices, default=InboundStatus.RECEIVED
    )
    outcome = models.CharField(max_length=12, blank=True, help_text=_("complaint or reply"))
    skip_reason = models.CharField(max_length=40, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    from_address = models.CharField(max_length=320, blank=True, db_index=True)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_emails",
    )
    received_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message_id"], condition=~Q(message_id=""), name="inbound_message_id_once"
            )
        ]
        indexes = [
            models.Index(fields=["status", "id"], name="inbound_status_id"),
            models.Index(fields=["from_address", "received_at"], name="inbound_sender_time"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id or self.sha256[:12]} ({self.status})"


class Mailbox(models.Model):
    """An IMAP mailbox the worker polls; its mail goes to a team and category."""

    name = models.CharField(max_length=100, unique=True)
    host = models.CharField(max_length=255)
    port = models.PositiveIntegerField(default=993)
    use_ssl = models.BooleanField(default=True)
    username = models.CharField(max_length=255)
    password_env = models.CharField(
        max_length=100, help_text=_("Name of the environment variable holding the password.")
    )
    folder = models.CharField(max_length=255, default="INBOX")
    done_folder = models.CharField(
        max_length=255, blank=True, help_text=_("Move processed mail here (empty: only flag it).")
    )
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.SET_NULL)
    category = models.ForeignKey(
        "complaints.Category", null=True, blank=True, on_delete=models.SET_NULL
    )
    enabled = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "mailboxes"

    def __str__(self) -> str:
        return self.name
