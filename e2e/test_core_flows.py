"""The core flows in a real browser: a customer files and tracks, an agent answers."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from complaintdesk.complaints.models import Complaint
from conftest import PASSWORD, file_complaint
from e2e.conftest import login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_customer_files_tracks_and_replies(phone_page: Page) -> None:
    page = phone_page
    page.goto("/c/new/")
    shot(page, "portal-new-en")
    page.fill("#id_name", "李伟")
    page.fill("#id_email", "liwei@example.cn")
    page.fill("#id_subject", "退款两周还没到账")
    page.fill("#id_description", "我两周前申请了退款，到现在还没有收到。")
    page.fill("#id_expectation", "尽快退款")
    page.click("button.primary")
    expect(page.locator(".reference")).to_contain_text("C-")
    shot(page, "portal-confirmation")
    page.click("#tracking-link")
    expect(page.locator("h1")).to_have_text("退款两周还没到账")
    page.fill("#id_text", "请问有进展吗？")
    page.click("text=Send message")
    expect(page.locator(".message").last).to_contain_text("请问有进展吗？")
    shot(page, "portal-track")
    complaint = Complaint.objects.get()
    assert complaint.language == "zh-hans"
    assert complaint.messages.get().text == "请问有进展吗？"


def test_agent_answers_and_resolves(page: Page, cast: Any) -> None:
    complaint = file_complaint()
    login(page, "agent", PASSWORD)
    expect(page.locator("table.list")).to_contain_text(complaint.reference)
    shot(page, "desk-inbox")
    page.click(f"text={complaint.reference}")
    page.fill(
        "#id_immediate-message",
        "I am sorry about the mix-up. I have sent the blue widget today; it arrives Thursday.",
    )
    expect(page.locator("#coach-immediate .coach")).to_be_visible()
    shot(page, "desk-complaint-coach-ok")
    page.click("text=Send answer")
    expect(page.locator(".flash")).to_contain_text("Done.")
    page.click("text=Resolve")
    page.fill("#id_resolve-summary", "Blue widget delivered on Thursday.")
    page.select_option("#id_resolve-remedy_kind", "replacement")
    page.locator("form[action$='/resolve/'] button.primary").click()
    expect(page.locator(".status").first).to_have_text("Resolved")
    shot(page, "desk-complaint-resolved")


def test_coach_blocks_a_rude_reply(page: Page, cast: Any) -> None:
    complaint = file_complaint()
    login(page, "agent", PASSWORD)
    page.goto(f"/desk/c/{complaint.reference}/")
    page.fill("#id_immediate-message", "You idiot, go die.")
    expect(page.locator("#coach-immediate .verdict-block")).to_be_visible()
    expect(page.locator("#coach-immediate mark").first).to_be_visible()
    shot(page, "desk-coach-blocked")
    page.click("text=Send answer")
    expect(page.locator(".flash .error")).to_contain_text("T8")
    assert not complaint.messages.exists()


def test_language_switch(page: Page, db: None) -> None:
    page.goto("/c/new/")
    page.select_option("#lang-switch", "el")
    expect(page.locator("html")).to_have_attribute("lang", "el")
    shot(page, "portal-new-el")
    page.select_option("#lang-switch", "zh-hant")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    shot(page, "portal-new-zh-hant")
