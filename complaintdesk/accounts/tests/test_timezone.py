from __future__ import annotations

from typing import Any

from django.test import Client

from conftest import PASSWORD, file_complaint


def test_times_are_shown_in_the_viewers_zone(cast: Any) -> None:
    complaint = file_complaint()
    client = Client()
    client.login(username="agent", password=PASSWORD)
    utc_page = client.get(f"/desk/c/{complaint.reference}/").content.decode()
    client.cookies["tz"] = "Asia/Shanghai"
    local_page = client.get(f"/desk/c/{complaint.reference}/").content.decode()
    assert complaint.created_at.strftime("%Y-%m-%dT%H:%M") in utc_page
    local = complaint.created_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    assert local.strftime("%Y-%m-%dT%H:%M") in local_page


def test_a_bad_zone_cookie_is_ignored(cast: Any) -> None:
    complaint = file_complaint()
    client = Client()
    client.login(username="agent", password=PASSWORD)
    client.cookies["tz"] = "../../etc/passwd"
    assert client.get(f"/desk/c/{complaint.reference}/").status_code == 200
