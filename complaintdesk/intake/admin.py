from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import InboundEmail, InboundStatus, Mailbox
from .services import process_inbound


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin[Mailbox]):
    list_display = ["name", "host", "username", "folder", "team", "category", "enabled"]


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin[InboundEmail]):
    """Every inbound message, including skipped and failed ones, with a retry action."""

    list_display = [
        "id",
        "received_at",
        "from_address",
        "status",
        "outcome",
        "skip_reason",
        "complaint",
    ]
    list_filter = ["status", "skip_reason"]
    search_fields = ["from_address", "message_id"]
    readonly_fields = [f.name for f in InboundEmail._meta.fields if f.name != "raw"]
    exclude = ["raw"]
    actions = ["retry"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Retry processing")
    def retry(self, request: HttpRequest, queryset: QuerySet[InboundEmail]) -> None:
        for row in queryset.filter(status__in=[InboundStatus.FAILED, InboundStatus.RECEIVED]):
            process_inbound(row)
