from __future__ import annotations

from django.contrib import admin

from .models import TeamReplyPolicy


@admin.register(TeamReplyPolicy)
class TeamReplyPolicyAdmin(admin.ModelAdmin[TeamReplyPolicy]):
    list_display = ["team", "severities"]
