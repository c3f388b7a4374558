from __future__ import annotations

from django.contrib import admin

from .models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    """Complaints themselves change only through the desk and the API (every change is an
    event); the admin configures what surrounds them."""

    list_display = ["slug", "name_en", "name_zh_hans", "name_zh_hant", "name_el", "default_team"]
    search_fields = ["slug", "name_en"]
