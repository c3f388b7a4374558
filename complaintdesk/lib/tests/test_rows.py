"""rows.insert stores exactly what Model.save() stores, in one statement."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext_lazy

from complaintdesk.accounts.models import Team
from complaintdesk.complaints.models import Event
from complaintdesk.customers.models import Customer
from complaintdesk.lib import rows
from complaintdesk.sla.models import SlaPolicy
from complaintdesk.worker.models import OutboxMessage
from conftest import file_complaint


def _stored(model: Any, pk: int) -> dict[str, Any]:
    values: dict[str, Any] = model.objects.filter(pk=pk).values().get()
    values.pop("id")
    return values


def test_insert_stores_what_save_stores_and_gives_ids(cast: dict[str, Any]) -> None:
    complaint = file_complaint()
    at = timezone.now()

    def event() -> Event:
        detail = {"subject": "Η οθόνη έσπασε", "amount": 12.5, "tags": ["退款"]}
        return Event(complaint=complaint, kind="note", actor=cast["agent"], detail=detail, at=at)

    saved = event()
    saved.save()
    fast = [event(), event()]
    with CaptureQueriesContext(connection) as queries:
        rows.insert(fast)
    assert len(queries) == 1
    assert all(e.pk and not e._state.adding for e in fast)
    assert fast[0].pk < fast[1].pk
    assert _stored(Event, fast[0].pk) == _stored(Event, fast[1].pk) == _stored(Event, saved.pk)


def test_insert_fills_defaults_and_keeps_allocated_ids(cast: dict[str, Any]) -> None:
    complaint = file_complaint()
    now = timezone.now()
    fields = {
        "kind": "reply",
        "to_address": "a@example.com",
        "subject": "Re",
        "body_text": "Hello",
        "complaint_id": complaint.pk,
        "next_attempt_at": now,
        "created_at": now,
    }
    saved = OutboxMessage.objects.create(message_id="one@x", **fields)
    [pk] = rows.allocate_ids(OutboxMessage, 1)
    fast = OutboxMessage(id=pk, message_id="one@x-2", **fields)
    rows.insert([fast])
    assert fast.pk == pk
    stored, expected = _stored(OutboxMessage, pk), _stored(OutboxMessage, saved.pk)
    assert stored.pop("message_id") == "one@x-2"
    expected.pop("message_id")
    assert stored == expected


def test_insert_converts_values_that_are_not_plain(cast: dict[str, Any]) -> None:
    # Plain strings and numbers go in as they are; anything else as save() converts it.
    name: Any = gettext_lazy("Billing")
    team = Team(slug="lazy", name=name)
    rows.insert([team])
    assert Team.objects.values_list("name", flat=True).get(pk=team.pk) == "Billing"


def _fields(instance: Any) -> dict[str, Any]:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_select_reads_what_the_orm_reads_in_the_models_order(cast: dict[str, Any]) -> None:
    file_complaint("zoe@example.com")
    file_complaint("Ann@Example.com")
    SlaPolicy.objects.create(name="Urgent", order=10, priority="urgent", targets={"*": {}})
    SlaPolicy.objects.create(name="Retired", order=5, active=False)
    cases: list[tuple[Any, str, list[Any], Any]] = [
        (SlaPolicy, "active = %s", [True], SlaPolicy.objects.filter(active=True)),
        (Team, "slug <> %s", ["none"], Team.objects.all()),
        (Customer, "lower(email) LIKE %s", ["%example.com"], Customer.objects.order_by("pk")),
    ]
    for model, where, params, orm in cases:
        expected = [_fields(x) for x in orm]
        assert len(expected) >= 2, model
        assert [_fields(x) for x in rows.select(model, where, params)] == expected
        assert _fields(rows.select_first(model, where, params)) == expected[0]
    assert rows.select_first(Team, "slug = %s", ["nobody"]) is None
