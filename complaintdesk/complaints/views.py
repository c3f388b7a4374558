"""The staff desk's pages: inbox, complaint page, live coach, presence, supervision, alerts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from complaintdesk.accounts.roles import is_supervisor_of_team
from complaintdesk.analytics.selectors import passed_around, taboo_stats
from complaintdesk.replycheck.highlight import highlight
from complaintdesk.replycheck.policy import check_outgoing
from complaintdesk.sla.alerts import mark_alert_read, mark_all_alerts_read
from complaintdesk.sla.selectors import alerts_for

from . import selectors, services
from .access import acting_user_of, staff_required
from .errors import InvalidInput
from .forms import (
    DeferForm,
    EscalateForm,
    ImmediateForm,
    InboxFilterForm,
    NoteForm,
    RenegotiateForm,
    ResolveForm,
    TransferForm,
)
from .states import Status, allowed_transitions
from .timeline import EVENT_GROUPS
from .warnings import warnings_for


def view_filters(view: str, request: HttpRequest) -> dict[str, Any]:
    """The inbox's named views as list filters."""
    user = acting_user_of(request)
    named: dict[str, dict[str, Any]] = {
        "mine": {"assignee": user.get_username(), "status": selectors.OPEN_LIST},
        "teams": {"teams_of": user, "status": selectors.OPEN_LIST},
        "unassigned": {"assignee": "none", "status": selectors.OPEN_LIST},
        "at_risk": {"at_risk": True},
        "breached": {"breached": True},
        "waiting": {"status": "waiting_customer"},
        "resolved": {"status": "resolved"},
    }
    return named.get(view, {})


def _query_without_cursor(request: HttpRequest) -> str:
    """The page's query string for its "More" link, which adds the next cursor."""
    query = request.GET.copy()
    query.pop("cursor", None)
    return query.urlencode()


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    chosen: dict[str, Any] = {
        "q": data.get("q", ""),
        "team": data["team"].slug if data.get("team") else "",
        **view_filters(data.get("view", ""), request),
    }
    if data.get("status"):  # an explicit status narrows the view's own
        chosen["status"] = data["status"]
    filters = selectors.ComplaintFilters(**chosen)
    try:
        page, next_cursor = selectors.list_complaints(
            request.user,
            filters,
            limit=50,
            cursor=request.GET.get("cursor", ""),
            oldest_first=data.get("sort") == "oldest",
        )
    except InvalidInput:
        page, next_cursor = [], None
    return render(
        request,
        "complaints/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": mark_safe(  # noqa: S308 - an autoescaping template's output
                render_to_string(
                    "complaints/inbox_rows.html",
                    # Labels translated once, not through get_status_display per row.
                    {"page": page, "status_labels": {s.value: str(s.label) for s in Status}},
                    using="jinja2",
                )
            ),
            "next_cursor": next_cursor,
            "query": _query_without_cursor(request),
            "counts": selectors.inbox_counts(request.user),
            "count_cap": selectors.COUNT_CAP,
            "view": data.get("view", ""),
            "approvals": selectors.approvals_waiting_for(request.user)[:20],
        },
    )


@staff_required
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    complaint = selectors.complaint_with_history(request.user, reference)
    group = request.GET.get("events", "")
    kinds = EVENT_GROUPS.get(group)
    events = [e for e in complaint.events.all() if kinds is None or e.kind in kinds]
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "events": events,
            "event_group": group,
            "transitions": [(t, Status(t).label) for t in allowed_transitions(complaint.status)],
            "warnings": warnings_for(complaint),
            "history": selectors.customer_history(request.user, complaint),
            "can_approve": is_supervisor_of_team(request.user, complaint.team_id),
            "immediate_form": ImmediateForm(prefix="immediate"),
            "defer_form": DeferForm(prefix="defer"),
            "transfer_form": TransferForm(prefix="transfer"),
            "resolve_form": ResolveForm(prefix="resolve"),
            "note_form": NoteForm(prefix="note"),
            "renegotiate_form": RenegotiateForm(prefix="renegotiate"),
            "escalate_form": EscalateForm(prefix="escalate"),
        },
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
        complaint_id=complaint.pk,
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
def presence(request: HttpRequest, reference: str) -> HttpResponse:
    """Heartbeat from an open complaint page; answers with who else is on it."""
    complaint = selectors.get_complaint_for(request.user, reference)
    services.mark_presence(
        complaint=complaint,
        user=acting_user_of(request),
        replying=request.POST.get("replying") == "1",
    )
    others = selectors.others_present(complaint, acting_user_of(request))
    return render(request, "complaints/_presence.html", {"others": others})


@staff_required
def attachment(request: HttpRequest, reference: str, attachment_id: int) -> FileResponse:
    """Download an attachment of a complaint the user may see (never served publicly)."""
    complaint = selectors.get_complaint_for(request.user, reference)
    found = complaint.attachments.filter(pk=attachment_id).first()
    if found is None:
        raise Http404("No such attachment")
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.filename)


@staff_required
def supervision(request: HttpRequest) -> HttpResponse:
    """What a supervisor watches: approvals, promises at risk, breaches, passed-around
    complaints and taboo findings by agent."""
    until = timezone.now()
    at_risk, _c = selectors.list_complaints(
        request.user, selectors.ComplaintFilters(at_risk=True), limit=20
    )
    breached, _c = selectors.list_complaints(
        request.user, selectors.ComplaintFilters(breached=True), limit=20
    )
    taboos = taboo_stats(request.user, since=until - timedelta(days=30), until=until)
    taboo_rows = [
        (agent, replies, taboos["by_agent"].get(agent, {}))
        for agent, replies in sorted(taboos["replies_by_agent"].items())
    ]
    return render(
        request,
        "complaints/supervision.html",
        {
            "approvals": selectors.approvals_waiting_for(request.user)[:50],
            "at_risk": at_risk,
            "breached": breached,
            "passed_around": passed_around(request.user),
            "taboo_rows": taboo_rows,
        },
    )


ALERTS_PER_PAGE = 50


@staff_required
def alerts(request: HttpRequest) -> HttpResponse:
    """The member of staff's own alerts, newest first, a page at a time: unread ones, or
    all of them with ?all=1."""
    show_all = request.GET.get("all") == "1"
    found = alerts_for(request.user, unread_only=not show_all)
    try:
        page, next_cursor = selectors.keyset_page(
            found, limit=ALERTS_PER_PAGE, cursor=request.GET.get("cursor", "")
        )
    except InvalidInput:
        page, next_cursor = [], None
    return render(
        request,
        "complaints/alerts.html",
        {
            "alerts": page,
            "show_all": show_all,
            "next_cursor": next_cursor,
            "query": _query_without_cursor(request),
        },
    )


@staff_required
@require_POST
def read_alert(request: HttpRequest, alert_id: int) -> HttpResponse:
    if mark_alert_read(request.user, alert_id) is None:
        raise Http404("No such alert")
    return redirect("complaints:alerts")


@staff_required
@require_POST
def read_all_alerts(request: HttpRequest) -> HttpResponse:
    mark_all_alerts_read(request.user)
    return redirect("complaints:alerts")
