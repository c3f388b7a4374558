"""Forms for the staff desk: one per action, each validating what its service demands."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import RemedyKind, Team
from complaintdesk.lib.choices import ShortListChoiceField

from .answering import UpdateChannel
from .states import Status


class InboxFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    status = forms.ChoiceField(
        required=False, label=_("Status"), choices=[("", _("Any status")), *Status.choices]
    )
    team = ShortListChoiceField(
        required=False,
        label=_("Team"),
        queryset=Team.objects.all(),
        to_field_name="slug",
        empty_label=_("Any team"),
    )
    view = forms.ChoiceField(
        required=False,
        label=_("View"),
        choices=[
            ("", _("All I can see")),
            ("mine", _("Mine")),
            ("teams", _("My teams")),
            ("unassigned", _("Unassigned")),
            ("at_risk", _("At risk")),
            ("breached", _("Breached")),
            ("waiting", _("Waiting on customer")),
            ("resolved", _("Recently resolved")),
        ],
    )
    sort = forms.ChoiceField(
        required=False,
        label=_("Sort"),
        choices=[("", _("Newest first")), ("oldest", _("Oldest first"))],
    )


class _ReplyFields(forms.Form):
    message = forms.CharField(label=_("Message to the customer"), widget=forms.Textarea)
    override_reason = forms.CharField(
        required=False,
        label=_("Send anyway because"),
        help_text=_("Only needed when the reply coach blocks the message."),
    )


class ImmediateForm(_ReplyFields):
    pass


class DeferForm(_ReplyFields):
    answer_by = forms.DateTimeField(
        label=_("The answer will come by"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    update_channel = forms.ChoiceField(
        label=_("Progress will reach the customer by"),
        choices=UpdateChannel.choices,
    )


class TransferForm(forms.Form):
    to_team = ShortListChoiceField(
        required=False, label=_("To team"), queryset=Team.objects.all(), to_field_name="slug"
    )
    to_user = ShortListChoiceField(
        required=False,
        label=_("To person"),
        queryset=get_user_model().objects.filter(staff__isnull=False).order_by("username"),
        to_field_name="username",
    )
    handover_summary = forms.CharField(
        label=_("Handover summary: what is known, what was done"), widget=forms.Textarea
    )
    message = forms.CharField(
        required=False, label=_("Message to the customer (optional)"), widget=forms.Textarea
    )
    override_reason = forms.CharField(required=False, label=_("Send anyway because"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("to_team") and not data.get("to_user"):
            raise forms.ValidationError(_("Choose a team or a person to transfer to."))
        return data


class ResolveForm(forms.Form):
    summary = forms.CharField(label=_("How was it resolved?"), widget=forms.Textarea)
    remedy_kind = forms.ChoiceField(
        required=False, label=_("Remedy"), choices=[("", "—"), *RemedyKind.choices]
    )
    amount = forms.DecimalField(
        required=False, label=_("Amount"), min_value=Decimal(0), max_digits=12, decimal_places=2
    )
    currency = forms.CharField(required=False, label=_("Currency"), max_length=3, initial="EUR")


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), widget=forms.Textarea)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)
    reason = forms.CharField(required=False)


class RenegotiateForm(forms.Form):
    new_due_at = forms.DateTimeField(
        label=_("New time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    reason = forms.CharField(label=_("Why the time changes (the customer is told)"))


class EscalateForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Step"),
        choices=[
            ("change_person", _("1. Change the person: a more senior handler takes over")),
            ("change_place", _("2. Change the place: another setting or channel")),
            ("change_time", _("3. Change the time: a meeting with a higher supervisor")),
        ],
    )
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))
    to_user = ShortListChoiceField(
        required=False,
        label=_("To person"),
        queryset=get_user_model().objects.filter(staff__isnull=False).order_by("username"),
        to_field_name="username",
    )
    place = forms.CharField(required=False, label=_("Place or channel"))
    meeting_at = forms.DateTimeField(
        required=False,
        label=_("Meeting time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
