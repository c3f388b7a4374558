from __future__ import annotations

from typing import Any

from complaintdesk.complaints.answering import answer_immediately
from conftest import file_complaint


def test_taboo_stats_count_findings_per_agent_and_team(api: Any, cast: Any) -> None:
    first = file_complaint()
    answer_immediately(complaint=first, actor=cast["agent"], message="That's your own problem.")
    second = file_complaint()
    answer_immediately(
        complaint=second,
        actor=cast["supervisor"],
        message="I am sorry. I have sent a replacement that arrives on Thursday.",
    )
    body = api["manager"].get("/replies/stats").json()
    assert body["replies_by_agent"] == {"agent": 1, "supervisor": 1}
    assert body["by_agent"]["agent"]["T5"] == 1
    assert "supervisor" not in body["by_agent"]
    assert body["by_team"]["billing"]["T5"] == 1


def test_taboo_stats_respect_visibility(api: Any, cast: Any) -> None:
    complaint = file_complaint(team="billing")
    answer_immediately(complaint=complaint, actor=cast["agent"], message="That's your own problem.")
    assert api["outsider"].get("/replies/stats").json()["replies_by_agent"] == {}
    assert api["alice_user"].get("/replies/stats").status_code == 403
