"""Text normalisation for matching, with offsets back into the original text.

Contract: ``normalise(text, language)`` returns a :class:`NormalisedText` whose ``text`` is
what lexicon patterns match against (Chinese converted to Simplified, accents and other
combining marks removed, compatibility forms folded, lower case, Greek final sigma as
``σ``) and whose ``masked`` is the same string with quoted material (``>`` quote lines and
text inside “…”, 「…」, 『…』, «…», „…“ or straight double quotes) blanked out with spaces, so
that the customer's own words quoted back never trigger a rule. ``span(start, end)`` maps a
range of ``text`` to the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from complaintdesk.lib.chinese import to_simplified_mapped

_SPECIAL: dict[str, str] = {"ς": "σ", "’": "'", "‘": "'", "＇": "'", "`": "'", "。": "."}
_CHAR_CACHE: dict[str, str] = {}

_QUOTE_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_QUOTE_PAIRS = re.compile(r"“[^”]*”|「[^」]*」|『[^』]*』|«[^»]*»|„[^“”]*[“”]|\"[^\"]*\"")
# A quote covering most of the reply is the reply itself pasted in quotes, not a citation.
_MAX_QUOTE_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """The original reply plus its matching forms; see the module docstring."""

    original: str
    text: str
    masked: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    # Per-check memo of rule matches: several families consult the same lists.
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, compare=False, repr=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` for the normalised range ``[start, end)``."""
        if not self.text:
            return 0, 0
        start = min(max(start, 0), len(self.text) - 1)
        end = min(max(end, start + 1), len(self.text))
        return self.starts[start], self.ends[end - 1]


def fold_char(ch: str) -> str:
    """The normalised form of one character (possibly empty or several characters)."""
    cached = _CHAR_CACHE.get(ch)
    if cached is not None:
        return cached
    special = _SPECIAL.get(ch)
    if special is not None:
        folded = special
    elif ch in "“”«»「」『』„":
        folded = ch
    else:
        decomposed = unicodedata.normalize("NFKD", ch)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        folded = folded.replace("ς", "σ")
    _CHAR_CACHE[ch] = folded
    return folded


def fold_pattern(pattern: str) -> str:
    """Fold a lexicon pattern like text is folded, leaving regex syntax (ASCII) untouched."""
    folded = "".join(ch if ch.isascii() else fold_char(ch) for ch in pattern)
    return to_simplified_mapped(folded)[0]


def normalise(text: str, language: str) -> NormalisedText:
    """Build the matching forms of ``text`` for ``language`` (see module docstring)."""
    if text.isascii():
        lowered = text.lower().replace("`", "'")
        idx = tuple(range(len(text)))
        return _with_mask(text, lowered, idx, tuple(i + 1 for i in idx))
    if language.startswith("zh"):
        stage, st_starts, st_ends = to_simplified_mapped(text)
    else:
        stage = text
        st_starts = list(range(len(text)))
        st_ends = [i + 1 for i in st_starts]
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(stage):
        folded = fold_char(ch)
        if not folded:
            continue
        pieces.append(folded)
        starts.extend([st_starts[i]] * len(folded))
        ends.extend([st_ends[i]] * len(folded))
    return _with_mask(text, "".join(pieces), tuple(starts), tuple(ends))


def _with_mask(
    original: str, text: str, starts: tuple[int, ...], ends: tuple[int, ...]
) -> NormalisedText:
    return NormalisedText(original, text, mask_quotes(text), starts, ends)


def mask_quotes(text: str) -> str:
    """Blank out quoted passages (see module docstring) keeping every offset."""
    if not any(q in text for q in '“「『«„">'):
        return text
    visible = max(len(text.strip()), 1)
    chars = list(text)
    for regex in (_QUOTE_LINE, _QUOTE_PAIRS):
        for match in regex.finditer(text):
            if match.end() - match.start() >= _MAX_QUOTE_SHARE * visible:
                continue
            for i in range(match.start(), match.end()):
                if chars[i] != "\n":
                    chars[i] = " "
    return "".join(chars)
