from __future__ import annotations

from django.contrib import admin

from .models import Customer


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin[Customer]):
    list_display = ["name", "email", "phone", "external_id", "preferred_language", "tier"]
    search_fields = ["name", "email", "external_id"]
    list_filter = ["preferred_language", "tier"]
