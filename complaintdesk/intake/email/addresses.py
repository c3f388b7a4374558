"""Email address normalisation and complaint references in subjects."""

from __future__ import annotations

import contextlib
import re

__all__ = ["base_address", "extract_reference", "normalise_address"]

# [C-2026-000042] or 【C-2026-000042】, the brackets our outgoing subjects use.
_REFERENCE = re.compile(r"(?:\[|【)\s*(C-\d{4}-\d{6,})\s*(?:\]|】)", re.IGNORECASE)


def normalise_address(addr: str) -> str:
    """Lower-case, strip and IDNA-encode the domain: "Li@Bücher.de" → "li@xn--bcher-kva.de".

    Input without "@" is only stripped and lower-cased; a domain that IDNA
    rejects is kept as lower-cased text rather than raising.
    """
    cleaned = addr.strip().strip("<>").strip().lower()
    local, at, domain = cleaned.rpartition("@")
    if not at:
        return cleaned
    domain = domain.rstrip(".")
    if not domain.isascii():
        # On failure keep the Unicode form: still comparable, never crashes intake.
        with contextlib.suppress(UnicodeError):
            domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain}"


def base_address(addr: str) -> str:
    """The normalised address without its plus tag: "li+orders@Example.com" → "li@example.com"."""
    normalised = normalise_address(addr)
    local, at, domain = normalised.rpartition("@")
    if not at:
        return normalised
    tagless = local.split("+", 1)[0] or local
    return f"{tagless}@{domain}"


def extract_reference(subject: str) -> str | None:
    """The first complaint reference in brackets, upper-cased, e.g. "C-2026-000042"."""
    match = _REFERENCE.search(subject)
    return match.group(1).upper() if match else None
