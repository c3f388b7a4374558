"""Elements of a good reply (DOMAIN.md §8): EMPATHY, THANKS, CLARIFY, ACTION, OPTIONS.

A request for information that states its purpose ("send us the order number so we can
replace it") is a step the company takes, so it counts as ACTION as well as CLARIFY.
"""

from __future__ import annotations

from complaintdesk.replycheck.lexicon import Hit, lexicon_for
from complaintdesk.replycheck.normalise import NormalisedText

OFFER_CODES = frozenset({"ACTION", "TIMEFRAME", "OPTIONS", "CLARIFY"})

_CATEGORIES = (
    ("empathy", "EMPATHY"),
    ("thanks", "THANKS"),
    ("clarify", "CLARIFY"),
    ("action", "ACTION"),
    ("options", "OPTIONS"),
)


def find_elements(nt: NormalisedText, language: str) -> list[Hit]:
    """EMPATHY, THANKS, CLARIFY, ACTION and OPTIONS hits in ``nt``."""
    lex = lexicon_for(language)
    hits: list[Hit] = []
    for category, code in _CATEGORIES:
        hits.extend(lex.find(nt, "elements", category, code))
    codes = {hit.code for hit in hits}
    if "CLARIFY" in codes and "ACTION" not in codes:
        hits.extend(lex.find(nt, "elements", "purpose", "ACTION"))
    return hits


def detect(nt: NormalisedText, language: str, present: frozenset[str] | None = None) -> list[Hit]:
    """Uniform family entry point: elements carry no taboo, so the same as find_elements."""
    return find_elements(nt, language)


def present_codes(nt: NormalisedText, language: str) -> frozenset[str]:
    """Element codes found anywhere in the reply (used when a caller passes no ``present``)."""
    from complaintdesk.replycheck.rules import find_all_elements

    return frozenset(hit.code for hit in find_all_elements(nt, language))
