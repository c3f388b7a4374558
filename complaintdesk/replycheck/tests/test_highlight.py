from __future__ import annotations

from complaintdesk.replycheck.highlight import Piece, highlight


def test_highlight_cuts_at_finding_boundaries() -> None:
    text = "Fine. That is your own problem."
    findings = [{"start": 0, "end": 5, "code": "T2"}, {"start": 14, "end": 30, "code": "T5"}]
    assert highlight(text, findings) == [
        Piece("Fine.", ("T2",)),
        Piece(" That is ", ()),
        Piece("your own problem", ("T5",)),
        Piece(".", ()),
    ]


def test_overlapping_findings_carry_both_codes() -> None:
    pieces = highlight(
        "abcdef", [{"start": 0, "end": 4, "code": "T8"}, {"start": 2, "end": 6, "code": "T5"}]
    )
    assert [p.codes for p in pieces] == [("T8",), ("T5", "T8"), ("T5",)]
    assert "".join(p.text for p in pieces) == "abcdef"


def test_no_findings_is_one_plain_piece() -> None:
    assert highlight("Thank you", []) == [Piece("Thank you", ())]
