"""The three ways to answer a complaint (DOMAIN.md §3), each its own service.

Each signature demands what its mode requires: a deferral cannot be called
without when the answer will come and how; a transfer not without a target
and a handover summary.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaintdesk.accounts.models import Team
from complaintdesk.accounts.roles import staff_profile
from complaintdesk.sla.models import Promise, PromiseKind
from complaintdesk.sla.promises import keep_open_promises, record_promise

from .errors import InvalidInput
from .events import Actor, acting_user, record_event
from .models import Complaint, Direction, Message
from .replies import send_reply
from .services import lock, move_to_in_progress, transition_complaint
from .states import Status


class UpdateChannel(models.TextChoices):
    """How progress on a deferred answer reaches the customer (DOMAIN.md §3)."""

    EMAIL = "email", gettext_lazy("email")
    PHONE = "phone", gettext_lazy("a phone call")
    SMS = "sms", gettext_lazy("text message")
    PORTAL = "portal", gettext_lazy("your complaint's page on our website")
    VISIT = "visit", gettext_lazy("a visit")


UPDATE_CHANNELS = tuple(UpdateChannel.values)
PASSED_AROUND_AFTER = 1  # one goodwill transfer is accepted; more is a defect (DOMAIN.md §3)


def answer_immediately(
    *, complaint: Complaint, actor: Actor, message: str, override_reason: str = ""
) -> Message:
    """Answer now: the facts are known and the handler has the authority."""
    with transaction.atomic():
        complaint = move_to_in_progress(complaint=lock(complaint), actor=actor)
        record_event(complaint, "answered_immediately", actor=actor)
        # Kept first: the reply is the answer, not an update owing another one.
        keep_open_promises(complaint=complaint, kind=PromiseKind.ANSWER, actor=actor)
        reply = send_reply(
            complaint=complaint, actor=actor, text=message, override_reason=override_reason
        )
    return reply


def defer_answer(
    *,
    complaint: Complaint,
    actor: Actor,
    message: str,
    answer_by: datetime,
    update_channel: str,
    override_reason: str = "",
) -> tuple[Message, Promise]:
    """Answer later: tell the customer when the answer will come and through which channel."""
    if update_channel not in UPDATE_CHANNELS:
        raise InvalidInput(
            "update_channel",
            _("Choose one of %(choices)s") % {"choices": ", ".join(UPDATE_CHANNELS)},
        )
    if answer_by <= timezone.now():
        raise InvalidInput("answer_by", _("The answer time must be in the future"))
    with transaction.atomic():
        complaint = move_to_in_progress(complaint=lock(complaint), actor=actor)
        owner = acting_user(actor)
        promise = record_promise(
            complaint=complaint,
            owner=owner,
            description=_("Answer to the complaint"),
            promised_at=answer_by,
            kind=PromiseKind.ANSWER,
            update_channel=update_channel,
            actor=actor,
        )
        record_event(
            complaint,
            "deferred",
            actor=actor,
            detail={
                "answer_by": answer_by.isoformat(),
                "update_channel": update_channel,
                "promise_id": promise.pk,
            },
        )
        reply = send_reply(
            complaint=complaint,
            actor=actor,
            text=message,
            notice_kind="deferral",
            notice_context={
                "promise": promise,
                "update_channel": UpdateChannel(update_channel).label,
            },
            override_reason=override_reason,
        )
    return reply, promise


def _transfer_target(
    complaint: Complaint, to_team: Team | None, to_user: User | None
) -> tuple[Team | None, User | None]:
    if to_team is None and to_user is None:
        raise InvalidInput("to_team", _("Name the team or the person taking the complaint over"))
    if to_user is not None:
        profile = staff_profile(to_user)
        if profile is None:
            raise InvalidInput("to_user", _("The complaint can only go to a member of staff"))
        if complaint.about_staff_id == to_user.pk:
            raise InvalidInput("to_user", _("The complaint is about this person"))
        if to_team is None:
            teams = list(profile.teams.all())
            to_team = complaint.team if complaint.team in teams else (teams[0] if teams else None)
    return to_team, to_user


def transfer_complaint(
    *,
    complaint: Complaint,
    actor: Actor,
    handover_summary: str,
    to_team: Team | None = None,
    to_user: User | None = None,
    message: str = "",
    override_reason: str = "",
) -> Complaint:
    """Hand the complaint over with a summary of what is known and done.

    The summary goes with the complaint as an internal note; its messages and
    attachments stay on it. A second transfer or later is flagged as
    "passed around".
    """
    if not handover_summary.strip():
        raise InvalidInput("handover_summary", _("Say what is known and what was done"))
    with transaction.atomic():
        complaint = lock(complaint)
        team, user = _transfer_target(complaint, to_team, to_user)
        if complaint.status == Status.NEW:
            complaint = transition_complaint(
                complaint=complaint, to_status=Status.ACKNOWLEDGED, actor=actor
            )
        source = {
            "team": complaint.team.slug if complaint.team else None,
            "user": complaint.assignee.get_username() if complaint.assignee else None,
        }
        complaint.team = team
        complaint.assignee = user
        complaint.transfer_count += 1
        complaint.version += 1
        complaint.updated_at = timezone.now()
        complaint.save(
            update_fields=["team", "assignee", "transfer_count", "version", "updated_at"]
        )
        note = Message.objects.create(
            complaint=complaint,
            direction=Direction.INTERNAL,
            channel=complaint.channel,
            text=handover_summary.strip(),
            author=acting_user(actor),
            created_at=complaint.updated_at,
        )
        record_event(
            complaint,
            "transferred",
            actor=actor,
            detail={
                "from": source,
                "to": {
                    "team": team.slug if team else None,
                    "user": user.get_username() if user else None,
                },
                "handover_summary": handover_summary.strip(),
                "handover_note_id": note.pk,
                "materials": {
                    "messages": complaint.messages.count(),
                    "attachments": list(complaint.attachments.values_list("id", flat=True)),
                },
                "transfer_count": complaint.transfer_count,
            },
        )
        if complaint.transfer_count > PASSED_AROUND_AFTER:
            record_event(
                complaint,
                "passed_around",
                label="system",
                detail={"transfer_count": complaint.transfer_count},
            )
        if message.strip():
            send_reply(
                complaint=complaint,
                actor=actor,
                text=message,
                notice_kind="transfer",
                notice_context={"team": team},
                override_reason=override_reason,
            )
    return complaint
