"""The fixed cast every test uses: two teams, staff of each role, an outsider, two customers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from complaintdesk.accounts.models import AuthorityScope, RemedyKind, Role, Team
from complaintdesk.accounts.services import create_staff, create_token
from complaintdesk.complaints.services import ComplaintInput, CustomerInput, create_complaint
from complaintdesk.customers.models import Customer
from complaintdesk.intake.tests.mailservers import SmtpInbox, smtp_server

PASSWORD = "correct-horse-battery"


class ApiClient:
    """A JSON client that authenticates with a bearer token."""

    def __init__(self, token: str) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(body or {}),
            content_type="application/json",
            headers={**self.headers, **headers},
        )


@pytest.fixture
def smtp() -> Iterator[SmtpInbox]:
    """A real SMTP server on loopback, with Django's mail pointed at it."""
    with (
        smtp_server() as inbox,
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=inbox.port,
        ),
    ):
        yield inbox


@pytest.fixture
def teams(db: None) -> dict[str, Team]:
    return {
        "billing": Team.objects.create(slug="billing", name="Billing"),
        "delivery": Team.objects.create(slug="delivery", name="Delivery"),
    }


@pytest.fixture
def cast(teams: dict[str, Team]) -> dict[str, Any]:
    agent = create_staff(
        username="agent",
        password=PASSWORD,
        role=Role.AGENT,
        teams=["billing"],
        remedy_kinds=["apology", "refund", "replacement"],
        max_amount=Decimal("50"),
        currency="EUR",
    )
    supervisor = create_staff(
        username="supervisor", password=PASSWORD, role=Role.SUPERVISOR, teams=["billing"]
    )
    AuthorityScope.objects.create(
        role=Role.SUPERVISOR,
        remedy_kinds=["apology", "refund", "voucher", "replacement", "repair", "gift"],
        max_amount=Decimal("500"),
        currency="EUR",
    )
    AuthorityScope.objects.create(
        role=Role.MANAGER,
        remedy_kinds=[k for k, _label in RemedyKind.choices],
        max_amount=Decimal("5000"),
        currency="EUR",
    )
    outsider = create_staff(
        username="outsider", password=PASSWORD, role=Role.AGENT, teams=["delivery"]
    )
    other_supervisor = create_staff(
        username="delivery_lead", password=PASSWORD, role=Role.SUPERVISOR, teams=["delivery"]
    )
    manager = create_staff(username="manager", password=PASSWORD, role=Role.MANAGER)
    admin = create_staff(username="admin", password=PASSWORD, role=Role.ADMIN)
    User = get_user_model()
    alice_user = User.objects.create_user(username="alice", password=PASSWORD)
    bob_user = User.objects.create_user(username="bob", password=PASSWORD)
    alice = Customer.objects.create(name="Alice", email="alice@example.com", user=alice_user)
    bob = Customer.objects.create(name="Bob", email="bob@example.com", user=bob_user)
    return {
        "agent": agent,
        "supervisor": supervisor,
        "outsider": outsider,
        "other_supervisor": other_supervisor,
        "manager": manager,
        "admin": admin,
        "alice": alice,
        "bob": bob,
        "alice_user": alice_user,
        "bob_user": bob_user,
        "teams": teams,
    }


@pytest.fixture
def api(cast: dict[str, Any]) -> dict[str, ApiClient]:
    """A token client per member of the cast, by name."""
    names = [
        "agent",
        "supervisor",
        "outsider",
        "other_supervisor",
        "manager",
        "admin",
        "alice_user",
        "bob_user",
    ]
    return {name: ApiClient(create_token(user=cast[name])) for name in names}


def file_complaint(email: str = "alice@example.com", team: str = "billing", **extra: Any) -> Any:
    data = {
        "customer": CustomerInput(name=email.split("@")[0].title(), email=email),
        "channel": "email",
        "subject": "Wrong colour delivered",
        "description": "I ordered a blue widget and got a red one. I need it for Friday.",
        "team": team,
        **extra,
    }
    return create_complaint(data=ComplaintInput(**data))


@pytest.fixture
def complaint(cast: dict[str, Any]) -> Any:
    return file_complaint()
