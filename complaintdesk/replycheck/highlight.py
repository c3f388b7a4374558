"""Split a reply into plain and flagged pieces, so a page can mark the findings' spans."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any


@dataclass(frozen=True)
class Piece:
    text: str
    codes: tuple[str, ...] = ()


def highlight(text: str, findings: Sequence[Mapping[str, Any]]) -> list[Piece]:
    """Cut `text` at every finding boundary; each piece lists the codes covering it.

    Overlapping findings are fine: a piece covered by two findings carries both codes.
    """
    spans = [
        (max(0, int(f["start"])), min(len(text), int(f["end"])), str(f["code"]))
        for f in findings
        if int(f["end"]) > int(f["start"])
    ]
    cuts = sorted({0, len(text), *(s for s, _e, _c in spans), *(e for _s, e, _c in spans)})
    pieces = []
    for start, end in pairwise(cuts):
        codes = tuple(sorted({c for s, e, c in spans if s <= start and end <= e}))
        pieces.append(Piece(text[start:end], codes))
    return pieces
