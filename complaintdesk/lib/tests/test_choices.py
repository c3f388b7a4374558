"""Select fields over short lists read their rows with one plain query."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaintdesk.complaints.forms import InboxFilterForm


def test_a_short_list_select_renders_every_row_with_one_query(cast: Any) -> None:
    form = InboxFilterForm()
    with CaptureQueriesContext(connection) as captured:
        html = str(form["team"])
    assert [q["sql"].split()[0] for q in captured.captured_queries] == ["SELECT"]
    assert 'value="billing"' in html
    assert 'value="delivery"' in html
    assert html.index('value=""') < html.index('value="billing"')  # the empty label first
