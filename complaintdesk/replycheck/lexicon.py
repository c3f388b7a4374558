"""Loading of the per-language lexicons (``lexicons/<lang>.toml``) and the message texts.

Contract: every lexicon file has a ``[meta]`` table (``word_boundaries``, ``negators``,
``negation_window``, ``salutation``, ``signoff``) and one table per rule family whose
values are lists of regular expressions, written against folded text (see
``normalise.fold_char``: accents optional, Chinese in either script). Each list is
compiled once into a single case-insensitive alternation. Files are read at import.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from complaintdesk.replycheck.normalise import NormalisedText, fold_pattern

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
_FLAGS = re.IGNORECASE | re.MULTILINE
_CLAUSE_BREAK = re.compile(r"[.,;:!?\n，；：！？、()（）\-–—]")


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule match: ``code`` over the normalised range ``[start, end)``."""

    code: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The compiled patterns of one lexicon file."""

    name: str
    patterns: MappingProxyType[str, re.Pattern[str]]
    negators: re.Pattern[str] | None
    negation_window: int
    frame: re.Pattern[str] | None

    def pattern(self, family: str, category: str) -> re.Pattern[str] | None:
        """The compiled alternation for ``family.category`` (None when the list is empty)."""
        return self.patterns.get(f"{family}.{category}")

    def negated(self, nt: NormalisedText, start: int) -> bool:
        """True when a negator appears earlier in the same clause, close to ``start``."""
        if self.negators is None:
            return False
        window = nt.masked[max(0, start - self.negation_window) : start]
        breaks = list(_CLAUSE_BREAK.finditer(window))
        if breaks:
            window = window[breaks[-1].end() :]
        return self.negators.search(window) is not None

    def find(
        self, nt: NormalisedText, family: str, category: str, code: str, *, negatable: bool = True
    ) -> list[Hit]:
        """All non-negated matches of ``family.category`` in the masked text, as ``code``."""
        key = (self.name, family, category, code, negatable)
        cached: list[Hit] | None = nt.memo.get(key)
        if cached is not None:
            return list(cached)
        hits = self._find(nt, family, category, code, negatable)
        nt.memo[key] = hits
        return list(hits)

    def _find(
        self, nt: NormalisedText, family: str, category: str, code: str, negatable: bool
    ) -> list[Hit]:
        regex = self.pattern(family, category)
        if regex is None:
            return []
        hits: list[Hit] = []
        for match in regex.finditer(nt.masked):
            if match.end() == match.start():
                continue
            if negatable and self.negated(nt, match.start()):
                continue
            hits.append(Hit(code, match.start(), match.end()))
        return hits


def _compile(patterns: list[str], boundaries: bool) -> re.Pattern[str]:
    body = "|".join(f"(?:{fold_pattern(p)})" for p in patterns)
    if boundaries:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return re.compile(body, _FLAGS)


def _build(name: str, data: dict[str, Any]) -> Lexicon:
    meta = data.get("meta", {})
    boundaries = bool(meta.get("word_boundaries", False))
    compiled: dict[str, re.Pattern[str]] = {}
    for family, table in data.items():
        if family == "meta":
            continue
        for category, patterns in table.items():
            if patterns:
                compiled[f"{family}.{category}"] = _compile(list(patterns), boundaries)
    negators = meta.get("negators", [])
    frame = [*meta.get("salutation", []), *meta.get("signoff", [])]
    return Lexicon(
        name=name,
        patterns=MappingProxyType(compiled),
        negators=_compile(negators, boundaries) if negators else None,
        negation_window=int(meta.get("negation_window", 30)),
        frame=re.compile("|".join(fold_pattern(p) for p in frame), _FLAGS) if frame else None,
    )


def _load_all() -> dict[str, Lexicon]:
    lexicons: dict[str, Lexicon] = {}
    for path in sorted(LEXICON_DIR.glob("*.toml")):
        if path.stem == "messages":
            continue
        with path.open("rb") as handle:
            lexicons[path.stem] = _build(path.stem, tomllib.load(handle))
    return lexicons


def _load_messages() -> dict[str, Any]:
    with (LEXICON_DIR / "messages.toml").open("rb") as handle:
        return tomllib.load(handle)


LEXICONS: dict[str, Lexicon] = _load_all()
MESSAGES: dict[str, Any] = _load_messages()


def lexicon_for(language: str) -> Lexicon:
    """The lexicon for a supported reply language (both Chinese scripts share ``zh``)."""
    key = "zh" if language.startswith("zh") else language
    return LEXICONS.get(key, LEXICONS["en"])
