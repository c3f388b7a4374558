"""T8 rudeness: swearing, insults, "go die" jokes, interrogating the customer.

A rhetorical question that accuses ("did you even read the manual?") is both
interrogation (T8) and blame (T5), so it yields one hit of each.
"""

from __future__ import annotations

from complaintdesk.replycheck.lexicon import Hit, lexicon_for
from complaintdesk.replycheck.normalise import NormalisedText


def detect(nt: NormalisedText, language: str, present: frozenset[str] | None = None) -> list[Hit]:
    """T8 hits, plus T5 for blaming rhetorical questions."""
    lex = lexicon_for(language)
    hits = lex.find(nt, "rude", "abuse", "T8", negatable=False)
    hits.extend(lex.find(nt, "rude", "interrogate", "T8"))
    for hit in lex.find(nt, "rude", "blame_question", "T8"):
        hits.append(hit)
        hits.append(Hit("T5", hit.start, hit.end))
    return hits
