"""Charset handling for inbound mail: superset mapping, guessing, header words.

Mail in the wild is routinely mislabelled (GB18030 text declared as gb2312,
HKSCS characters declared as big5, undeclared 8-bit headers), so decoding
never trusts a label blindly and never inserts U+FFFD while a codec that fits
the bytes exists.
"""

from __future__ import annotations

import binascii
import codecs
import re
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "Decoded",
    "codec_for",
    "decode_bytes",
    "decode_header_text",
    "decode_words",
    "header_to_text",
]

# Labels whose real-world content uses a superset of the declared repertoire.
_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "ms936": "gb18030", "windows-936": "gb18030", "euc-cn": "gb18030", "csgb2312": "gb18030",
    "gb_2312-80": "gb18030", "gb2312-80": "gb18030", "chinese": "gb18030", "x-euc-cn": "gb18030",
    "big5": "big5hkscs", "big-5": "big5hkscs", "cn-big5": "big5hkscs", "x-x-big5": "big5hkscs",
    "csbig5": "big5hkscs", "big5-hkscs": "big5hkscs", "cp950": "big5hkscs", "ms950": "big5hkscs",
    "windows-950": "big5hkscs",
    "ks_c_5601-1987": "cp949", "ks_c_5601": "cp949", "ksc5601": "cp949", "ksc_5601": "cp949",
    "euc-kr": "cp949", "korean": "cp949", "windows-949": "cp949", "csksc56011987": "cp949",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "ms_kanji": "cp932", "windows-31j": "cp932",
    "iso-2022-jp": "iso2022_jp_2", "csiso2022jp": "iso2022_jp_2",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "iso8859-1": "cp1252",
    "utf-8": "utf-8-sig", "utf8": "utf-8-sig", "unicode-1-1-utf-8": "utf-8-sig",
}  # fmt: skip
# Labels that say nothing about 8-bit content: treat as undeclared.
_NON_LABELS = frozenset(
    {"us-ascii", "ascii", "ansi_x3.4-1968", "unknown-8bit", "x-unknown", "unknown", "default",
     "charset", "x-user-defined", "8bit", "none", ""}
)  # fmt: skip
_REPORTED = {"utf-8-sig": "utf-8"}
_LAST_RESORT = frozenset({"cp1252", "latin-1"})
_GUESS_ORDER = ("gb18030", "big5hkscs", "cp1253")
_GUESS_SAMPLE = 4000
_ESC_JIS = b"\x1b$"


class Decoded(NamedTuple):
    """Result of decoding bytes: the text, the codec used and whether it fitted."""

    text: str
    codec: str
    exact: bool


@lru_cache(maxsize=256)
def codec_for(label: str | None) -> str | None:
    """Return the Python codec to use for a declared charset label, or None.

    Mislabelled-in-practice charsets map to their supersets (gb2312 → gb18030,
    big5 → big5hkscs, ks_c_5601-1987 → cp949, iso-8859-1 → cp1252); us-ascii
    and unknown labels return None so that 8-bit content is guessed.
    """
    if label is None:
        return None
    name = label.strip().strip("\"'").lower()
    if name in _NON_LABELS:
        return None
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _declared_codecs(label: str | None) -> list[str]:
    superset = codec_for(label)
    if superset is None or label is None:
        return []
    original = label.strip().strip("\"'").lower()
    try:
        exact = codecs.lookup(original).name
    except LookupError:
        return [superset]
    return [superset] if exact == superset else [superset, exact]


def decode_bytes(data: bytes, declared: str | None = None, hint: str | None = None) -> Decoded:
    """Decode ``data`` with the declared charset, else the best-fitting guess.

    Tries the declared label's superset and the label itself strictly, then
    utf-8, the ``hint`` (e.g. the body's charset) and a scored choice among
    gb18030, big5hkscs and cp1253. If only cp1252/latin-1 would fit, a known
    declared charset is applied with replacement characters instead and
    ``exact`` is False. Never raises.
    """
    for codec in _declared_codecs(declared):
        try:
            return Decoded(data.decode(codec), _REPORTED.get(codec, codec), True)
        except UnicodeDecodeError:
            continue
    guessed = guess_decode(data, hint)
    fallback = codec_for(declared)
    if fallback is None or guessed.codec not in _LAST_RESORT:
        return guessed
    # A declared charset with a few bad bytes beats Western mojibake.
    return Decoded(data.decode(fallback, "replace"), _REPORTED.get(fallback, fallback), False)


def guess_decode(data: bytes, hint: str | None = None) -> Decoded:
    """Decode undeclared bytes by plausibility, cp1252/latin-1 as the last resort."""
    if data.isascii():
        if _ESC_JIS in data:
            try:
                return Decoded(data.decode("iso2022_jp_2"), "iso2022_jp_2", True)
            except UnicodeDecodeError:
                pass
        return Decoded(data.decode("ascii"), "ascii", True)
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8", True)
    except UnicodeDecodeError:
        pass
    hinted = codec_for(hint)
    if hinted is not None and hinted not in {"utf-8", "utf-8-sig", "ascii"}:
        try:
            return Decoded(data.decode(hinted), hinted, True)
        except UnicodeDecodeError:
            pass
    best = _best_scored(data)
    if best is not None:
        return best
    try:
        return Decoded(data.decode("cp1252"), "cp1252", True)
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "latin-1", True)


