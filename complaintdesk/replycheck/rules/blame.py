"""T5 blaming the customer ("that's your own problem", "it was always like that")."""

from __future__ import annotations

from complaintdesk.replycheck.lexicon import Hit, lexicon_for
from complaintdesk.replycheck.normalise import NormalisedText


def detect(nt: NormalisedText, language: str, present: frozenset[str] | None = None) -> list[Hit]:
    """T5 hits; "this is not your fault" is negated and does not count."""
    return lexicon_for(language).find(nt, "blame", "patterns", "T5")
