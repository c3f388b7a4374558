"""Seeding a benchmark database: the staff cast, then N complaints in bulk.

Complaints carry real text (see corpus.py) in English, Simplified and Traditional
Chinese and Greek, 0-3 messages each and their events, written through the same
batch writer as the CSV import. Seeding is resumable: it tops up to N.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore

from complaintdesk.accounts.models import Role, Team
from complaintdesk.accounts.services import create_staff, create_token
from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.csvimport.bulk import ComplaintRecord, MessageRecord, write_batch
from complaintdesk.lib.searchtext import index_text

from .corpus import Texts

TEAMS = ("billing", "delivery", "support")
MANAGER = "bench-manager"
BATCH = 2000
_STATUSES = ["new", "acknowledged", "in_progress", "waiting_customer", "resolved", "closed"]
_STATUS_WEIGHTS = [10, 10, 25, 10, 15, 30]
_REPLIES = {
    "en": "Thank you for telling us. We are looking into it and will write again by Friday.",
    "zh-hans": "感谢您的反馈，我们正在处理，周五前会再联系您。",
    "zh-hant": "感謝您的回饋，我們正在處理，週五前會再聯絡您。",
    "el": "Ευχαριστούμε που μας ενημερώσατε. Θα σας γράψουμε ξανά ως την Παρασκευή.",
}


@dataclass(frozen=True)
class Cast:
    token: str
    session_key: str


def ensure_cast() -> Cast:
    """Teams, a manager (sees everything) with a fresh token and a logged-in session."""
    for slug in TEAMS:
        Team.objects.get_or_create(slug=slug, defaults={"name": slug.title()})
    manager = User.objects.filter(username=MANAGER).first()
    if manager is None:
        manager = create_staff(
            username=MANAGER, password=secrets.token_urlsafe(16), role=Role.MANAGER
        )
    session = SessionStore()
    session[SESSION_KEY] = str(manager.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = manager.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return Cast(token=create_token(user=manager, name="bench"), session_key=session.session_key)


class RecordMaker:
    """Deterministic pseudo-random complaints over the corpora."""

    def __init__(self, texts: Texts, size: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.pools = [
            ("en", texts.en, 6),
            ("zh-hans", texts.zh_hans, 1),
            ("zh-hant", texts.zh_hant, 1),
            ("el", texts.el, 2),
        ]
        self.customers = max(1, size // 3)
        self.teams = dict(Team.objects.filter(slug__in=TEAMS).values_list("slug", "id"))
        self.now = datetime.now(tz=UTC)

    def _pool(self) -> tuple[str, list[tuple[str, str]]]:
        language, pool, _w = self.rng.choices(self.pools, [w for *_r, w in self.pools])[0]
        return language, pool

    def make(self) -> ComplaintRecord:
        rng = self.rng
        language, pool = self._pool()
        subject, description = rng.choice(pool)
        created = self.now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        k = rng.randrange(self.customers)
        messages = []
        for step in range(rng.choice((0, 1, 1, 2, 3))):
            at = created + timedelta(hours=step + 1)
            if step % 2 == 0:
                messages.append(MessageRecord("outbound", _REPLIES[language], at))
            else:
                messages.append(MessageRecord("inbound", rng.choice(pool)[1], at))
        return ComplaintRecord(
            subject=subject,
            description=description,
            channel=rng.choice(("web", "email", "phone", "api")),
            created_at=created,
            language=language,
            status=rng.choices(_STATUSES, _STATUS_WEIGHTS)[0],
            team_id=self.teams[rng.choice(TEAMS)],
            customer_name=f"Customer {k}",
            customer_email=f"customer{k}@example.com",
            messages=messages,
        )


def seed(size: int, texts: Texts, progress: Callable[[int], object] = lambda n: None) -> int:
    """Top the database up to `size` complaints; returns how many were added."""
    have = Complaint.objects.count()
    missing = max(0, size - have)
    maker = RecordMaker(texts, size, seed=have)
    # Corpus texts repeat across complaints: tokenise each once.
    tokenise = lru_cache(maxsize=200_000)(index_text)
    done = 0
    while done < missing:
        count = min(BATCH, missing - done)
        write_batch([maker.make() for _ in range(count)], label="customer", tokenise=tokenise)
        done += count
        progress(count)
    return done