def _best_scored(data: bytes) -> Decoded | None:
    sample = data[:_GUESS_SAMPLE]
    best: tuple[float, str] | None = None
    for codec in _GUESS_ORDER:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            if len(data) > _GUESS_SAMPLE:
                text = sample.decode(codec, "ignore")  # the sample may cut a character
            else:
                continue
        score = _SCORERS[codec](text)
        if score >= 0.6 and (best is None or score > best[0]):
            best = (score, codec)
    if best is None:
        return None
    try:
        return Decoded(data.decode(best[1]), best[1], True)
    except UnicodeDecodeError:
        return None


def _non_ascii(text: str) -> list[str]:
    return [ch for ch in text if ord(ch) > 0x7F]


def _score_gb(text: str) -> float:
    """Share of non-ASCII characters in GB2312's punctuation or level-1 hanzi."""
    chars = _non_ascii(text)
    if not chars:
        return 0.0
    return sum(1 for ch in chars if _gb_common(ch)) / len(chars)


@lru_cache(maxsize=8192)
def _gb_common(ch: str) -> bool:
    try:
        lead = ch.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return 0xA1 <= lead <= 0xA3 or 0xB0 <= lead <= 0xD7


def _score_big5(text: str) -> float:
    """Share of non-ASCII characters in Big5's symbols or frequently-used hanzi."""
    chars = _non_ascii(text)
    if not chars:
        return 0.0
    return sum(1 for ch in chars if _big5_common(ch)) / len(chars)


@lru_cache(maxsize=8192)
def _big5_common(ch: str) -> bool:
    try:
        code = int.from_bytes(ch.encode("big5"), "big")
    except UnicodeEncodeError:
        return False
    return 0xA140 <= code <= 0xA3BF or 0xA440 <= code <= 0xC67E


def _score_greek(text: str) -> float:
    """Share of non-ASCII characters that are Greek letters inside Greek words.

    A Greek letter next to an ASCII letter is what Western text (é, ü)
    looks like through cp1253, so it does not count.
    """
    chars = 0
    good = 0
    for index, ch in enumerate(text):
        if ord(ch) <= 0x7F:
            continue
        chars += 1
        if "\u0386" <= ch <= "\u03ce" and not _ascii_letter_near(text, index):
            good += 1
    return good / chars if chars else 0.0


def _ascii_letter_near(text: str, index: int) -> bool:
    before = text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


_SCORERS = {"gb18030": _score_gb, "big5hkscs": _score_big5, "cp1253": _score_greek}

# RFC 2047 encoded word; a language suffix (RFC 2231 "*lang") may follow the charset.
_ENCODED_WORD = re.compile(r"=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?]*?)\?=")
_WHITESPACE = re.compile(r"\s+")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")


def _word_bytes(encoding: str, payload: str) -> bytes:
    raw = payload.encode("ascii", "ignore")
    if encoding in "qQ":
        return binascii.a2b_qp(raw, header=True)
    data = _NOT_BASE64.sub(b"", raw)
    if len(data) % 4 == 1:
        data = data[:-1]  # a dangling sextet cannot carry a byte
    data += b"=" * (-len(data) % 4)
    try:
        return binascii.a2b_base64(data)
    except binascii.Error:
        return b""


def decode_words(text: str, hint: str | None = None) -> str:
    """Decode RFC 2047 encoded words in ``text`` (already unfolded, no raw bytes).

    Adjacent words in one charset are joined as bytes before decoding, since
    senders split multi-byte characters across words; whitespace between
    encoded words is dropped as RFC 2047 requires.
    """
    if "=?" not in text:
        return text
    out: list[str] = []
    pending = b""
    pending_charset: str | None = None
    position = 0
    for match in _ENCODED_WORD.finditer(text):
        gap = text[position : match.start()]
        charset = match.group(1).lower()
        after_word = pending_charset is not None and (not gap or gap.isspace())
        if not (after_word and charset == pending_charset):
            out.append(_flush(pending, pending_charset, hint))
            pending = b""
            if not after_word:
                out.append(gap)
        pending += _word_bytes(match.group(2), match.group(3))
        pending_charset = charset
        position = match.end()
    out.append(_flush(pending, pending_charset, hint))
    out.append(text[position:])
    return "".join(out)


def _flush(data: bytes, charset: str | None, hint: str | None) -> str:
    return decode_bytes(data, charset, hint).text if data else ""


def header_to_text(raw: str, hint: str | None = None) -> str:
    """Unfold a raw header value and decode any raw 8-bit bytes in it.

    Bytes the parser kept as surrogate escapes are decoded as utf-8 if valid,
    else with ``hint`` (the body charset), else by guessing. Encoded words
    are left alone (see ``decode_words``).
    """
    text = _FOLD.sub("", raw)
    if text.isascii():
        return text
    return decode_bytes(text.encode("utf-8", "surrogateescape"), None, hint).text


def decode_header_text(raw: str, hint: str | None = None) -> str:
    """Decode one raw header value into readable single-line text."""
    text = decode_words(header_to_text(raw, hint), hint)
    return _WHITESPACE.sub(" ", text).strip()
