"""`complaintdesk demo`: teams, staff of every role, categories and ~200 complaints."""

from __future__ import annotations

import contextlib
import itertools
import random
import secrets
import tomllib
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from complaintdesk.accounts.authority import RemedyRequest
from complaintdesk.accounts.models import AuthorityScope, Role, Team
from complaintdesk.accounts.services import create_staff
from complaintdesk.complaints import answering, resolution, services
from complaintdesk.complaints.errors import NeedsApproval
from complaintdesk.complaints.models import Category, Complaint
from complaintdesk.complaints.services import ComplaintInput, CustomerInput
from complaintdesk.complaints.states import Status

DATA = tomllib.loads((Path(__file__).resolve().parents[2] / "demo_data.toml").read_text("utf-8"))

TEAMS = {
    "billing": "Billing",
    "delivery": "Delivery",
    "service": "Field service",
    "quality": "Product quality",
}
CATEGORIES = {
    "billing": (
        "Billing and refunds",
        "账单与退款",
        "帳單與退款",
        "Χρεώσεις και επιστροφές",
        "billing",
    ),
    "delivery": ("Delivery", "配送", "配送", "Παράδοση", "delivery"),
    "service": ("Service and staff", "服务与人员", "服務與人員", "Εξυπηρέτηση", "service"),
    "product-quality": ("Product quality", "产品质量", "產品品質", "Ποιότητα προϊόντος", "quality"),
}
STAFF = [
    ("agent", Role.AGENT, ["billing", "delivery"]),
    ("agent2", Role.AGENT, ["service", "quality"]),
    ("supervisor", Role.SUPERVISOR, list(TEAMS)),
    ("manager", Role.MANAGER, []),
    ("admin", Role.ADMIN, []),
]
CUSTOMERS = {
    "en": [("Emma Clarke", "emma@example.com"), ("James Patel", "james@example.com")],
    "zh-hans": [("李伟", "liwei@example.cn"), ("王芳", "wangfang@example.cn")],
    "zh-hant": [("陳志明", "chen@example.tw"), ("林美玲", "lin@example.hk")],
    "el": [("Γιώργος Παπαδόπουλος", "giorgos@example.gr"), ("Μαρία Νικολάου", "maria@example.gr")],
}
# The path each demo complaint takes, cycled so every status is represented.
STORIES = [
    "new",
    "acknowledged",
    "answered",
    "deferred",
    "waiting",
    "transferred",
    "transferred_twice",
    "resolved",
    "needs_approval",
    "closed",
    "reopened",
]


