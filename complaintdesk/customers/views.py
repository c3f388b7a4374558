"""The customer's side: the public complaint form, the tracking page, the portal list."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.complaints import selectors, services
from complaintdesk.complaints.attachments import UploadedFile as IncomingUpload
from complaintdesk.complaints.attachments import create_complaint_with_files
from complaintdesk.complaints.errors import DomainError
from complaintdesk.complaints.models import Channel
from complaintdesk.complaints.notices import tracking_url
from complaintdesk.complaints.services import ComplaintInput, CustomerInput
from complaintdesk.complaints.states import Status

from .forms import CustomerReplyForm, PublicComplaintForm, RatingForm


def _rate_limited(request: HttpRequest) -> bool:
    """At most COMPLAINTDESK_PUBLIC_FORM_RATE submissions per address per hour."""
    key = f"public-form:{request.META.get('REMOTE_ADDR', '')}"
    count = 1 if cache.add(key, 1, timeout=3600) else cache.incr(key)
    return count > settings.COMPLAINTDESK_PUBLIC_FORM_RATE


def _uploads(form: PublicComplaintForm) -> list[IncomingUpload]:
    return [
        IncomingUpload(
            filename=f.name or "attachment",
            content_type=f.content_type or "application/octet-stream",
            content=f.read(),
        )
        for f in form.cleaned_data.get("attachments") or []
    ]


def new_complaint(request: HttpRequest) -> HttpResponse:
    form = PublicComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if _rate_limited(request):
            return render(request, "portal/rate_limited.html", status=429)
        d = form.cleaned_data
        complaint = create_complaint_with_files(
            files=_uploads(form),
            data=ComplaintInput(
                customer=CustomerInput(name=d["name"], email=d["email"], phone=d["phone"]),
                channel=Channel.WEB,
                subject=d["subject"],
                description=d["description"],
                expectation=d["expectation"],
                category=d["category"].slug if d["category"] else "",
                order_ref=d["order_ref"],
            ),
        )
        return render(
            request,
            "portal/confirmation.html",
            {"complaint": complaint, "tracking_url": tracking_url(complaint, request)},
        )
    return render(request, "portal/new.html", {"form": form})


def track(request: HttpRequest, token: str) -> HttpResponse:
    complaint = selectors.get_complaint_by_token(token)
    return render(
        request,
        "portal/track.html",
        {
            "complaint": complaint,
            "public_messages": selectors.public_messages(complaint),
            "promises": complaint.promises.filter(status__in=["open", "at_risk"]),
            "reply_form": CustomerReplyForm(),
            "rating_form": RatingForm()
            if complaint.status in (Status.RESOLVED, Status.CLOSED)
            and complaint.satisfaction_rating is None
            else None,
        },
    )


@require_POST
def reply(request: HttpRequest, token: str) -> HttpResponse:
    complaint = selectors.get_complaint_by_token(token)
    form = CustomerReplyForm(request.POST)
    if form.is_valid():
        services.receive_customer_message(
            complaint=complaint, text=form.cleaned_data["text"], channel=Channel.WEB
        )
        messages.success(request, _("Thank you. Your message has been added."))
    return redirect("portal:track", token=token)


@require_POST
def rate(request: HttpRequest, token: str) -> HttpResponse:
    complaint = selectors.get_complaint_by_token(token)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rate_resolution(
                complaint=complaint,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Thank you for telling us."))
        except DomainError as exc:
            messages.error(request, str(exc))
    return redirect("portal:track", token=token)


@login_required
def my_complaints(request: HttpRequest) -> HttpResponse:
    """The customer's own complaints, newest first, or those matching a search."""
    q = request.GET.get("q", "").strip()[:200]
    filters = selectors.ComplaintFilters(q=q)
    page, _cursor = selectors.list_complaints(request.user, filters, limit=100)
    return render(request, "portal/mine.html", {"page": page, "q": q})
