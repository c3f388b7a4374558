"""T3 dragging on / vague promise with no time, and the TIMEFRAME element.

A vague time ("soon", "尽快", "σύντομα") is only a problem when the reply gives no
concrete time anywhere: "we will call soon, by 3 pm today at the latest" is fine.
"""

from __future__ import annotations

from complaintdesk.replycheck.lexicon import Hit, lexicon_for
from complaintdesk.replycheck.normalise import NormalisedText


def find_timeframes(nt: NormalisedText, language: str) -> list[Hit]:
    """TIMEFRAME hits: dates, weekdays, clock times, bounded durations."""
    return lexicon_for(language).find(nt, "time", "concrete", "TIMEFRAME", negatable=False)


def detect(nt: NormalisedText, language: str, present: frozenset[str] | None = None) -> list[Hit]:
    """T3 hits on each vague time expression, unless a concrete time is given."""
    if present is None:
        present = frozenset(hit.code for hit in find_timeframes(nt, language))
    if "TIMEFRAME" in present:
        return []
    return lexicon_for(language).find(nt, "time", "vague", "T3")
