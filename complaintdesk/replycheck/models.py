"""Per-team reply-coach policy: how severe each taboo is for that team."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    BLOCK = "block", _("Block until overridden")
    WARN = "warn", _("Warn")
    OFF = "off", _("Off")


class TeamReplyPolicy(models.Model):
    team = models.OneToOneField(
        "accounts.Team", on_delete=models.CASCADE, related_name="reply_policy"
    )
    severities = models.JSONField(
        default=dict,
        blank=True,
        help_text=_('Taboo code → block, warn or off, e.g. {"T3": "block"}. T8 blocks by default.'),
    )

    def __str__(self) -> str:
        return f"Reply policy for {self.team}"
