from __future__ import annotations

from django.contrib import admin

from .models import ApiToken, AuthorityScope, StaffProfile, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["slug", "name", "calendar"]
    search_fields = ["slug", "name"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin[StaffProfile]):
    list_display = ["user", "role", "seniority"]
    list_filter = ["role", "teams"]
    filter_horizontal = ["teams"]


@admin.register(AuthorityScope)
class AuthorityScopeAdmin(admin.ModelAdmin[AuthorityScope]):
    list_display = ["user", "role", "team", "remedy_kinds", "max_amount", "currency"]
    list_filter = ["role", "team"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are created with `complaintdesk createtoken`; here they can only be revoked."""

    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "prefix", "key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request: object) -> bool:
        return False
