"""Business rules as data (ARCHITECTURE.md rule 9): calendars and policies are edited here."""

from __future__ import annotations

from django.contrib import admin

from .models import Alert, BusinessCalendarConfig, Deadline, Promise, SlaPolicy


@admin.register(BusinessCalendarConfig)
class BusinessCalendarConfigAdmin(admin.ModelAdmin[BusinessCalendarConfig]):
    list_display = ("name", "tz", "holiday_country", "holiday_subdivision")


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin[SlaPolicy]):
    list_display = ("order", "name", "active", "category", "priority", "channel", "customer_tier")
    list_display_links = ("name",)
    list_editable = ("order", "active")


@admin.register(Promise)
class PromiseAdmin(admin.ModelAdmin[Promise]):
    list_display = ("complaint", "kind", "owner", "promised_at", "status")
    list_filter = ("status", "kind")
    raw_id_fields = ("complaint", "owner", "replaces")


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin[Deadline]):
    list_display = ("complaint", "kind", "due_at", "met_at", "breached_at", "paused_at")
    list_filter = ("kind",)
    raw_id_fields = ("complaint",)


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin[Alert]):
    list_display = ("recipient", "kind", "complaint", "created_at", "read_at")
    raw_id_fields = ("complaint", "recipient", "promise", "deadline")
