"""T1 shifting responsibility, passing the customer around ("not our department").

``responsibility.patterns`` always count (unless negated). ``responsibility.unless_action``
are statements that the agent cannot deal with the matter here ("we can't see payments
from here", "我们这边处理不了"): they only pass the customer around when the reply takes
no step of its own (no ACTION); "we can't see that here, so I've asked billing to call you
today" owns the problem.
"""

from __future__ import annotations

from complaintdesk.replycheck.lexicon import Hit, lexicon_for
from complaintdesk.replycheck.normalise import NormalisedText
from complaintdesk.replycheck.rules.elements import present_codes


def detect(nt: NormalisedText, language: str, present: frozenset[str] | None = None) -> list[Hit]:
    """T1 hits; a negated mention ("we will not send you elsewhere") does not count."""
    lex = lexicon_for(language)
    hits = lex.find(nt, "responsibility", "patterns", "T1")
    conditional = lex.find(nt, "responsibility", "unless_action", "T1")
    if conditional:
        if present is None:
            present = present_codes(nt, language)
        if "ACTION" not in present:
            hits.extend(conditional)
    return hits
