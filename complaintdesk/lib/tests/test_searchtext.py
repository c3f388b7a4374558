"""Search tokenising: what documents are indexed under, in every language."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from complaintdesk.lib.searchtext import tokens


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_splits_into_lowercase_runs_of_letters_and_digits(text: str) -> None:
    assert tokens(text) == re.findall(r"[^\W_]+", text.lower())


def test_examples_in_every_language() -> None:
    assert tokens("Late FEE_charged 2x!") == ["late", "fee", "charged", "2x"]
    assert tokens("Η ΟΘΌΝΗ, οθόνες") == ["η", "οθονη", "οθονεσ"]
    assert tokens("房間很貴") == ["房间", "间很", "很贵", "贵"]
    assert tokens("café 送餐") == ["cafe", "送餐", "餐"]
