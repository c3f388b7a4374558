"""Rule families of the reply check.

Every family module exposes ``detect(nt, language, present=None) -> list[Hit]``: a pure
function of the normalised reply. ``present`` is the set of element codes already found
(APOLOGY, EMPATHY, THANKS, CLARIFY, ACTION, TIMEFRAME, OPTIONS); families whose verdict
depends on what else the reply offers (T3, T4, T7) compute it themselves when it is None.
Element finders (``find_*``) return the positive elements of a good reply.
"""

from __future__ import annotations

from complaintdesk.replycheck.lexicon import Hit
from complaintdesk.replycheck.normalise import NormalisedText
from complaintdesk.replycheck.rules import (
    apology,
    blame,
    curt,
    elements,
    policy,
    responsibility,
    rude,
    vague_time,
)

__all__ = ["TABOO_DETECTORS", "find_all_elements"]

TABOO_DETECTORS = (
    responsibility.detect,
    curt.detect,
    vague_time.detect,
    apology.detect,
    blame.detect,
    policy.detect,
    rude.detect,
)


def find_all_elements(nt: NormalisedText, language: str) -> list[Hit]:
    """Every element hit (before POLICY_ONLY, which the policy family decides)."""
    return [
        *apology.find_apologies(nt, language),
        *elements.find_elements(nt, language),
        *vague_time.find_timeframes(nt, language),
    ]
