from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from complaintdesk.complaints.errors import TransitionNotAllowed
from complaintdesk.complaints.models import Complaint, Event
from complaintdesk.complaints.services import transition_complaint
from complaintdesk.complaints.states import TRANSITIONS, Status
from conftest import file_complaint


def test_every_status_has_its_transitions_listed() -> None:
    assert set(TRANSITIONS) == set(Status.values)


def test_creation_gives_a_reference_and_a_created_event(complaint: Complaint) -> None:
    assert complaint.reference.startswith("C-")
    assert complaint.status == Status.NEW
    kinds = list(complaint.events.values_list("kind", flat=True))
    assert kinds[0] == "created"


def test_illegal_transition_is_refused_with_allowed_ones(cast: Any, complaint: Complaint) -> None:
    with pytest.raises(TransitionNotAllowed) as caught:
        transition_complaint(complaint=complaint, to_status=Status.CLOSED, actor=cast["agent"])
    assert caught.value.allowed == (Status.ACKNOWLEDGED,)
    complaint.refresh_from_db()
    assert complaint.status == Status.NEW


def test_transition_writes_status_and_event(cast: Any, complaint: Complaint) -> None:
    transition_complaint(complaint=complaint, to_status=Status.ACKNOWLEDGED, actor=cast["agent"])
    complaint.refresh_from_db()
    assert complaint.status == Status.ACKNOWLEDGED
    assert complaint.acknowledged_at is not None
    event = complaint.events.filter(kind="status_changed").get()
    assert event.detail == {"from": "new", "to": "acknowledged", "reason": ""}
    assert event.actor == cast["agent"]


def test_stale_transition_loses_to_the_first_writer(cast: Any, complaint: Complaint) -> None:
    stale = Complaint.objects.get(pk=complaint.pk)
    transition_complaint(complaint=complaint, to_status=Status.ACKNOWLEDGED, actor=cast["agent"])
    transition_complaint(complaint=complaint, to_status=Status.IN_PROGRESS, actor=cast["agent"])
    # The stale copy still believes "new"; the acknowledged → in_progress change must not be lost.
    with pytest.raises(TransitionNotAllowed):
        transition_complaint(
            complaint=stale, to_status=Status.ACKNOWLEDGED, actor=cast["supervisor"]
        )
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS


@pytest.mark.django_db(transaction=True)
def test_two_agents_acting_at_once_never_lose_an_update(cast: Any) -> None:
    complaint = file_complaint()
    results: list[str] = []

    def act() -> None:
        try:
            transition_complaint(
                complaint=complaint, to_status=Status.ACKNOWLEDGED, actor=cast["agent"]
            )
            results.append("ok")
        except TransitionNotAllowed:
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=act) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1
    assert results.count("conflict") == 3
    assert Event.objects.filter(complaint=complaint, kind="status_changed").count() == 1


def test_events_are_append_only(complaint: Complaint) -> None:
    event = complaint.events.first()
    assert event is not None
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).update(kind="x")
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).delete()