class Command(BaseCommand):
    help = "Load demo data: teams, staff of every role (passwords printed), ~200 complaints."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--complaints", type=int, default=200)
        parser.add_argument("--password", default="", help="One password for every demo user")

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or secrets.token_urlsafe(9)
        self._setup_organisation()
        users = self._setup_staff(password)
        if Complaint.objects.exists():
            self.stdout.write("Demo complaints already exist; passwords were reset.")
        else:
            self._complaints(options["complaints"], users)
        self.stdout.write(
            self.style.SUCCESS("Demo logins (http://127.0.0.1:8000/accounts/login/):")
        )
        for username, role, _teams in STAFF:
            self.stdout.write(f"  {role:<10} {username:<11} password: {password}")

    def _setup_organisation(self) -> None:
        for slug, name in TEAMS.items():
            Team.objects.get_or_create(slug=slug, defaults={"name": name})
        for slug, (en, hans, hant, el, team) in CATEGORIES.items():
            Category.objects.get_or_create(
                slug=slug,
                defaults={
                    "name_en": en,
                    "name_zh_hans": hans,
                    "name_zh_hant": hant,
                    "name_el": el,
                    "default_team": Team.objects.get(slug=team),
                },
            )
        AuthorityScope.objects.get_or_create(
            role=Role.AGENT,
            team=None,
            defaults={
                "remedy_kinds": ["apology", "repair", "replacement", "refund"],
                "max_amount": Decimal("50"),
                "currency": "EUR",
            },
        )
        AuthorityScope.objects.get_or_create(
            role=Role.SUPERVISOR,
            team=None,
            defaults={
                "remedy_kinds": [
                    "apology",
                    "repair",
                    "replacement",
                    "refund",
                    "voucher",
                    "gift",
                    "other",
                ],
                "max_amount": Decimal("500"),
                "currency": "EUR",
            },
        )

    def _setup_staff(self, password: str) -> dict[str, Any]:
        User = get_user_model()
        users = {}
        for username, role, teams in STAFF:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = create_staff(
                    username=username,
                    password=password,
                    role=role,
                    teams=teams,
                    email=f"{username}@complaintdesk.localhost",
                )
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            users[username] = user
        return users

    def _complaints(self, count: int, users: dict[str, Any]) -> None:
        rng = random.Random(2026)  # the same demo every time
        templates = itertools.cycle(DATA["complaint"])
        stories = itertools.cycle(STORIES)
        for index in range(count):
            template = next(templates)
            name, email = rng.choice(CUSTOMERS[template["language"]])
            local, domain = email.split("@")
            complaint = services.create_complaint(
                data=ComplaintInput(
                    customer=CustomerInput(name=name, email=f"{local}+{index % 7}@{domain}"),
                    channel=rng.choice(["email", "web", "phone", "api"]),
                    subject=template["subject"],
                    description=template["description"],
                    expectation=template["expectation"],
                    category=template["category"],
                    language=template["language"],
                    priority=rng.choice(["low", "normal", "normal", "high"]),
                )
            )
            self._tell_story(complaint, next(stories), users)

    def _tell_story(self, complaint: Complaint, story: str, users: dict[str, Any]) -> None:
        agent, supervisor = users["agent"], users["supervisor"]
        reply = DATA["replies"][complaint.language]
        if story == "new":
            return
        if story == "acknowledged":
            services.acknowledge_complaint(complaint=complaint, actor=agent)
        elif story in ("answered", "waiting"):
            answering.answer_immediately(complaint=complaint, actor=agent, message=reply)
            if story == "waiting":
                services.transition_complaint(
                    complaint=complaint, actor=agent, to_status=Status.WAITING_CUSTOMER
                )
        elif story == "deferred":
            answering.defer_answer(
                complaint=complaint,
                actor=agent,
                message=DATA["deferrals"][complaint.language],
                answer_by=timezone.now() + timedelta(days=2),
                update_channel="email",
            )
        elif story.startswith("transferred"):
            for team in ["quality", "service"][: 2 if story == "transferred_twice" else 1]:
                answering.transfer_complaint(
                    complaint=complaint,
                    actor=agent if team == "quality" else supervisor,
                    to_team=Team.objects.get(slug=team),
                    handover_summary="Customer details checked; needs the specialists' view.",
                )
        else:
            self._resolve(complaint, story, agent, supervisor, reply)

    def _resolve(
        self, complaint: Complaint, story: str, agent: Any, supervisor: Any, reply: str
    ) -> None:
        answering.answer_immediately(complaint=complaint, actor=supervisor, message=reply)
        if story == "needs_approval":
            with contextlib.suppress(NeedsApproval):
                resolution.resolve_complaint(
                    complaint=complaint,
                    actor=agent,
                    summary="Full refund and a voucher.",
                    remedies=[RemedyRequest("refund", Decimal("180"), "EUR")],
                )
            return
        resolution.resolve_complaint(
            complaint=complaint,
            actor=supervisor,
            summary=reply,
            remedies=[RemedyRequest("apology"), RemedyRequest("voucher", Decimal("10"), "EUR")],
        )
        if story in ("closed", "reopened"):
            services.transition_complaint(
                complaint=complaint, actor=supervisor, to_status=Status.CLOSED
            )
        if story == "reopened":
            services.receive_customer_message(
                complaint=complaint, channel="email", text="This happened again with my next order."
            )
