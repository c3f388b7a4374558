"""The customer's forms: file a complaint, reply, rate the resolution."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Category
from complaintdesk.lib.choices import ShortListChoiceField


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to MAX_FILES files, each within the attachment size limit."""

    MAX_FILES = 5

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > self.MAX_FILES:
            raise forms.ValidationError(
                _("Attach at most %(count)s files.") % {"count": self.MAX_FILES}
            )
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        limit = settings.COMPLAINTDESK_MAX_ATTACHMENT_BYTES
        for upload in cleaned:
            if upload.size > limit:
                raise forms.ValidationError(
                    _("%(name)s is larger than %(mb)s MB.")
                    % {"name": upload.name, "mb": limit // (1024 * 1024)}
                )
        return cleaned


class PublicComplaintForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email"))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    category = ShortListChoiceField(
        label=_("What is it about?"),
        queryset=Category.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Not sure"),
    )
    order_ref = forms.CharField(label=_("Order number (optional)"), max_length=100, required=False)
    subject = forms.CharField(label=_("In a few words"), max_length=300)
    description = forms.CharField(label=_("What happened?"), widget=forms.Textarea)
    expectation = forms.CharField(
        label=_("What would you like us to do?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    attachments = MultipleFileField(
        label=_("Photos or documents (optional)"),
        required=False,
        help_text=_("Up to 5 files, each at most 10 MB."),
    )
    # A field people never see; bots fill it in.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            raise forms.ValidationError(_("Please leave the last field empty."))
        return data


class CustomerReplyForm(forms.Form):
    text = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}))


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Did we solve it?"),
        coerce=int,
        choices=[
            (5, _("Yes, completely")),
            (4, _("Mostly")),
            (3, _("Partly")),
            (2, _("Not really")),
            (1, _("Not at all")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("How could we do better?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
