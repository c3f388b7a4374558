from __future__ import annotations

from django import template

from complaintdesk.complaints.timeline import event_label as label_for

register = template.Library()


@register.filter
def event_label(kind: str) -> str:
    return label_for(kind)
