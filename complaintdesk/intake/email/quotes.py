"""Separating the new text of a reply from the quoted history below it."""

from __future__ import annotations

import re

__all__ = ["split_quoted"]

_COLON = "[:：]"
# A single line that starts the quoted history (attribution or separator).
_CUT_LINE = re.compile(
    r"^(?:"
    r"On\s.{1,300}\swrote\s*:"
    r"|Am\s.{1,300}\sschrieb\s.{0,200}:"
    r"|Le\s.{1,300}\sa\s+écrit\s*:"
    r"|在.{1,300}(?:写道|寫道)\s*" + _COLON + r"?"
    r"|Στις\s.{1,300}\sέγραψε\s*" + _COLON + r"?"
    r"|-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|原始[邮郵]件|Αρχικό μήνυμα)\s*-{2,}"
    r"|_{10,}"
    r")\s*$",
    re.IGNORECASE,
)
# Outlook-style header blocks: a From line followed closely by Sent/Date/To/Subject.
_BLOCK_FROM = re.compile(
    r"^\*?(?:From|Von|De|发件人|寄件者|Από)\s*\*?" + _COLON + r"\s*\S", re.IGNORECASE
)
_BLOCK_NEXT = re.compile(
    r"^\*?(?:Sent|Date|To|Subject|Gesendet|Datum|An|Betreff|Envoyé|发送时间|日期|收件人|主题"
    r"|寄件日期|傳送時間|收件者|主旨|Στάλθηκε|Ημερομηνία|Προς|Θέμα)\s*\*?" + _COLON,
    re.IGNORECASE,
)
_QUOTE_PREFIX = re.compile(r"^[ \t]*>")
_BLOCK_LOOKAHEAD = 4


def _is_block_start(lines: list[str], index: int) -> bool:
    if not _BLOCK_FROM.match(lines[index]):
        return False
    following = lines[index + 1 : index + 1 + _BLOCK_LOOKAHEAD]
    return any(_BLOCK_NEXT.match(line.strip()) for line in following)


def _cut_index(lines: list[str]) -> int:
    """Index of the first line of the quoted history, or len(lines)."""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if _CUT_LINE.match(stripped) or _is_block_start(lines, index):
            return index
        # Clients wrap long attributions: "On Mon, ... <x@y>\nwrote:".
        if index + 1 < len(lines) and stripped[:2] in {"On", "在", "Στ"}:
            joined = f"{stripped} {lines[index + 1].strip()}"
            if _CUT_LINE.match(joined):
                return index
    return len(lines)


def split_quoted(text: str) -> tuple[str, str]:
    """Split a plain-text body into (new text, quoted history).

    Everything from the first attribution or separator line ("On … wrote:",
    "-----Original Message-----", an Outlook "From:/Sent:" block, "在…写道:",
    "-----原始邮件-----", "寄件者:/寄件日期:", "Στις … έγραψε:") onwards is
    history, and so is every line starting with ">" before it. Lines of an
    interleaved reply stay in the new text. Both parts are stripped of
    surrounding blank lines; joining them loses no non-blank line.
    """
    lines = text.split("\n")
    cut = _cut_index(lines)
    new_lines: list[str] = []
    quoted_lines: list[str] = []
    for line in lines[:cut]:
        (quoted_lines if _QUOTE_PREFIX.match(line) else new_lines).append(line)
    quoted_lines.extend(lines[cut:])
    return _trim("\n".join(new_lines)), _trim("\n".join(quoted_lines))


def _trim(text: str) -> str:
    """Drop blank lines around ``text`` and trailing spaces of each line."""
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n")).strip("\n")
