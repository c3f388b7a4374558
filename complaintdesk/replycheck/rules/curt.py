"""T2 curt or perfunctory attitude ("好了,我知道了", "what's the problem?", "fine, whatever").

Some words are only curt when they are the whole reply ("Ok noted.", "收到"): the
``curt.alone`` patterns must match everything left once a salutation and a sign-off are
removed. Others are only curt when the reply offers nothing else (``curt.bare``: "just
restart it and it'll be fine", "anything else?", "什么问题？"): inside a reply that
apologises, acknowledges the feeling or takes a step they are ordinary advice or a closing.
"""

from __future__ import annotations

from complaintdesk.replycheck.lexicon import Hit, Lexicon, lexicon_for
from complaintdesk.replycheck.normalise import NormalisedText
from complaintdesk.replycheck.rules.elements import OFFER_CODES, present_codes

_SUBSTANCE = OFFER_CODES | {"APOLOGY", "EMPATHY"}


def detect(nt: NormalisedText, language: str, present: frozenset[str] | None = None) -> list[Hit]:
    """T2 hits."""
    lex = lexicon_for(language)
    hits = lex.find(nt, "curt", "patterns", "T2")
    bare = lex.find(nt, "curt", "bare", "T2")
    if bare:
        if present is None:
            present = present_codes(nt, language)
        if not present & _SUBSTANCE:
            hits.extend(bare)
    alone = _alone(nt, lex)
    if alone is not None and not any(h.start <= alone.start < h.end for h in hits):
        hits.append(alone)
    return hits


def _alone(nt: NormalisedText, lex: Lexicon) -> Hit | None:
    regex = lex.pattern("curt", "alone")
    if regex is None:
        return None
    start, end = 0, len(nt.masked)
    if lex.frame is not None:
        for match in lex.frame.finditer(nt.masked):
            if match.start() <= start and match.end() > start:
                start = match.end()
            elif match.end() >= end and match.start() < end:
                end = match.start()
    core = nt.masked[start:end]
    stripped = core.strip()
    if not stripped or regex.fullmatch(stripped) is None:
        return None
    offset = start + core.index(stripped)
    return Hit("T2", offset, offset + len(stripped))
