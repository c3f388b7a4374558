"""Search correctness in English, Simplified and Traditional Chinese and Greek.

Searches go through selectors.list_complaints, the path the API, the inbox and the
portal all share, so filters and permissions are part of every assertion.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from complaintdesk.complaints import search
from complaintdesk.complaints.models import Complaint, SearchDocument
from complaintdesk.complaints.selectors import ComplaintFilters, list_complaints
from complaintdesk.complaints.services import receive_customer_message
from conftest import file_complaint

pytestmark = pytest.mark.django_db(transaction=True)


def refs(user: Any, q: str, **filters: Any) -> list[str]:
    items, _cursor = list_complaints(user, ComplaintFilters(q=q, **filters), limit=50)
    return [c.reference for c in items]


def test_english_words_match_by_prefix_and_ignore_case(cast: Any) -> None:
    c = file_complaint(subject="Refunds never arrived", description="Charged twice for my order.")
    file_complaint(subject="Late delivery", description="The parcel came a week late.")
    assert refs(cast["manager"], "refund") == [c.reference]
    assert refs(cast["manager"], "CHARGED twice") == [c.reference]
    assert refs(cast["manager"], "refund parcel") == []


def test_simplified_and_traditional_find_each_other(cast: Any) -> None:
    simplified = file_complaint(subject="退款问题", description="我的退款还没有到账，请尽快处理。")
    traditional = file_complaint(subject="服務態度", description="酒店服務態度很差，房間也不乾淨。")
    assert refs(cast["manager"], "退款問題") == [simplified.reference]
    assert refs(cast["manager"], "到账") == [simplified.reference]
    assert refs(cast["manager"], "服务态度") == [traditional.reference]
    assert refs(cast["manager"], "房間") == [traditional.reference]
    assert refs(cast["manager"], "房间") == [traditional.reference]


def test_one_and_two_character_chinese_queries(cast: Any) -> None:
    c = file_complaint(subject="外卖太慢", description="送餐用了两个小时，饭都凉了。")
    other = file_complaint(subject="酒店", description="隔音差")
    assert refs(cast["manager"], "凉") == [c.reference]
    assert refs(cast["manager"], "涼") == [c.reference]
    assert refs(cast["manager"], "送餐") == [c.reference]
    assert refs(cast["manager"], "慢") == [c.reference]
    assert refs(cast["manager"], "音") == [other.reference]
    assert refs(cast["manager"], "冰") == []


def test_greek_ignores_accents_case_and_final_sigma(cast: Any) -> None:
    c = file_complaint(
        subject="Η μπαταρία δεν κρατάει",
        description="Η οθόνη έσπασε μετά από δύο εβδομάδες και η επισκευή αρνήθηκε.",
    )
    file_complaint(subject="Καθυστέρηση", description="Η παραγγελία ήρθε αργά.")
    for query in ("μπαταρία", "μπαταρια", "ΜΠΑΤΑΡΙΑ", "οθονη", "Οθόνη", "εβδομάδεσ", "εβδομαδες"):
        assert refs(cast["manager"], query) == [c.reference], query


def test_search_combines_with_filters_and_permissions(cast: Any) -> None:
    billing = file_complaint(subject="Refund missing", team="billing")
    delivery = file_complaint(subject="Refund for a lost parcel", team="delivery")
    assert set(refs(cast["manager"], "refund")) == {billing.reference, delivery.reference}
    assert refs(cast["manager"], "refund", team="delivery") == [delivery.reference]
    assert refs(cast["manager"], "refund", status="closed") == []
    assert refs(cast["agent"], "refund") == [billing.reference]
    assert refs(cast["outsider"], "refund") == [delivery.reference]
    assert set(refs(cast["alice_user"], "refund")) == {billing.reference, delivery.reference}
    assert refs(cast["bob_user"], "refund") == []


def test_customer_filter_by_address_any_case_or_by_id(cast: Any) -> None:
    zoe = file_complaint(email="zoe@example.com", subject="Refund missing")
    file_complaint(email="max@example.com", subject="Refund late")
    for key in ("Zoe@Example.COM", str(zoe.customer_id)):
        assert refs(cast["manager"], "", customer=key) == [zoe.reference]
        assert refs(cast["manager"], "refund", customer=key) == [zoe.reference]
    assert refs(cast["manager"], "", customer="nobody@example.com") == []


def test_results_are_ranked_best_first(cast: Any) -> None:
    once = file_complaint(subject="Question", description="The refund was late.")
    often = file_complaint(subject="Refund refund", description="Refund still missing, refund!")
    assert refs(cast["manager"], "refund") == [often.reference, once.reference]


def test_ranking_counts_words_a_prefix_begins_and_whole_chinese_phrases(cast: Any) -> None:
    # The better match is the older one each time: ties would put the newer first.
    forms = file_complaint(subject="Refunds", description="Refunded twice, then no refund.")
    once = file_complaint(subject="Question", description="One refund asked for.")
    assert refs(cast["manager"], "refund") == [forms.reference, once.reference]
    twice = file_complaint(subject="房间问题", description="房间很小，房间也不干净。")
    near = file_complaint(subject="问题", description="房价太贵，房间一般。")
    assert refs(cast["manager"], "房间") == [twice.reference, near.reference]


def test_findable_the_moment_the_create_commits(cast: Any) -> None:
    with transaction.atomic():
        c = file_complaint(subject="Broken kettle", description="It leaks.")
        # Inside the creating transaction the row is already indexed...
        assert refs(cast["manager"], "kettle") == [c.reference]
    # ...and after the commit every connection sees it, with no job in between.
    assert refs(cast["manager"], "kettle") == [c.reference]


def test_messages_and_customer_details_are_searchable(cast: Any) -> None:
    c = file_complaint(email="zoe.papadopoulou@example.com", subject="Billing", description="x")
    receive_customer_message(complaint=c, text="The courier left it in the rain", channel="email")
    assert refs(cast["manager"], "courier rain") == [c.reference]
    assert refs(cast["manager"], "papadopoulou") == [c.reference]
    assert refs(cast["manager"], "Zoe.papadopoulou") == [c.reference]
    assert refs(cast["manager"], c.reference) == [c.reference]


def test_bulk_documents_match_what_the_services_index(cast: Any) -> None:
    c = file_complaint(subject="Ωραία υπηρεσία 服務", description="Refund")
    document = search.complaint_document(Complaint.objects.select_related("customer").get(pk=c.pk))
    stored = SearchDocument.objects.get(complaint=c, source="complaint")
    assert document.body == stored.body


def test_a_description_restating_the_subject_is_indexed_once(cast: Any) -> None:
    c = file_complaint(subject="Card declined: twice", description="Card declined. Twice")
    stored = SearchDocument.objects.get(complaint=c, source="complaint")
    assert stored.body.split().count("declined") == 1
    assert refs(cast["manager"], "declined twice") == [c.reference]


def test_query_without_any_word_finds_nothing(cast: Any) -> None:
    file_complaint()
    assert refs(cast["manager"], "!!! ???") == []


@pytest.mark.parametrize(
    ("probe", "walk"),
    [(1, 0), (4, 0), (4, 10_000), (1000, 0)],
)
def test_window_holds_the_newest_matches_for_rare_and_common_terms(
    cast: Any, monkeypatch: pytest.MonkeyPatch, probe: int, walk: int
) -> None:
    # A window of 3 and a small probe drive PostgreSQL through every step: the
    # probe alone (common term), walking a span, widening GIN spans (rare term)
    # and the unbounded GIN search (a term only in the oldest complaint).
    monkeypatch.setattr(search, "WINDOW", 3)
    monkeypatch.setattr(search, "PROBE", probe)
    monkeypatch.setattr(search, "WALK", walk)
    oldest = file_complaint(subject="Walrus sighting", description="Common words")
    rare = [file_complaint(subject="Narwhal in the bath", description="Common words")]
    filler = [file_complaint(subject="Penguin", description="Common words") for _ in range(8)]
    rare.append(file_complaint(subject="Narwhal again", description="Common words"))
    everyone = Complaint.objects.all()

    def window(q: str, queryset: Any = everyone) -> set[int]:
        return set(search.ranked_ids(queryset, q, limit=3, offset=0))

    assert window("walrus") == {oldest.pk}
    assert window("narwhal") == {c.pk for c in rare}
    assert window("common words") == {c.pk for c in [*filler, rare[-1]][-3:]}
    assert window("common words", everyone.filter(pk__lte=filler[0].pk)) == {
        oldest.pk,
        rare[0].pk,
        filler[0].pk,
    }
    assert window("narwhal", everyone.filter(team__slug="delivery")) == set()


def test_planner_settings_never_outlive_the_search(
    cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("planner settings exist on PostgreSQL only")
    monkeypatch.setattr(search, "WINDOW", 3)
    monkeypatch.setattr(search, "PROBE", 1)
    monkeypatch.setattr(search, "WALK", 0)
    for _ in range(4):
        file_complaint(subject="Narwhal", description="Common words")
    names = list(search.GIN_PLANNER)
    show = f"SELECT {', '.join(['current_setting(%s)'] * len(names))}"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(show, names)
        before = cursor.fetchone()
        assert search.ranked_ids(Complaint.objects.all(), "narwhal", limit=3, offset=0)
        cursor.execute(show, names)
        assert cursor.fetchone() == before
        assert dict(zip(names, before, strict=True)) != search.GIN_PLANNER
