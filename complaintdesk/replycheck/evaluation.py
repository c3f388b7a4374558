"""Scoring of the reply check against the labelled evaluation set (``evalset/*.jsonl``).

Contract: each line is ``{"text", "language", "codes", "elements"}``; ``codes`` are the
expected taboo codes. Precision and recall are micro-averaged over (reply, taboo code)
pairs; the false-alarm rate is the share of replies with no expected taboo that get one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from complaintdesk.replycheck.engine import check_reply

EVALSET_DIR = Path(__file__).resolve().parent / "evalset"
#: An independent set written without looking at the lexicons (``evalset/holdout/``).
HOLDOUT_DIR = EVALSET_DIR / "holdout"


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled reply."""

    text: str
    language: str
    codes: frozenset[str]
    elements: frozenset[str]


@dataclass
class Counts:
    """True/false positives and false negatives for one slice."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    """Scores per language and per code, plus false alarms and the misses themselves."""

    by_language: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_code: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_element: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    clean: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    false_alarms: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    errors: list[str] = field(default_factory=list)

    def false_alarm_rate(self, language: str | None = None) -> float:
        """Share of clean replies (no expected taboo) that got a taboo finding."""
        langs = [language] if language else list(self.clean)
        clean = sum(self.clean[lang] for lang in langs)
        return sum(self.false_alarms[lang] for lang in langs) / clean if clean else 0.0


def load_examples(directory: Path = EVALSET_DIR) -> list[Example]:
    """All examples of every ``*.jsonl`` file in ``directory``."""
    examples: list[Example] = []
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                examples.append(
                    Example(
                        text=row["text"],
                        language=row["language"],
                        codes=frozenset(row.get("codes", [])),
                        elements=frozenset(row.get("elements", [])),
                    )
                )
    return examples


def _score(counts: Counts, expected: frozenset[str], got: frozenset[str]) -> None:
    counts.tp += len(expected & got)
    counts.fp += len(got - expected)
    counts.fn += len(expected - got)


def evaluate(examples: Iterable[Example]) -> Report:
    """Run the check on every example (language given, as the API would) and score it."""
    report = Report()
    for ex in examples:
        result = check_reply(ex.text, ex.language)
        got = frozenset(result.codes)
        _score(report.by_language[ex.language], ex.codes, got)
        for code in ex.codes | got:
            _score(report.by_code[code], ex.codes & {code}, got & {code})
        found = frozenset(result.elements)
        for code in ex.elements | found:
            _score(report.by_element[code], ex.elements & {code}, found & {code})
        if not ex.codes:
            report.clean[ex.language] += 1
            report.false_alarms[ex.language] += bool(got)
        if got != ex.codes:
            report.errors.append(
                f"[{ex.language}] expected {sorted(ex.codes)} got {sorted(got)}: {ex.text[:140]}"
            )
    return report
