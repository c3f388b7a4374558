"""Reads that respect permissions. Every view and endpoint reads complaints through here."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from complaintdesk.accounts.roles import sees_everything, staff_profile, team_ids_of
from complaintdesk.customers.models import Customer
from complaintdesk.sla.models import Promise
from complaintdesk.sla.selectors import filter_at_risk, filter_breached

from . import search
from .errors import InvalidInput
from .models import (
    ApprovalRequest,
    ApprovalStatus,
    Complaint,
    Direction,
    Event,
    Message,
    Presence,
)
from .states import OPEN_STATUSES, Status

AnyUser = User | AnonymousUser


def customer_of(user: AnyUser | None) -> Customer | None:
    if user is None or not user.is_authenticated:
        return None
    return Customer.objects.filter(user_id=user.pk).first()


def complaints_visible_to(user: AnyUser | None) -> QuerySet[Complaint]:
    """Managers and admins: all; agents and supervisors: their teams' and their own;
    a customer with a portal login: their own; anyone else: none."""
    base = Complaint.objects.all()
    if user is None or not user.is_authenticated:
        return base.none()
    if sees_everything(user):
        return base
    if staff_profile(user) is not None:
        return base.filter(Q(team_id__in=team_ids_of(user)) | Q(assignee_id=user.pk))
    customer = customer_of(user)
    if customer is not None:
        return base.filter(customer=customer)
    return base.none()


# What a complaint row shows beside its own fields: loaded with it, in the same query.
ROW_RELATIONS = ("customer", "team", "assignee", "category")


def _by_reference(complaints: QuerySet[Complaint], reference: str) -> Complaint:
    complaint = complaints.filter(reference=reference).first()
    if complaint is None:
        raise Http404("No such complaint")
    return complaint


def get_complaint_for(user: AnyUser | None, reference: str) -> Complaint:
    """The complaint if this user may see it; 404 otherwise, never a hint that it exists."""
    return _by_reference(complaints_visible_to(user).select_related(*ROW_RELATIONS), reference)


def get_complaint_by_token(token: str) -> Complaint:
    complaint = (
        Complaint.objects.select_related("customer", "team", "category")
        .filter(tracking_token=token)
        .first()
        if token
        else None
    )
    if complaint is None:
        raise Http404("No such complaint")
    return complaint


OPEN_LIST = ",".join(OPEN_STATUSES)


@dataclass(frozen=True)
class ComplaintFilters:
    status: str = ""
    assignee: str = ""
    team: str = ""
    category: str = ""
    customer: str = ""
    q: str = ""
    breached: bool | None = None
    at_risk: bool | None = None
    teams_of: AnyUser | None = None


def _customer_match(key: str) -> Q:
    """A customer filter may be an email address, a numeric id or an external id."""
    if "@" in key:
        return Q(customer__email__lower=key.lower())
    if key.isdigit():
        return Q(customer_id=int(key)) | Q(customer__external_id=key)
    return Q(customer__external_id=key)


def _apply_filters(qs: QuerySet[Complaint], f: ComplaintFilters) -> QuerySet[Complaint]:
    if f.status:
        qs = qs.filter(status__in=f.status.split(","))
    if f.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif f.assignee:
        qs = qs.filter(assignee__username=f.assignee)
    if f.team:
        qs = qs.filter(team__slug=f.team)
    if f.teams_of is not None:
        qs = qs.filter(team_id__in=team_ids_of(f.teams_of))
    if f.category:
        qs = qs.filter(category__slug=f.category)
    if f.customer:
        qs = qs.filter(_customer_match(f.customer))
    if f.breached is not None or f.at_risk is not None:
        if f.breached is not None:
            qs = filter_breached(qs, f.breached)
        if f.at_risk is not None:
            qs = filter_at_risk(qs, f.at_risk)
    return qs


M = TypeVar("M", bound=Model)


def _decode_cursor(cursor: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput("cursor", "This cursor is not one we gave out") from exc


def _encode_cursor(value: int) -> str:
    return base64.urlsafe_b64encode(str(value).encode()).decode()


def list_complaints(
    user: AnyUser,
    filters: ComplaintFilters,
    *,
    limit: int = 50,
    cursor: str = "",
    oldest_first: bool = False,
) -> tuple[list[Complaint], str | None]:
    """A page of visible complaints, newest first (or best match first with `q`).

    Keyset pagination on id; a search pages by rank position instead. A bad
    cursor raises InvalidInput. Customer, team, assignee and category come loaded;
    a caller showing clocks prefetches them.
    """
    qs = _apply_filters(complaints_visible_to(user), filters)
    related = qs.select_related(*ROW_RELATIONS)
    if filters.q.strip():
        offset = _decode_cursor(cursor) if cursor else 0
        ids = search.ranked_ids(qs, filters.q, limit=limit + 1, offset=offset)
        by_id = {c.pk: c for c in related.filter(id__in=ids[:limit])}
        items = [by_id[i] for i in ids[:limit] if i in by_id]
        more = len(ids) > limit
        return items, _encode_cursor(offset + limit) if more else None
    return keyset_page(related, limit=limit, cursor=cursor, oldest_first=oldest_first)


def keyset_page(
    qs: QuerySet[M], *, limit: int, cursor: str = "", oldest_first: bool = False
) -> tuple[list[M], str | None]:
    """A page of `qs` by id, newest first unless `oldest_first`, and the next page's
    cursor (None on the last page). A bad cursor raises InvalidInput."""
    if cursor:
        after = _decode_cursor(cursor)
        qs = qs.filter(id__gt=after) if oldest_first else qs.filter(id__lt=after)
    page = list(qs.order_by("id" if oldest_first else "-id")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return page, _encode_cursor(page[-1].pk) if more and page else None


def complaint_with_history(user: AnyUser, reference: str) -> Complaint:
    """The complaint with messages, promises, attachments and events in a fixed number
    of queries, whatever their number; 404 when the user may not see it."""
    loaded = (
        complaints_visible_to(user)
        .select_related(*ROW_RELATIONS)
        .prefetch_related(
            Prefetch("messages", queryset=Message.objects.select_related("author")),
            Prefetch("promises", queryset=Promise.objects.select_related("owner")),
            "deadlines",
            Prefetch("events", queryset=Event.objects.select_related("actor")),
            "attachments",
            "remedies",
            Prefetch("approvals", queryset=ApprovalRequest.objects.order_by("-id")),
        )
    )
    return _by_reference(loaded, reference)


def summary_of(complaint: Complaint) -> Complaint:
    """Reload with what a list row shows (customer, team, promises, deadlines), without a
    permission check: for answering the actor who just changed it."""
    return (
        Complaint.objects.select_related(*ROW_RELATIONS)
        .prefetch_related("promises", "deadlines")
        .get(pk=complaint.pk)
    )


def public_messages(complaint: Complaint) -> QuerySet[Message]:
    return complaint.messages.exclude(direction=Direction.INTERNAL).order_by("id")


def approvals_waiting_for(user: AnyUser) -> QuerySet[ApprovalRequest]:
    visible = complaints_visible_to(user)
    return (
        ApprovalRequest.objects.filter(status=ApprovalStatus.PENDING, complaint__in=visible)
        .select_related("complaint", "requested_by")
        .order_by("id")
    )


def open_complaints_count(user: AnyUser) -> int:
    return complaints_visible_to(user).filter(status__in=OPEN_STATUSES).count()


COUNT_CAP = 1000


def inbox_counts(user: AnyUser) -> dict[str, int]:
    """How many complaints each inbox view holds, counted up to COUNT_CAP.

    Each count stops at the cap (a LIMITed sub-select on an indexed filter),
    so the inbox stays fast with millions of complaints; the page shows
    "1000+" beyond it.
    """
    week_ago = timezone.now() - timedelta(days=7)
    visible = complaints_visible_to(user)
    open_ = visible.filter(status__in=OPEN_STATUSES)
    views = {
        "all": open_,
        "mine": open_.filter(assignee_id=user.pk),
        "teams": open_.filter(team_id__in=team_ids_of(user)),
        "unassigned": open_.filter(assignee__isnull=True),
        "waiting": visible.filter(status=Status.WAITING_CUSTOMER),
        "resolved": visible.filter(status=Status.RESOLVED, resolved_at__gte=week_ago),
    }
    return {name: qs.order_by()[:COUNT_CAP].count() for name, qs in views.items()}


def customer_history(user: AnyUser, complaint: Complaint, limit: int = 10) -> list[Complaint]:
    """The customer's other complaints this user may see, newest first, with outcomes."""
    return list(
        complaints_visible_to(user)
        .filter(customer_id=complaint.customer_id)
        .exclude(pk=complaint.pk)
        .only("reference", "subject", "status", "outcome", "created_at")
        .order_by("-id")[:limit]
    )


def others_present(complaint: Complaint, user: User, within_seconds: int = 30) -> list[Presence]:
    """Other staff who had the complaint open in the last seconds (collision notice)."""
    since = timezone.now() - timedelta(seconds=within_seconds)
    return list(
        Presence.objects.filter(complaint=complaint, seen_at__gte=since)
        .exclude(user_id=user.pk)
        .select_related("user")
        .order_by("user__username")
    )
