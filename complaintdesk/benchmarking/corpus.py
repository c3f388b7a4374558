"""Realistic complaint text from the shared corpora: CFPB narratives, Chinese and Greek reviews.

The corpora live in ../shared/corpora next to the repository (COMPLAINTDESK_CORPORA
overrides). A missing corpus is an error with its path, never a silent fallback:
benchmarks on made-up text would not say anything about real search.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from complaintdesk.lib.chinese import to_traditional

_MIN_CHARS = 12


class CorpusMissing(FileNotFoundError):
    """A corpus file the benchmark needs is not where it should be."""


def corpora_dir() -> Path:
    default = Path(settings.BASE_DIR).parent.parent / "shared" / "corpora"
    return Path(os.environ.get("COMPLAINTDESK_CORPORA", str(default)))


def _need(path: Path) -> Path:
    if not path.is_file():
        raise CorpusMissing(f"Corpus file missing: {path} (set COMPLAINTDESK_CORPORA)")
    return path


@dataclass(frozen=True)
class Texts:
    """Complaint texts by language: (subject, description) pairs."""

    en: list[tuple[str, str]]
    zh_hans: list[tuple[str, str]]
    zh_hant: list[tuple[str, str]]
    el: list[tuple[str, str]]


def _subject(text: str, limit: int = 80) -> str:
    head = text.strip().split("\n", 1)[0]
    for stop in (". ", "。", "！", "，", ","):
        if stop in head[:limit]:
            head = head.split(stop, 1)[0]
    return head[:limit].strip() or text[:limit]


def english() -> list[tuple[str, str]]:
    """CFPB rows: the narrative when there is one, else issue and sub-issue."""
    path = _need(corpora_dir() / "cfpb-complaints-sample" / "complaints_2023_head1MiB.csv")
    out = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            issue = (row.get("Issue") or "").strip()
            narrative = (row.get("Consumer complaint narrative") or "").strip()
            if issue:
                body = narrative or f"{issue}. {row.get('Sub-issue') or ''}".strip()
                out.append((issue, body))
    return out


def chinese() -> list[tuple[str, str]]:
    """Hotel and food-delivery reviews, negative ones first (they read as complaints)."""
    base = corpora_dir() / "sophonplus-chinesenlpcorpus"
    rows: list[tuple[str, str]] = []
    for name in ("ChnSentiCorp_htl_all.csv", "waimai_10k.csv"):
        with _need(base / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                review = (row.get("review") or "").strip()
                if len(review) >= _MIN_CHARS:
                    rows.append((row.get("label", "1"), review))
    rows.sort(key=lambda pair: pair[0])
    return [(_subject(text, 30), text) for _label, text in rows]


def _unwrap(cell: str) -> str:
    """The UTF-8 file stores each review as a Python list literal: "['text']"."""
    return cell[2:-2] if cell.startswith("['") and cell.endswith("']") else cell


def greek() -> list[tuple[str, str]]:
    """Skroutz reviews; the 3-class file is windows-1253, the other UTF-8."""
    base = corpora_dir() / "greek-skroutz-reviews"
    out: list[tuple[str, str]] = []
    with _need(base / "skroutz_reviews_3class.csv").open(encoding="cp1253", newline="") as f:
        out += [(r[0], r[0]) for r in csv.reader(f, delimiter=";") if r and r[0] != "reviews"]
    with _need(base / "skroutz_reviews_binary_with_lexicon_scores.csv").open(
        encoding="utf-8", newline=""
    ) as f:
        reader = csv.reader(f)
        next(reader, None)
        out += [(_unwrap(r[0]), _unwrap(r[0])) for r in reader if r]
    return [(_subject(s), d.strip()) for s, d in out if len(d.strip()) >= _MIN_CHARS]


def load() -> Texts:
    zh = chinese()
    half = len(zh) // 2
    traditional = [(to_traditional(s), to_traditional(d)) for s, d in zh[half : half + 3000]]
    return Texts(en=english(), zh_hans=zh[:half], zh_hant=traditional, el=greek())
