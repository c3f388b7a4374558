"""Writes to complaints: creation, the lifecycle, assignment, notes and customer messages.

Every function here runs in one transaction and appends at least one Event.
The three answer modes live in answering.py; resolution and approvals in resolution.py.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import Team
from complaintdesk.customers.services import find_or_create_customer
from complaintdesk.lib import rows
from complaintdesk.lib.language import detect_language
from complaintdesk.sla import deadlines as sla_deadlines
from complaintdesk.sla.escalation import propose_next_step
from complaintdesk.sla.models import Deadline

from . import search
from .errors import InvalidInput, TransitionNotAllowed
from .events import Actor, acting_user, new_event, record_event, record_events
from .models import Category, Channel, Complaint, Direction, Message, Presence, Priority
from .notices import queue_notice
from .states import PATH_TO_IN_PROGRESS, Status, allowed_transitions


@dataclass(frozen=True)
class CustomerInput:
    name: str = ""
    email: str = ""
    phone: str = ""
    external_id: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class ComplaintInput:
    customer: CustomerInput
    channel: str
    subject: str
    description: str
    expectation: str = ""
    category: str = ""
    product: str = ""
    order_ref: str = ""
    language: str = ""
    team: str = ""
    priority: str = Priority.NORMAL
    email_message_id: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _resolve_category_and_team(data: ComplaintInput) -> tuple[Category | None, Team | None]:
    category = None
    if data.category:
        category = rows.select_first(Category, "slug = %s", [data.category])
        if category is None:
            raise InvalidInput("category", f"Unknown category {data.category!r}")
    team = None
    if data.team:
        team = rows.select_first(Team, "slug = %s", [data.team])
        if team is None:
            raise InvalidInput("team", f"Unknown team {data.team!r}")
    elif category is not None and category.default_team_id:
        team = category.default_team
    return category, team


@dataclass(frozen=True)
class NewComplaint:
    complaint: Complaint
    clocks: list[Deadline]


def create_complaint(*, data: ComplaintInput, actor: Actor = None) -> Complaint:
    """Record a new complaint, queue the acknowledgement and index it for search."""
    return record_complaint(data=data, actor=actor).complaint


def record_complaint(*, data: ComplaintInput, actor: Actor = None) -> NewComplaint:
    """create_complaint, also handing back the clocks it started: for a caller that
    answers with them without reading them back."""
    if data.channel not in Channel.values:
        raise InvalidInput("channel", f"Unknown channel {data.channel!r}")
    if not (data.customer.email or data.customer.phone or data.customer.external_id):
        raise InvalidInput("customer", _("Give an email, a phone number or an external id"))
    language = data.language or detect_language(f"{data.subject}\n{data.description}")
    category, team = _resolve_category_and_team(data)
    with transaction.atomic():
        customer = find_or_create_customer(
            name=data.customer.name,
            email=data.customer.email,
            phone=data.customer.phone,
            external_id=data.customer.external_id,
            organisation=data.customer.organisation,
            language=language,
        )
        now = timezone.now()
        complaint = Complaint(
            id=rows.allocate_ids(Complaint, 1)[0],
            tracking_token=secrets.token_urlsafe(32),
            customer=customer,
            channel=data.channel,
            subject=data.subject.strip()[:300],
            description=data.description.strip(),
            expectation=data.expectation.strip(),
            category=category,
            product=data.product,
            order_ref=data.order_ref,
            language=language,
            priority=data.priority,
            email_message_id=data.email_message_id[:255],
            team=team,
            created_at=now,
            updated_at=now,
        )
        complaint.reference = f"C-{now.year}-{complaint.pk:06d}"
        rows.insert([complaint])
        events = [
            new_event(
                complaint,
                "created",
                actor=actor,
                label=None if actor else "customer",
                at=now,
                detail={
                    "channel": data.channel,
                    "subject": complaint.subject,
                    "description": complaint.description,
                    "expectation": complaint.expectation,
                    "team": team.slug if team else None,
                    **data.extra,
                },
            )
        ]
        clocks = sla_deadlines.start_clocks(complaint=complaint, at=now, events=events)
        if queue_notice(complaint, "acknowledgement"):
            events.append(
                new_event(
                    complaint, "notice_queued", label="system", detail={"kind": "acknowledgement"}
                )
            )
        record_events(events)
        search.index_complaint(complaint)
    return NewComplaint(complaint, clocks)


def lock(complaint: Complaint) -> Complaint:
    """Re-read the complaint under a row lock for the rest of the transaction."""
    return Complaint.objects.select_for_update().select_related("customer").get(pk=complaint.pk)


def transition_complaint(
    *, complaint: Complaint, to_status: str, actor: Actor, reason: str = ""
) -> Complaint:
    """The one way a status changes: checked against TRANSITIONS, written with compare-and-swap.

    The UPDATE only matches while the status is still the one we checked, so
    of two agents acting at once, one wins and the other gets the 409.
    """
    with transaction.atomic():
        current = Complaint.objects.filter(pk=complaint.pk).values_list("status", flat=True).get()
        if to_status not in allowed_transitions(current):
            raise TransitionNotAllowed(current, to_status, allowed_transitions(current))
        now = timezone.now()
        stamps = {
            Status.ACKNOWLEDGED: "acknowledged_at",
            Status.RESOLVED: "resolved_at",
            Status.CLOSED: "closed_at",
        }
        extra = {stamps[Status(to_status)]: now} if to_status in stamps else {}
        updated = Complaint.objects.filter(pk=complaint.pk, status=current).update(
            status=to_status, version=F("version") + 1, updated_at=now, **extra
        )
        if updated != 1:
            fresh = Complaint.objects.filter(pk=complaint.pk).values_list("status", flat=True).get()
            raise TransitionNotAllowed(fresh, to_status, allowed_transitions(fresh))
        record_event(
            complaint,
            "status_changed",
            actor=actor,
            at=now,
            detail={"from": current, "to": to_status, "reason": reason},
        )
        sla_deadlines.on_status_changed(
            complaint=complaint, from_status=current, to_status=to_status, at=now
        )
    complaint.refresh_from_db()
    return complaint


def move_to_in_progress(*, complaint: Complaint, actor: Actor) -> Complaint:
    """Walk new/acknowledged/waiting/reopened forward to in_progress, one recorded step each."""
    for step in PATH_TO_IN_PROGRESS.get(complaint.status, ()):
        complaint = transition_complaint(complaint=complaint, to_status=step, actor=actor)
    return complaint


def acknowledge_complaint(*, complaint: Complaint, actor: Actor) -> Complaint:
    return transition_complaint(complaint=complaint, to_status=Status.ACKNOWLEDGED, actor=actor)


def assign_complaint(*, complaint: Complaint, actor: Actor, assignee: User | None) -> Complaint:
    with transaction.atomic():
        complaint = lock(complaint)
        previous = complaint.assignee.get_username() if complaint.assignee else None
        complaint.assignee = assignee
        complaint.updated_at = timezone.now()
        complaint.version += 1
        complaint.save(update_fields=["assignee", "updated_at", "version"])
        record_event(
            complaint,
            "assigned",
            actor=actor,
            detail={"from": previous, "to": assignee.get_username() if assignee else None},
        )
    return complaint


def add_internal_note(*, complaint: Complaint, actor: Actor, text: str) -> Message:
    if not text.strip():
        raise InvalidInput("text", _("An internal note cannot be empty"))
    with transaction.atomic():
        complaint = lock(complaint)
        note = Message.objects.create(
            complaint=complaint,
            direction=Direction.INTERNAL,
            channel=complaint.channel,
            text=text.strip(),
            author=acting_user(actor),
            created_at=timezone.now(),
        )
        record_event(complaint, "note_added", actor=actor, detail={"message_id": note.pk})
    return note


def receive_customer_message(
    *,
    complaint: Complaint,
    text: str,
    channel: str,
    html: str = "",
    quoted_text: str = "",
    email_message_id: str = "",
) -> Message:
    """A message from the customer: waiting → in progress; resolved/closed → reopened."""
    if not text.strip() and not html:
        raise InvalidInput("text", _("The message is empty"))
    with transaction.atomic():
        complaint = lock(complaint)
        message = Message.objects.create(
            complaint=complaint,
            direction=Direction.INBOUND,
            channel=channel,
            text=text.strip(),
            html=html,
            quoted_text=quoted_text,
            email_message_id=email_message_id,
            created_at=timezone.now(),
        )
        record_event(
            complaint,
            "customer_message",
            label="customer",
            detail={"message_id": message.pk, "channel": channel, "text": text.strip()[:2000]},
        )
        if complaint.status == Status.WAITING_CUSTOMER:
            transition_complaint(complaint=complaint, to_status=Status.IN_PROGRESS, actor=None)
        elif complaint.status in (Status.RESOLVED, Status.CLOSED):
            transition_complaint(
                complaint=complaint,
                to_status=Status.REOPENED,
                actor=None,
                reason="customer wrote again",
            )
            # Writing again after the resolution: the customer is not satisfied yet.
            propose_next_step(complaint=complaint, cause="reopened", label="system")
        search.index_message(message)
    return message


# A rating this low rejects the resolution: the next escalation step is proposed.
DISSATISFIED_RATING = 2


def rate_resolution(*, complaint: Complaint, rating: int, comment: str = "") -> Complaint:
    """The customer's answer to "did we solve it? how could we do better?"."""
    if not 1 <= rating <= 5:
        raise InvalidInput("rating", _("Choose a rating from 1 to 5"))
    if complaint.status not in (Status.RESOLVED, Status.CLOSED):
        raise InvalidInput("rating", _("Only a resolved complaint can be rated"))
    with transaction.atomic():
        complaint = lock(complaint)
        complaint.satisfaction_rating = rating
        complaint.satisfaction_comment = comment.strip()
        complaint.save(update_fields=["satisfaction_rating", "satisfaction_comment"])
        record_event(
            complaint,
            "customer_rated",
            label="customer",
            detail={"rating": rating, "comment": comment.strip()},
        )
        if rating <= DISSATISFIED_RATING:
            propose_next_step(complaint=complaint, cause="rated_low", label="system")
    return complaint


BULK_ACTIONS = ("assign_to_me", "acknowledge", "close")


def bulk_update_complaints(*, complaints: list[Complaint], actor: User, action: str) -> int:
    """Apply one action to many complaints in one transaction; each gets its own events.

    A complaint whose lifecycle forbids the action is left as it is (and not
    counted), so one closed complaint does not block closing the rest.
    """
    if action not in BULK_ACTIONS:
        raise InvalidInput("action", f"Choose one of {', '.join(BULK_ACTIONS)}")
    done = 0
    with transaction.atomic():
        for complaint in complaints:
            if action == "assign_to_me":
                assign_complaint(complaint=complaint, actor=actor, assignee=actor)
            else:
                target = Status.ACKNOWLEDGED if action == "acknowledge" else Status.CLOSED
                if target not in allowed_transitions(complaint.status):
                    continue
                transition_complaint(complaint=complaint, to_status=target, actor=actor)
            done += 1
    return done


def mark_presence(*, complaint: Complaint, user: User, replying: bool) -> None:
    """Record that `user` has the complaint open (not an event: it changes nothing)."""
    Presence.objects.update_or_create(
        complaint=complaint,
        user=user,
        defaults={"seen_at": timezone.now(), "replying": replying},
    )
