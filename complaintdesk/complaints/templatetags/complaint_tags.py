"""Template filters that turn stored codes into words in the viewer's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import RemedyKind
from complaintdesk.complaints.timeline import event_label as label_for

register = template.Library()

ACTORS = {"system": _("System"), "customer": _("Customer"), "worker": _("Automatic check")}
ELEMENTS = {
    "APOLOGY": _("apology"),
    "EMPATHY": _("empathy"),
    "THANKS": _("thanks"),
    "CLARIFY": _("a clarifying question"),
    "ACTION": _("a concrete action"),
    "TIMEFRAME": _("a concrete time"),
    "OPTIONS": _("options"),
    "POLICY_ONLY": _("only policy"),
}


@register.filter
def event_label(kind: str) -> str:
    return label_for(kind)


@register.filter
def actor_name(label: str) -> str:
    """Usernames stay as they are; the system's own labels are translated."""
    return str(ACTORS.get(label, label))


@register.filter
def remedy_label(kind: str) -> str:
    return str(RemedyKind(kind).label) if kind in RemedyKind.values else kind


@register.filter
def element_labels(codes: list[str]) -> str:
    return ", ".join(str(ELEMENTS.get(code, code)) for code in codes)
