"""The staff desk: inbox, complaint page and one POST view per action."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaintdesk.accounts.authority import RemedyRequest
from complaintdesk.accounts.roles import is_supervisor_of_team, staff_profile
from complaintdesk.replycheck.highlight import highlight
from complaintdesk.replycheck.policy import check_outgoing

from . import answering, resolution, selectors, services
from .errors import DomainError, InvalidInput, NeedsApproval, ReplyBlocked, TransitionNotAllowed
from .forms import (
    DeferForm,
    ImmediateForm,
    InboxFilterForm,
    NoteForm,
    ResolveForm,
    StatusForm,
    TransferForm,
)
from .models import ApprovalRequest, Complaint
from .states import allowed_transitions
from .warnings import warnings_for

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Log in first; then only staff may pass."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if staff_profile(request.user) is None and not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def view_filters(view: str, user: User) -> dict[str, Any]:
    """The inbox's named views as list filters."""
    named: dict[str, dict[str, Any]] = {
        "mine": {"assignee": user.get_username()},
        "unassigned": {"assignee": "none"},
        "at_risk": {"at_risk": True},
        "breached": {"breached": True},
        "waiting": {"status": "waiting_customer"},
    }
    return named.get(view, {})


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ComplaintFilters(
        q=data.get("q", ""),
        status=data.get("status", ""),
        team=data["team"].slug if data.get("team") else "",
        **view_filters(data.get("view", ""), _user(request)),
    )
    try:
        page, next_cursor = selectors.list_complaints(
            request.user, filters, limit=50, cursor=request.GET.get("cursor", "")
        )
    except InvalidInput:
        page, next_cursor = [], None
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "complaints/inbox.html",
        {
            "form": form,
            "page": page,
            "next_cursor": next_cursor,
            "query": query.urlencode(),
            "approvals": selectors.approvals_waiting_for(request.user)[:20],
        },
    )


@staff_required
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = selectors.complaint_with_history(request.user, reference)
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "transitions": allowed_transitions(complaint.status),
            "warnings": warnings_for(complaint),
            "can_approve": is_supervisor_of_team(request.user, complaint.team_id),
            "immediate_form": ImmediateForm(prefix="immediate"),
            "defer_form": DeferForm(prefix="defer"),
            "transfer_form": TransferForm(prefix="transfer"),
            "resolve_form": ResolveForm(prefix="resolve"),
            "note_form": NoteForm(prefix="note"),
        },
    )


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
            messages.error(request, f"{field}: {' '.join(str(e) for e in errors)}")
        return redirect("complaints:detail", reference=reference)
    try:
        perform(complaint, form.cleaned_data)
    except ReplyBlocked as exc:
        codes = ", ".join(sorted({f["code"] for f in exc.findings}))
        messages.error(
            request, _("The reply coach blocked this reply (%(codes)s).") % {"codes": codes}
        )
    except NeedsApproval as exc:
        messages.warning(
            request,
            _("This needs a supervisor's approval (request #%(id)s).") % {"id": exc.approval_id},
        )
    except TransitionNotAllowed as exc:
        messages.error(
            request,
            _("Not allowed now. Allowed: %(allowed)s") % {"allowed": ", ".join(exc.allowed)},
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done."))
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
            actor=_user(request),
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
            actor=_user(request),
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
            actor=_user(request),
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
            complaint=c, actor=_user(request), summary=d["summary"], remedies=_remedies(d)
        ),
    )


@staff_required
@require_POST
def note(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        NoteForm,
        lambda c, d: services.add_internal_note(complaint=c, actor=_user(request), text=d["text"]),
    )


@staff_required
@require_POST
def change_status(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        StatusForm,
        lambda c, d: services.transition_complaint(
            complaint=c, actor=_user(request), to_status=d["status"], reason=d["reason"]
        ),
    )


@staff_required
@require_POST
def coach(request: HttpRequest, reference: str) -> HttpResponse:
    """The live reply coach: the composer posts its draft here as the agent types."""
    complaint = selectors.get_complaint_for(request.user, reference)
    text = request.POST.get(request.GET.get("field", ""), "")
    result = check_outgoing(
        text=text,
        language=complaint.language,
        team_id=complaint.team_id,
        ui_language=get_language(),
    )
    return render(
        request,
        "complaints/_coach.html",
        {
            "result": result,
            "pieces": highlight(text, result["findings"]),
            "text": text,
        },
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
            actor=_user(request),
            approve=verdict == "approve",
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("complaints:detail", reference=reference)
