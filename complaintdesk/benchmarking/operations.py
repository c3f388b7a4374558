"""What the bench measures: each operation as an HTTP request maker plus its query count.

Queries per request are counted by running one request in-process through
django.test.Client under CaptureQueriesContext, on the same database.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from complaintdesk.complaints.models import Complaint

from .corpus import Texts
from .load import Request
from .seed import TEAMS, Cast

SEARCHES = {
    "search_en": ["credit report", "identity theft", "refund", "late fee"],
    "search_zh": ["房间", "房間", "送餐", "贵", "服務"],
    "search_el": ["μπαταρια", "οθόνη", "ΟΘΟΝΗ", "παραγγελία"],
}
# What an agent of one team searches: every query above, within the team's complaints.
FILTERED_SEARCH = {"team": "billing"}
REPLY = "We are sorry. We will refund you by Friday and send a replacement next week."


@dataclass(frozen=True)
class Operation:
    name: str
    make: Callable[[int], Request]
    expect: int


def sample_references(count: int = 500) -> list[str]:
    """References of complaints spread over the whole id range (no ORDER BY random())."""
    ids = list(Complaint.objects.order_by("id").values_list("id", flat=True)[:1])
    last = Complaint.objects.order_by("-id").values_list("id", flat=True).first()
    if not ids or last is None:
        return []
    rng = random.Random(7)
    picks = {rng.randint(ids[0], last) for _ in range(count)}
    return list(Complaint.objects.filter(id__in=picks).values_list("reference", flat=True))


def _create_body(texts: Texts, i: int) -> bytes:
    pool = (texts.en, texts.zh_hans, texts.el)[i % 3]
    subject, description = pool[i % len(pool)]
    payload = {
        "customer": {"name": f"Bench {i}", "email": f"bench{i % 5000}@example.com"},
        "channel": "api",
        "subject": subject,
        "description": description,
        # Spread over the teams as the seeded complaints are (and every language in
        # each): the creates are the newest documents, which search probes first.
        "team": TEAMS[i // 3 % len(TEAMS)],
    }
    return json.dumps(payload).encode()


def operations(cast: Cast, texts: Texts, references: list[str], top_id: int) -> list[Operation]:
    """The measured operations, then the two floor operations, in run order."""
    api = {"Authorization": f"Bearer {cast.token}"}
    post = {**api, "Content-Type": "application/json"}
    desk = {"Cookie": f"sessionid={cast.session_key}"}

    def search(queries: list[str], **filters: str) -> Callable[[int], Request]:
        return lambda i: Request(
            "GET",
            "/api/v1/complaints?"
            + urlencode({"q": queries[i % len(queries)], **filters, "limit": 20}),
            headers=api,
        )

    return [
        Operation(
            "create",
            lambda i: Request("POST", "/api/v1/complaints", _create_body(texts, i), post),
            201,
        ),
        Operation("inbox", lambda i: Request("GET", "/desk/", headers=desk), 200),
        Operation(
            "api_list",
            lambda i: Request(
                "GET", "/api/v1/complaints?status=in_progress&team=billing&limit=50", headers=api
            ),
            200,
        ),
        Operation("search_en", search(SEARCHES["search_en"]), 200),
        Operation("search_zh", search(SEARCHES["search_zh"]), 200),
        Operation("search_el", search(SEARCHES["search_el"]), 200),
        Operation(
            "search_team",
            search([q for queries in SEARCHES.values() for q in queries], **FILTERED_SEARCH),
            200,
        ),
        Operation(
            "detail",
            lambda i: Request("GET", f"/desk/c/{references[i % len(references)]}/", headers=desk),
            200,
        ),
        Operation(
            "reply_check",
            lambda i: Request(
                "POST",
                "/api/v1/replies/check",
                json.dumps({"text": REPLY, "language": "en"}).encode(),
                post,
            ),
            200,
        ),
        Operation(
            "floor_insert", lambda i: Request("POST", "/bench-floor/insert/", b"floor", {}), 201
        ),
        Operation(
            "floor_select", lambda i: Request("GET", f"/bench-floor/select/{1 + i % top_id}/"), 200
        ),
    ]


def count_queries(request: Request) -> int:
    """SQL statements one request issues, run in-process against the same database."""
    settings.ROOT_URLCONF = "complaintdesk.benchmarking.urls"
    client = Client()
    headers = {k: v for k, v in request.headers.items() if k not in ("Cookie", "Content-Type")}
    cookie = request.headers.get("Cookie", "")
    if cookie.startswith("sessionid="):
        client.cookies["sessionid"] = cookie.removeprefix("sessionid=")
    with CaptureQueriesContext(connection) as captured:
        if request.method == "POST":
            client.post(
                request.path, request.body or b"", content_type="application/json", headers=headers
            )
        else:
            client.get(request.path, headers=headers)
    return len(captured)
