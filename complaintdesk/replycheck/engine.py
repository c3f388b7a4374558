"""The reply check: taboos (DOMAIN.md §7) and good-reply elements (§8) in an outgoing reply.

Contract (API.md "Reply check"): ``check_reply`` never raises for any string; it returns a
:class:`CheckResult` whose ``to_dict()`` is the API's JSON. Finding spans are character
offsets into the original text (``excerpt == text[start:end]``). Verdict: any finding whose
severity is "block" (T8 by default) → ``"block"``; any other finding → ``"warn"``; else
``"ok"``. ``severity_overrides`` maps a code to ``"block"``, ``"warn"`` or ``"off"`` (drop
it). ``record_findings`` is the hook for findings that come from the complaint's record
rather than its text (T6: no response, broken promise); they are merged in as given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from complaintdesk.lib.language import canonical_language, resolve_language
from complaintdesk.replycheck.lexicon import MESSAGES, Hit
from complaintdesk.replycheck.normalise import NormalisedText, normalise
from complaintdesk.replycheck.rules import TABOO_DETECTORS, find_all_elements

Verdict = Literal["ok", "warn", "block"]

TABOO_CODES: tuple[str, ...] = ("T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8")
ELEMENT_CODES: tuple[str, ...] = (
    "APOLOGY",
    "EMPATHY",
    "THANKS",
    "CLARIFY",
    "ACTION",
    "TIMEFRAME",
    "OPTIONS",
    "POLICY_ONLY",
)
DEFAULT_SEVERITY: Mapping[str, str] = dict.fromkeys(TABOO_CODES, "warn") | {"T8": "block"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One taboo found in a reply, with where it is and how to say it better."""

    code: str
    label: str
    start: int
    end: int
    excerpt: str
    explanation: str
    suggestion: str
    explanation_ui: str = ""
    severity: str = "warn"

    def to_dict(self) -> dict[str, Any]:
        """The API.md JSON object for this finding (plus ``explanation_ui``)."""
        return {
            "code": self.code,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
            "explanation": self.explanation,
            "suggestion": self.suggestion,
            "explanation_ui": self.explanation_ui or self.explanation,
        }


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of checking one reply."""

    language: str
    findings: list[Finding] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)
    verdict: Verdict = "ok"

    @property
    def codes(self) -> list[str]:
        """Distinct taboo codes found, in code order."""
        found = {f.code for f in self.findings}
        return [code for code in TABOO_CODES if code in found]

    def to_dict(self) -> dict[str, Any]:
        """The API.md JSON for this result."""
        return {
            "language": self.language,
            "findings": [f.to_dict() for f in self.findings],
            "elements": list(self.elements),
            "verdict": self.verdict,
        }


def message(code: str, language: str) -> tuple[str, str, str]:
    """``(label, explanation, suggestion)`` for ``code`` in ``language`` (English fallback)."""
    entry = MESSAGES.get(code, {})
    texts = entry.get(language) or entry.get("en") or {}
    label = str(entry.get("label", code))
    return label, str(texts.get("explanation", "")), str(texts.get("suggestion", ""))


def make_finding(code: str, start: int, end: int, text: str, language: str) -> Finding:
    """A :class:`Finding` for ``code`` over ``text[start:end]`` with texts in ``language``."""
    label, explanation, suggestion = message(code, language)
    return Finding(code, label, start, end, text[start:end], explanation, suggestion)


def check_reply(
    text: str,
    language: str | None = None,
    ui_language: str | None = None,
    *,
    severity_overrides: Mapping[str, str] | None = None,
    record_findings: Iterable[Finding] = (),
) -> CheckResult:
    """Check an outgoing reply; see the module docstring for the contract."""
    lang = resolve_language(language, text)
    nt = normalise(text, lang)
    element_hits = find_all_elements(nt, lang)
    present = frozenset(hit.code for hit in element_hits)
    taboo_hits: list[Hit] = []
    for detector in TABOO_DETECTORS:
        for hit in detector(nt, lang, present):
            (taboo_hits if hit.code.startswith("T") else element_hits).append(hit)
    elements = {hit.code for hit in element_hits}
    ui_lang = resolve_language(ui_language, text) if canonical_language(ui_language) else lang
    findings = [*_to_findings(nt, taboo_hits, lang, ui_lang), *record_findings]
    findings = _apply_severity(findings, {**DEFAULT_SEVERITY, **(severity_overrides or {})})
    return CheckResult(
        language=lang,
        findings=findings,
        elements=[code for code in ELEMENT_CODES if code in elements],
        verdict=_verdict(findings),
    )


def _to_findings(nt: NormalisedText, hits: list[Hit], lang: str, ui_lang: str) -> list[Finding]:
    findings: list[Finding] = []
    covered: dict[str, list[tuple[int, int]]] = {}
    for hit in sorted(hits, key=lambda h: (h.start, h.code, -h.end)):
        start, end = nt.span(hit.start, hit.end)
        spans = covered.setdefault(hit.code, [])
        if any(s < end and start < e for s, e in spans):
            continue
        spans.append((start, end))
        finding = make_finding(hit.code, start, end, nt.original, lang)
        ui_text = message(hit.code, ui_lang)[1] if ui_lang != lang else finding.explanation
        findings.append(replace(finding, explanation_ui=ui_text))
    return findings


def _apply_severity(findings: list[Finding], severity: Mapping[str, str]) -> list[Finding]:
    kept: list[Finding] = []
    for finding in findings:
        level = severity.get(finding.code, "warn")
        if level == "off":
            continue
        kept.append(replace(finding, severity="block" if level == "block" else "warn"))
    return kept


def _verdict(findings: list[Finding]) -> Verdict:
    if any(f.severity == "block" for f in findings):
        return "block"
    return "warn" if findings else "ok"
