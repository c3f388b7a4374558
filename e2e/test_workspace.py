"""The full workspace in a real browser: every answer mode, rating, every page in every language."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.services import transition_complaint
from conftest import PASSWORD, file_complaint
from e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _open(page: Page, summary: str) -> None:
    page.locator("summary", has_text=summary).click()


def test_agent_defers_transfers_answers_and_resolves(page: Page, cast: Any) -> None:
    complaint = file_complaint()
    login(page, "manager", PASSWORD)
    page.goto("/desk/")
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text(complaint.subject)

    _open(page, "Answer later (deferral)")
    page.fill("#id_defer-message", "I am sorry. I am checking with the warehouse and will write.")
    answer_by = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#id_defer-answer_by", answer_by)
    page.select_option("#id_defer-update_channel", "email")
    page.locator("form[action$='/defer/'] button.primary").click()
    expect(page.locator(".promises")).to_contain_text("Answer to the complaint")
    expect(page.locator(".countdown").first).not_to_be_empty()
    shot(page, "desk-deferred-with-countdown")

    _open(page, "Transfer with a handover")
    page.select_option("#id_transfer-to_team", "delivery")
    page.fill("#id_transfer-handover_summary", "Warehouse confirmed the wrong colour was sent.")
    page.locator("form[action$='/transfer/'] button.primary").click()
    expect(page.locator(".flash")).to_contain_text("Done.")

    page.goto(f"/desk/c/{complaint.reference}/")
    page.keyboard.press("r")
    page.keyboard.type("I have sent the blue widget today; it arrives on Thursday.")
    page.locator("form[action$='/answer/'] button.primary").click()
    _open(page, "Resolve")
    page.fill("#id_resolve-summary", "Blue widget delivered; shipping refunded.")
    page.select_option("#id_resolve-remedy_kind", "refund")
    page.fill("#id_resolve-amount", "9.90")
    page.locator("form[action$='/resolve/'] button.primary").click()
    expect(page.locator(".status").first).to_have_text("Resolved")
    shot(page, "desk-resolved-after-three-modes")
    kinds = set(Complaint.objects.get(pk=complaint.pk).events.values_list("kind", flat=True))
    assert {"deferred", "transferred", "answered_immediately", "resolved"} <= kinds


def test_customer_rates_the_resolution(page: Page, cast: Any) -> None:
    complaint = file_complaint()
    for status in ["acknowledged", "in_progress", "resolved"]:
        transition_complaint(complaint=complaint, to_status=status, actor=cast["agent"])
    page.goto(f"/c/t/{complaint.tracking_token}/")
    page.check("input[name=rating][value='4']")
    page.fill("#id_comment", "Faster next time, please.")
    page.locator("form[action$='/rate/'] button.primary").click()
    expect(page.locator(".flash")).to_be_visible()
    shot(page, "portal-rated")
    assert Complaint.objects.get(pk=complaint.pk).satisfaction_rating == 4


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant", "el"])
def test_every_page_in_every_language(
    browser: Browser, live_server: Any, cast: Any, language: str
) -> None:
    complaint = file_complaint()
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    for name, path in [
        ("portal-new", "/c/new/"),
        ("portal-track", f"/c/t/{complaint.tracking_token}/"),
        ("login", "/accounts/login/"),
    ]:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        shot(page, f"{name}-{language}")
    login(page, "supervisor", PASSWORD)
    for name, path in [
        ("desk-inbox", "/desk/"),
        ("desk-complaint", f"/desk/c/{complaint.reference}/"),
        ("desk-supervision", "/desk/supervision/"),
    ]:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        shot(page, f"{name}-{language}")
    context.close()
