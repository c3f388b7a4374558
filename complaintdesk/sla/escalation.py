"""The escalation ladder, the "three changes" (DOMAIN.md §6).

Level 1 changes the person (a more senior handler, never the employee the
complaint is about nor the current handler), level 2 the place or channel,
level 3 the time: a meeting with a still higher supervisor, itself a promise.
Steps are taken in order; each is an event and a customer notice.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import Role
from complaintdesk.accounts.roles import staff_profile
from complaintdesk.complaints.errors import InvalidInput
from complaintdesk.complaints.events import Actor, acting_user, record_event
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.notices import queue_notice

from .models import Promise, PromiseKind
from .promises import record_promise

STEPS = {"change_person": 1, "change_place": 2, "change_time": 3}
NEXT_STEP = {level - 1: step for step, level in STEPS.items()}
ROLE_RANK = {Role.AGENT: 1, Role.SUPERVISOR: 2, Role.MANAGER: 3, Role.ADMIN: 4}


def seniority_of(user: User | None) -> tuple[int, int]:
    """(role rank, seniority): the order of the ladder. Non-staff rank lowest."""
    profile = staff_profile(user)
    if profile is None:
        return (0, 0)
    return (ROLE_RANK.get(Role(profile.role), 0), profile.seniority)


def more_senior_staff(complaint: Complaint, above: User | None) -> list[User]:
    """Staff of the complaint's team (managers and admins anywhere) senior to ``above``,
    least senior first, excluding the employee complained about and the handler."""
    floor = seniority_of(above)
    excluded = {complaint.about_staff_id, complaint.assignee_id, above.pk if above else None}
    candidates = User.objects.filter(is_active=True, staff__isnull=False).select_related("staff")
    in_team = (
        candidates.filter(staff__teams=complaint.team_id)
        if complaint.team_id
        else candidates.none()
    )
    pool = {
        u.pk: u for u in [*in_team, *candidates.filter(staff__role__in=[Role.MANAGER, Role.ADMIN])]
    }
    senior = [u for u in pool.values() if u.pk not in excluded and seniority_of(u) > floor]
    return sorted(senior, key=lambda u: (seniority_of(u), u.pk))


def _senior_person(complaint: Complaint, chosen: User | None, above: User | None) -> User:
    """The named person if allowed, else the least senior one who is more senior."""
    if chosen is None:
        found = more_senior_staff(complaint, above)
        if not found:
            raise InvalidInput("to_user", "Nobody more senior is available; name someone")
        return found[0]
    if chosen.pk == complaint.about_staff_id:
        raise InvalidInput("to_user", "The complaint is about this person")
    if chosen.pk == complaint.assignee_id:
        raise InvalidInput("to_user", "This person already handles the complaint")
    if staff_profile(chosen) is None or seniority_of(chosen) <= seniority_of(above):
        raise InvalidInput("to_user", "Escalate to someone more senior")
    return chosen


def _check_step(
    complaint: Complaint, step: str, reason: str, place: str, meeting_at: datetime | None
) -> int:
    if step not in STEPS:
        raise InvalidInput("step", f"Choose one of {', '.join(STEPS)}")
    if not reason.strip():
        raise InvalidInput("reason", "Say why the complaint is escalated")
    level = STEPS[step]
    if level > complaint.escalation_level + 1:
        expected = NEXT_STEP[complaint.escalation_level]
        raise InvalidInput("step", f"Take the ladder in order: the next step is {expected}")
    if step == "change_place" and not place.strip():
        raise InvalidInput("place", "Say where or through which channel the talk moves")
    if step == "change_time" and (meeting_at is None or meeting_at <= timezone.now()):
        raise InvalidInput("meeting_at", "Give a future time for the meeting")
    return level


def _book_meeting(complaint: Complaint, actor: Actor, host: User, meeting_at: datetime) -> Promise:
    """Level 3: the meeting with a still higher supervisor is itself a promise."""
    return record_promise(
        complaint=complaint,
        owner=host,
        description=_("Meeting with %(name)s")
        % {"name": host.get_full_name() or host.get_username()},
        promised_at=meeting_at,
        kind=PromiseKind.MEETING,
        actor=actor,
    )


def escalate_complaint(
    *,
    complaint: Complaint,
    actor: Actor,
    step: str,
    reason: str,
    to_user: User | None = None,
    place: str = "",
    meeting_at: datetime | None = None,
) -> tuple[Complaint, Promise | None]:
    """Take one step of the ladder; returns the complaint and, for a meeting, its promise.

    Raises InvalidInput (nothing written) for an unknown or skipped step, a
    missing reason, place or meeting time, or a person the rules forbid.
    """
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("customer", "team", "assignee")
            .get(pk=complaint.pk)
        )
        level = _check_step(complaint, step, reason, place, meeting_at)
        handler = complaint.assignee or acting_user(actor)
        promise = None
        person = None if step == "change_place" else _senior_person(complaint, to_user, handler)
        if step == "change_person":
            complaint.assignee = person
        if step == "change_time":
            assert meeting_at is not None
            assert person is not None
            promise = _book_meeting(complaint, actor, person, meeting_at)
        complaint.escalation_level = max(complaint.escalation_level, level)
        complaint.version += 1
        complaint.updated_at = timezone.now()
        complaint.save(update_fields=["assignee", "escalation_level", "version", "updated_at"])
        _record_step(complaint, actor, step, reason, person, place, promise)
    return complaint, promise


def _record_step(
    complaint: Complaint,
    actor: Actor,
    step: str,
    reason: str,
    person: User | None,
    place: str,
    promise: Promise | None,
) -> None:
    record_event(
        complaint,
        "escalated",
        actor=actor,
        detail={
            "step": step,
            "level": STEPS[step],
            "reason": reason.strip(),
            "to_user": person.get_username() if person else None,
            "place": place.strip(),
            "meeting_at": promise.promised_at.isoformat() if promise else None,
            "promise_id": promise.pk if promise else None,
        },
    )
    context = {
        "step": step,
        "person": (person.get_full_name() or person.get_username()) if person else "",
        "place": place.strip(),
        "meeting_at": promise.promised_at if promise else None,
    }
    if queue_notice(complaint, "escalation", context=context):
        record_event(complaint, "notice_queued", label="system", detail={"kind": "escalation"})


def propose_next_step(*, complaint: Complaint, cause: str, label: str = "worker") -> str | None:
    """Record that the ladder's next step is due (a breach, a broken promise, a rejected
    resolution); a person decides. Returns the proposed step, None at the top."""
    step = NEXT_STEP.get(complaint.escalation_level)
    if step is not None:
        detail = {"step": step, "cause": cause}
        record_event(complaint, "escalation_proposed", label=label, detail=detail)
    return step
