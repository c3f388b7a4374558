"""T7 dismissive reply: policy or a form instead of an answer, and POLICY_ONLY.

Citing a policy or a form is fine when the reply also offers something (ACTION, OPTIONS
or CLARIFY); citing it and offering nothing else is T7 plus the POLICY_ONLY element.
A timeframe does not count as an offer here: it is usually part of the recital
("returns take 7-10 working days"). Flat refusals ("rules are rules") are always T7.
Requests to fill in a form (``policy.form``) are negatable: "there's no need to fill in a
form, I've logged it myself" is not a form instead of an answer.
"""

from __future__ import annotations

from complaintdesk.replycheck.lexicon import Hit, lexicon_for
from complaintdesk.replycheck.normalise import NormalisedText
from complaintdesk.replycheck.rules.elements import present_codes

_REAL_OFFERS = frozenset({"ACTION", "OPTIONS", "CLARIFY"})


def detect(nt: NormalisedText, language: str, present: frozenset[str] | None = None) -> list[Hit]:
    """T7 (and POLICY_ONLY) hits."""
    lex = lexicon_for(language)
    hits = lex.find(nt, "policy", "dismiss", "T7")
    cites = lex.find(nt, "policy", "cite", "T7", negatable=False)
    cites.extend(lex.find(nt, "policy", "form", "T7"))
    cites.sort(key=lambda hit: hit.start)
    if cites:
        if present is None:
            present = present_codes(nt, language)
        if not present & _REAL_OFFERS:
            first = cites[0]
            hits.append(Hit("T7", first.start, first.end))
            hits.append(Hit("POLICY_ONLY", first.start, first.end))
    return hits
