"""The staff desk's POST actions: each binds one form and calls one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.accounts.authority import RemedyRequest
from complaintdesk.sla.escalation import escalate_complaint
from complaintdesk.sla.models import Promise
from complaintdesk.sla.promises import keep_promise, renegotiate_promise

from . import answering, resolution, selectors, services
from .access import acting_user_of, staff_required
from .errors import DomainError, NeedsApproval, ReplyBlocked, TransitionNotAllowed
from .forms import (
    DeferForm,
    EscalateForm,
    ImmediateForm,
    NoteForm,
    RenegotiateForm,
    ResolveForm,
    StatusForm,
    TransferForm,
)
from .models import ApprovalRequest, Complaint


def _report(request: HttpRequest, exc: DomainError) -> None:
    if isinstance(exc, ReplyBlocked):
        codes = ", ".join(sorted({f["code"] for f in exc.findings}))
        text = _("The reply coach blocked this reply (%(codes)s).") % {"codes": codes}
        messages.error(request, text)
    elif isinstance(exc, NeedsApproval):
        text = _("This needs a supervisor's approval (request #%(id)s).") % {"id": exc.approval_id}
        messages.warning(request, text)
    elif isinstance(exc, TransitionNotAllowed):
        allowed = ", ".join(exc.allowed)
        messages.error(request, _("Not allowed now. Allowed: %(allowed)s") % {"allowed": allowed})
    else:
        messages.error(request, str(exc))


def _act(
    request: HttpRequest,
    reference: str,
    form_class: type[forms.Form],
    perform: Callable[[Complaint, dict[str, Any]], object],
) -> HttpResponse:
    """Bind the form, run one service, report the outcome on the complaint page."""
    complaint = selectors.get_complaint_for(request.user, reference)
    form = form_class(request.POST, prefix=form_class.__name__.removesuffix("Form").lower())
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(e) for e in errors)
            messages.error(request, f"{label}: {text}" if label else text)
        return redirect("complaints:detail", reference=reference)
    try:
        perform(complaint, form.cleaned_data)
    except DomainError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Done."))
        if not selectors.complaints_visible_to(request.user).filter(pk=complaint.pk).exists():
            return redirect("complaints:inbox")  # e.g. transferred to a team one is not in
    return redirect("complaints:detail", reference=reference)


@staff_required
@require_POST
def answer_now(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        ImmediateForm,
        lambda c, d: answering.answer_immediately(
            complaint=c,
            actor=acting_user_of(request),
            message=d["message"],
            override_reason=d["override_reason"],
        ),
    )


@staff_required
@require_POST
def defer(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        DeferForm,
        lambda c, d: answering.defer_answer(
            complaint=c,
            actor=acting_user_of(request),
            message=d["message"],
            answer_by=d["answer_by"],
            update_channel=d["update_channel"],
            override_reason=d["override_reason"],
        ),
    )


@staff_required
@require_POST
def transfer(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        TransferForm,
        lambda c, d: answering.transfer_complaint(
            complaint=c,
            actor=acting_user_of(request),
            handover_summary=d["handover_summary"],
            to_team=d["to_team"],
            to_user=d["to_user"],
            message=d["message"],
            override_reason=d["override_reason"],
        ),
    )


def _remedies(data: dict[str, Any]) -> list[RemedyRequest]:
    if not data.get("remedy_kind"):
        return []
    return [
        RemedyRequest(
            kind=data["remedy_kind"],
            amount=data.get("amount"),
            currency=(data.get("currency") or "").upper(),
        )
    ]


@staff_required
@require_POST
def resolve(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        ResolveForm,
        lambda c, d: resolution.resolve_complaint(
            complaint=c, actor=acting_user_of(request), summary=d["summary"], remedies=_remedies(d)
        ),
    )


@staff_required
@require_POST
def note(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        NoteForm,
        lambda c, d: services.add_internal_note(
            complaint=c, actor=acting_user_of(request), text=d["text"]
        ),
    )


@staff_required
@require_POST
def change_status(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        StatusForm,
        lambda c, d: services.transition_complaint(
            complaint=c, actor=acting_user_of(request), to_status=d["status"], reason=d["reason"]
        ),
    )


@staff_required
@require_POST
def decide(request: HttpRequest, reference: str, approval_id: int, verdict: str) -> HttpResponse:
    complaint = selectors.get_complaint_for(request.user, reference)
    approval = ApprovalRequest.objects.filter(pk=approval_id, complaint=complaint).first()
    if approval is None:
        raise Http404("No such approval request")
    try:
        resolution.decide_approval(
            approval=approval,
            actor=acting_user_of(request),
            approve=verdict == "approve",
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        _report(request, exc)
    return redirect("complaints:detail", reference=reference)


def _promise_of(complaint: Complaint, promise_id: int) -> Promise:
    promise = Promise.objects.filter(pk=promise_id, complaint=complaint).first()
    if promise is None:
        raise Http404("No such promise")
    return promise


@staff_required
@require_POST
def keep(request: HttpRequest, reference: str, promise_id: int) -> HttpResponse:
    complaint = selectors.get_complaint_for(request.user, reference)
    try:
        keep_promise(promise=_promise_of(complaint, promise_id), actor=acting_user_of(request))
    except DomainError as exc:
        _report(request, exc)
    return redirect("complaints:detail", reference=reference)


@staff_required
@require_POST
def renegotiate(request: HttpRequest, reference: str, promise_id: int) -> HttpResponse:
    return _act(
        request,
        reference,
        RenegotiateForm,
        lambda c, d: renegotiate_promise(
            promise=_promise_of(c, promise_id),
            actor=acting_user_of(request),
            new_due_at=d["new_due_at"],
            reason=d["reason"],
        ),
    )


@staff_required
@require_POST
def escalate(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        EscalateForm,
        lambda c, d: escalate_complaint(
            complaint=c,
            actor=acting_user_of(request),
            step=d["step"],
            reason=d["reason"],
            to_user=d["to_user"],
            place=d["place"],
            meeting_at=d["meeting_at"],
        ),
    )


@staff_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Assign, acknowledge or close the selected complaints with one service call."""
    references = request.POST.getlist("selected")
    visible = list(selectors.complaints_visible_to(request.user).filter(reference__in=references))
    try:
        done = services.bulk_update_complaints(
            complaints=visible, actor=acting_user_of(request), action=request.POST.get("action", "")
        )
    except DomainError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("%(count)s complaints updated.") % {"count": done})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "complaints:inbox"
    return redirect(target or "complaints:inbox")
