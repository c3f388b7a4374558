"""Text folding and tokenising for full-text search, the same on every database.

Both SQLite FTS5 and PostgreSQL tsvector('simple') receive text we already
tokenised, so both behave the same:
- lower case, NFKC, Greek accents dropped and final sigma folded (ς → σ);
- Chinese converted to Simplified, so Traditional and Simplified find each other;
- runs of Han characters become overlapping bigrams plus the run's last
  character, so any substring is a phrase of bigrams and a single character
  is a prefix of some token — no segmenter needed.
"""

from __future__ import annotations

import re
import unicodedata

from complaintdesk.lib.chinese import to_simplified

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_HAN}]+|[^\W_]+", re.UNICODE)
_HAN_RUN = re.compile(rf"[{_HAN}]+")
_ASCII_TOKEN = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, accent-free (for Greek and Latin), Simplified-Chinese form of text."""
    if text.isascii():
        # Nothing to decompose or convert: the common case of English, and 10x faster.
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = unicodedata.normalize("NFC", stripped).replace("ς", "σ")
    if _HAN_RUN.search(stripped):
        stripped = to_simplified(stripped)
    return stripped


def _han_tokens(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def tokens(text: str) -> list[str]:
    """The tokens a document is indexed under, in order."""
    folded = fold(text)
    if folded.isascii():
        # The same tokens as below (lower-cased ASCII has no Han and no other letters).
        return _ASCII_TOKEN.findall(folded)
    out: list[str] = []
    for match in _TOKEN.finditer(folded):
        piece = match.group()
        out.extend(_han_tokens(piece) if _HAN_RUN.fullmatch(piece) else [piece])
    return out


def index_text(text: str) -> str:
    return " ".join(tokens(text))


# A query as phrases: (the phrase's tokens, whether its last token is a prefix).
Phrases = list[tuple[list[str], bool]]


def query_terms(query: str) -> Phrases:
    """Split a user query into phrases: ([tokens...], is_prefix).

    A Han run is an exact phrase of bigrams (a single character is a prefix
    search); every other word is matched as a prefix, so "refund" finds
    "refunds" and a word typed halfway still matches.
    """
    phrases: Phrases = []
    for match in _TOKEN.finditer(fold(query)):
        piece = match.group()
        if _HAN_RUN.fullmatch(piece):
            if len(piece) == 1:
                phrases.append(([piece], True))
            else:
                phrases.append(([piece[i : i + 2] for i in range(len(piece) - 1)], False))
        else:
            phrases.append(([piece], True))
    return phrases
