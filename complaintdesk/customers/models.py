"""Customers: contact data, language, and the portal identity."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    EN = "en", _("English")
    ZH_HANS = "zh-hans", _("Simplified Chinese")
    ZH_HANT = "zh-hant", _("Traditional Chinese")
    EL = "el", _("Greek")


class Customer(models.Model):
    name = models.CharField(max_length=200, blank=True)
    # Matched case-blind only, through customer_email_ci: no index on the column itself.
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    external_id = models.CharField(max_length=100, blank=True)
    preferred_language = models.CharField(
        max_length=8, choices=Language.choices, default=Language.EN
    )
    organisation = models.CharField(max_length=200, blank=True)
    tier = models.CharField(max_length=30, blank=True, help_text=_("e.g. gold, standard"))
    bounced_at = models.DateTimeField(null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customer",
        help_text=_("Portal login, when the customer has one."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(Lower("email"), name="customer_email_ci"),
            models.Index(fields=["external_id"], name="customer_external_id"),
        ]

    def __str__(self) -> str:
        return self.name or self.email or self.phone or f"#{self.pk}"


# Case-blind address lookups are written `email__lower=address.lower()`, which the
# customer_email_ci index serves; `email__iexact` compares UPPER()s and scans.
Customer._meta.get_field("email").register_lookup(Lower)
