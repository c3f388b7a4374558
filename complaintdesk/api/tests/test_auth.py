"""Bearer tokens: who a token acts as, and when it stops working."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from complaintdesk.accounts.models import ApiToken
from complaintdesk.accounts.services import create_token
from complaintdesk.complaints.models import Complaint
from conftest import ApiClient

NEW = {
    "customer": {"name": "Eleni", "email": "eleni@example.com"},
    "channel": "email",
    "subject": "Η παραγγελία δεν ήρθε",
    "description": "Περιμένω δύο εβδομάδες.",
    "team": "billing",
}


def test_a_token_acts_as_its_staff_user(cast: dict[str, Any]) -> None:
    response = ApiClient(create_token(user=cast["agent"])).post("/complaints", NEW)
    assert response.status_code == 201
    created = Complaint.objects.get(reference=response.json()["reference"])
    assert created.events.get(kind="created").actor == cast["agent"]


def test_a_revoked_token_or_an_inactive_user_gets_401(cast: dict[str, Any]) -> None:
    revoked = create_token(user=cast["agent"])
    ApiToken.objects.filter(user=cast["agent"]).update(revoked_at=timezone.now())
    assert ApiClient(revoked).get("/complaints").status_code == 401
    inactive = create_token(user=cast["supervisor"])
    cast["supervisor"].is_active = False
    cast["supervisor"].save(update_fields=["is_active"])
    assert ApiClient(inactive).get("/complaints").status_code == 401
    assert Complaint.objects.count() == 0


def test_a_customer_token_cannot_act_as_staff(cast: dict[str, Any]) -> None:
    response = ApiClient(create_token(user=cast["alice_user"])).post("/complaints", NEW)
    assert response.status_code == 403
    assert Complaint.objects.count() == 0


def test_use_is_recorded_at_most_every_few_minutes(cast: dict[str, Any]) -> None:
    client = ApiClient(create_token(user=cast["manager"]))
    token = ApiToken.objects.get(user=cast["manager"])
    assert token.last_used_at is None
    client.get("/complaints")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/complaints")
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=6))
    client.get("/complaints")
    token.refresh_from_db()
    assert token.last_used_at > first
