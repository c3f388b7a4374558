"""T1 shifting responsibility, passing the customer around ("not our department")."""

from __future__ import annotations

from complaintdesk.replycheck.lexicon import Hit, lexicon_for
from complaintdesk.replycheck.normalise import NormalisedText


def detect(nt: NormalisedText, language: str, present: frozenset[str] | None = None) -> list[Hit]:
    """T1 hits; a negated mention ("we will not send you elsewhere") does not count."""
    return lexicon_for(language).find(nt, "responsibility", "patterns", "T1")
