"""Simplified/Traditional Chinese helpers built on OpenCC.

Contracts:
- ``to_simplified`` / ``to_traditional`` convert whole strings with OpenCC's phrase-aware
  ``t2s`` / ``s2t`` configurations; non-Chinese text passes through unchanged.
- ``to_simplified_mapped`` also returns, for every character of the converted text, the
  ``[start, end)`` range of the original text it came from, so that a match found in the
  converted text can be reported against the original (phrase conversions may change length).
- ``traditional_only_count`` / ``simplified_only_count`` count characters that exist in only
  one script (used for script detection); they use OpenCC's character tables directly.
"""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path

import opencc
from opencc import OpenCC

_T2S = OpenCC("t2s")
_S2T = OpenCC("s2t")


def has_han(text: str) -> bool:
    """True when ``text`` contains at least one CJK unified ideograph."""
    return any(_is_han(ch) for ch in text)


def _is_han(ch: str) -> bool:
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2FA1F


def to_simplified(text: str) -> str:
    """Convert ``text`` to Simplified Chinese (OpenCC ``t2s``)."""
    if not has_han(text):
        return text
    return str(_T2S.convert(text))


def to_traditional(text: str) -> str:
    """Convert ``text`` to Traditional Chinese (OpenCC ``s2t``)."""
    if not has_han(text):
        return text
    return str(_S2T.convert(text))


def to_simplified_mapped(text: str) -> tuple[str, list[int], list[int]]:
    """Convert to Simplified and map each output character back to the original.

    Returns ``(converted, starts, ends)`` where converted character ``i`` comes from
    ``text[starts[i]:ends[i]]``. When the conversion keeps the length (almost always) the
    map is the identity; otherwise the two strings are aligned with difflib.
    """
    converted = to_simplified(text)
    if len(converted) == len(text):
        idx = list(range(len(text)))
        return converted, idx, [i + 1 for i in idx]
    return converted, *_align(text, converted)


def _align(original: str, converted: str) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    matcher = difflib.SequenceMatcher(None, original, converted, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            starts.extend(range(i1, i2))
            ends.extend(range(i1 + 1, i2 + 1))
        elif tag in ("replace", "insert"):
            # Every converted char of the block points at the whole original block:
            # spans stay inside the original phrase that produced them.
            if i2 > i1:
                lo, hi = i1, i2
            else:
                lo = max(min(i1, len(original) - 1), 0)
                hi = lo + 1
            starts.extend([lo] * (j2 - j1))
            ends.extend([hi] * (j2 - j1))
    return starts, ends


@cache
def _char_table(filename: str) -> frozenset[str]:
    """Characters whose first OpenCC mapping differs from themselves."""
    path = Path(opencc.__file__).parent / "dictionary"
    changed: set[str] = set()
    for line in (path / filename).read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        first = values.split(" ")[0] if values else key
        if len(key) == 1 and first != key:
            changed.add(key)
    return frozenset(changed)


def traditional_only_count(text: str) -> int:
    """Number of characters in ``text`` that OpenCC would change when converting to Simplified."""
    table = _char_table("TSCharacters.txt")
    return sum(1 for ch in text if ch in table)


def simplified_only_count(text: str) -> int:
    """Number of characters in ``text`` that OpenCC would change when converting to Traditional."""
    table = _char_table("STCharacters.txt")
    return sum(1 for ch in text if ch in table)
