"""T4 apology with no action, and the APOLOGY element.

An apology alone is empty (000 §4.2 "只有道歉，沒有進一步行動"): T4 fires when the reply
apologises but offers no ACTION, TIMEFRAME, OPTIONS or CLARIFY anywhere. When the reply
does announce a next step, even a bad one (a vague promise, T3, or sending the customer
elsewhere, T1), that taboo is the finding and T4 is not added. The finding points at the
first apology.
"""

from __future__ import annotations

from complaintdesk.replycheck.lexicon import Hit, lexicon_for
from complaintdesk.replycheck.normalise import NormalisedText
from complaintdesk.replycheck.rules.elements import OFFER_CODES, present_codes


def find_apologies(nt: NormalisedText, language: str) -> list[Hit]:
    """APOLOGY hits."""
    return lexicon_for(language).find(nt, "apology", "patterns", "APOLOGY")


def detect(nt: NormalisedText, language: str, present: frozenset[str] | None = None) -> list[Hit]:
    """A T4 hit on the first apology when nothing concrete accompanies it."""
    apologies = find_apologies(nt, language)
    if not apologies:
        return []
    if present is None:
        present = present_codes(nt, language)
    if present & OFFER_CODES or _announces_next_step(nt, language):
        return []
    first = apologies[0]
    return [Hit("T4", first.start, first.end)]


def _announces_next_step(nt: NormalisedText, language: str) -> bool:
    lex = lexicon_for(language)
    return bool(
        lex.find(nt, "time", "vague", "T3") or lex.find(nt, "responsibility", "patterns", "T1")
    )
