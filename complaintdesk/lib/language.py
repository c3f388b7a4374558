"""Reply language codes and script-based language detection.

Supported codes: ``"en"``, ``"zh-hans"``, ``"zh-hant"``, ``"el"``. ``canonical_language``
folds common aliases (``zh-cn``, ``zh-tw``, ``en-GB``, ``el-GR``...) into these codes.
"""

from __future__ import annotations

import unicodedata

from complaintdesk.lib.chinese import simplified_only_count, traditional_only_count

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "zh-hans", "zh-hant", "el")

_ALIASES: dict[str, str] = {
    "zh-hans": "zh-hans",
    "zh-cn": "zh-hans",
    "zh-sg": "zh-hans",
    "zh-my": "zh-hans",
    "zh-hans-cn": "zh-hans",
    "zh-hant": "zh-hant",
    "zh-tw": "zh-hant",
    "zh-hk": "zh-hant",
    "zh-mo": "zh-hant",
    "zh-hant-tw": "zh-hant",
    "zh-hant-hk": "zh-hant",
}


def canonical_language(code: str | None) -> str | None:
    """Map a language tag to a supported code.

    Returns ``"zh"`` for a bare Chinese tag (script still to be detected) and ``None`` when
    the tag is empty or not a supported language.
    """
    if not code:
        return None
    tag = code.strip().lower().replace("_", "-")
    if tag in _ALIASES:
        return _ALIASES[tag]
    primary = tag.split("-")[0]
    if primary in ("zh", "cmn", "yue"):
        return "zh"
    if primary in ("en", "el"):
        return primary
    if primary == "gr":
        return "el"
    return None


def _script_counts(text: str) -> tuple[int, int, int]:
    latin = greek = han = 0
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            latin += ch.isalpha()
        elif 0x0370 <= code <= 0x03FF or 0x1F00 <= code <= 0x1FFF:
            greek += 1
        elif 0x3400 <= code <= 0x9FFF or 0x20000 <= code <= 0x2FA1F:
            han += 1
        elif ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN"):
            latin += 1
    return latin, greek, han


def detect_chinese_script(text: str) -> str:
    """``"zh-hant"`` when Traditional-only characters outnumber Simplified-only ones."""
    trad = traditional_only_count(text)
    simp = simplified_only_count(text)
    return "zh-hant" if trad > simp else "zh-hans"


def detect_language(text: str) -> str:
    """Detect the reply language from its script; English is the fallback.

    One Han character carries about as much as a short Latin word, hence the weighting.
    """
    latin, greek, han = _script_counts(text)
    if han and han * 4 >= latin:
        return detect_chinese_script(text)
    if greek and greek >= latin:
        return "el"
    return "en"


def resolve_language(code: str | None, text: str) -> str:
    """The supported language for ``text``: the given tag when usable, else detected."""
    canonical = canonical_language(code)
    if canonical == "zh":
        return detect_chinese_script(text)
    if canonical is not None:
        return canonical
    return detect_language(text)
