"""Guards for the translation catalogs (English is the source language).

* every catalog entry is translated, none is fuzzy, placeholders survive translation;
* every compiled .mo file matches its .po file;
* the pages and the customer notices, rendered in each language, ask the catalog for
  no string it cannot translate. This is the test that fails when a visible string
  lacks a translation: regenerate the catalogs with scripts/i18n.sh and translate.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django.utils.translation import trans_real

from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.notices import SUBJECTS, queue_notice
from complaintdesk.worker.models import OutboxMessage
from conftest import PASSWORD, file_complaint

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
# Django language code -> locale directory name.
CATALOGS = {"zh-hans": "zh_Hans", "zh-hant": "zh_Hant", "el": "el"}
PLURAL_FORMS = {
    "zh_Hans": "nplurals=1; plural=0;",
    "zh_Hant": "nplurals=1; plural=0;",
    "el": "nplurals=2; plural=(n != 1);",
}
# msgids that may reach the catalog untranslated on purpose, each with its reason.
# Keep this empty unless a string really reads the same in every language.
UNTRANSLATED_BY_DESIGN: dict[str, str] = {}

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|%%")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"


def _markup(text: str) -> Counter[str]:
    return Counter(_PLACEHOLDER.findall(text)) + Counter(_TAG.findall(text))


def _key(entry: polib.POEntry | polib.MOEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def _value(entry: polib.POEntry | polib.MOEntry) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


# --- the catalogs themselves -------------------------------------------------


@pytest.mark.parametrize("locale", sorted(CATALOGS.values()))
def test_catalog_is_complete_and_clean(locale: str) -> None:
    po = polib.pofile(str(_po_path(locale)))
    assert po.metadata.get("Language") == locale
    assert po.metadata.get("Plural-Forms") == PLURAL_FORMS[locale]
    assert not po.metadata_is_fuzzy, "the header must not be fuzzy"
    nplurals = 1 if locale.startswith("zh") else 2
    problems: list[str] = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.fuzzy:
            problems.append(f"fuzzy: {entry.msgid!r}")
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(nplurals)]
            if len(entry.msgstr_plural) != nplurals:
                problems.append(f"needs {nplurals} plural forms: {entry.msgid!r}")
            expected = set(_markup(entry.msgid_plural))
            for form in forms:
                if not form:
                    problems.append(f"untranslated plural form: {entry.msgid!r}")
                elif set(_markup(form)) != expected:
                    problems.append(f"placeholders differ: {entry.msgid!r} -> {form!r}")
        elif not entry.msgstr:
            problems.append(f"untranslated: {entry.msgid!r}")
        elif _markup(entry.msgstr) != _markup(entry.msgid):
            problems.append(f"placeholders differ: {entry.msgid!r} -> {entry.msgstr!r}")
    assert not problems, f"{locale}: " + "\n".join(problems)


@pytest.mark.parametrize("locale", sorted(CATALOGS.values()))
def test_compiled_catalog_matches_its_source(locale: str) -> None:
    po_path = _po_path(locale)
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run scripts/i18n.sh"
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(mo_path))
    expected = {_key(e): _value(e) for e in po.translated_entries()}
    compiled = {_key(e): _value(e) for e in mo if e.msgid}
    assert compiled == expected, f"{mo_path} is stale: run scripts/i18n.sh"


# --- what the pages and notices ask for ----------------------------------------


class _Recorder:
    """The last fallback of a language's catalog: notes every msgid the catalog lacks."""

    def __init__(self, fallback: Any) -> None:
        self.fallback = fallback
        self.missing: set[str] = set()

    def _note(self, msgid: str) -> None:
        # pgettext() looks up "context\x04message"; report the message.
        self.missing.add(msgid.split("\x04", 1)[-1])

    def gettext(self, message: str) -> str:
        self._note(message)
        return str(self.fallback.gettext(message)) if self.fallback else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self._note(msgid1)
        if self.fallback:
            return str(self.fallback.ngettext(msgid1, msgid2, n))
        return msgid1 if n == 1 else msgid2

    def pgettext(self, context: str, message: str) -> str:
        self._note(message)
        return message

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        self._note(msgid1)
        return msgid1 if n == 1 else msgid2


@contextmanager
def _recording(language: str) -> Iterator[_Recorder]:
    catalog: Any = trans_real.translation(language)  # a gettext.GNUTranslations
    original = catalog._fallback
    recorder = _Recorder(original)
    catalog._fallback = recorder
    try:
        yield recorder
    finally:
        catalog._fallback = original


def _client(language: str, username: str | None = None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if username:
        assert client.login(username=username, password=PASSWORD)
    return client


def _ok(response: Any) -> str:
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    return str(response.content.decode())


def _public_pages(language: str, complaint: Complaint) -> None:
    client = _client(language)
    _ok(client.get("/c/new/"))
    _ok(client.post("/c/new/", {"name": "", "email": "not-an-address", "website": "bot"}))
    page = _ok(
        client.post(
            "/c/new/",
            {
                "name": "Alice",
                "email": "alice@example.com",
                "subject": "Parcel",
                "description": "The parcel arrived open.",
            },
        )
    )
    assert 'id="tracking-link"' in page
    track = f"/c/t/{complaint.tracking_token}/"
    _ok(client.get(track))
    client.post(f"{track}reply/", {"text": "Any news?"})
    _ok(client.get(track))
    Complaint.objects.filter(pk=complaint.pk).update(status="resolved")
    _ok(client.get(track))
    _ok(client.get("/accounts/login/"))
    _ok(client.post("/accounts/login/", {"username": "agent", "password": "wrong"}))


# A reply the coach blocks (T8 blocks by default), in the complaint's language.
BLOCKED_REPLY = {
    "zh-hans": "你是不是没看说明书？上面写得清清楚楚。",
    "zh-hant": "你有沒有看清楚說明書？上面寫得很清楚。",
    "el": "Διαβάσατε καν τις οδηγίες; Το βήμα 3 τα λέει όλα.",
}


def _desk_pages(language: str, complaint: Complaint, untouched: Complaint) -> None:
    agent = _client(language, "agent")
    supervisor = _client(language, "supervisor")
    detail = f"/desk/c/{complaint.reference}/"
    blocked = BLOCKED_REPLY[language]
    agent.post(
        f"{detail}defer/",
        {
            "defer-message": "Thank you for your patience. We are checking this for you.",
            "defer-answer_by": (timezone.localtime() + timedelta(days=2)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "defer-update_channel": "email",
        },
    )
    agent.post(f"{detail}note/", {"note-text": "Called the warehouse."})
    agent.post(f"{detail}note/", {"note-text": ""})
    agent.post(f"{detail}answer/", {"immediate-message": blocked})
    agent.post(
        f"{detail}answer/",
        {"immediate-message": blocked, "immediate-override_reason": "Quoted by the customer"},
    )
    for text in (blocked, "Thank you, we are on it."):
        _ok(agent.post(f"{detail}coach/?field=immediate-message", {"immediate-message": text}))
    supervisor.post(f"{detail}presence/", {"replying": "1"})
    _ok(agent.post(f"{detail}presence/", {"replying": "0"}))
    _ok(agent.get(detail))
    for group in ("knew", "did", "warnings"):
        _ok(agent.get(detail, {"events": group}))
    _ok(agent.get(f"/desk/c/{untouched.reference}/"))
    _ok(agent.get("/desk/"))
    for view in ("mine", "teams", "unassigned", "at_risk", "breached", "waiting", "resolved"):
        _ok(agent.get("/desk/", {"view": view}))
    _ok(agent.get("/desk/", {"q": "nothing matches this"}))
    _ok(supervisor.get("/desk/supervision/"))
    _ok(supervisor.get(detail))


def _translations(language: str) -> set[str]:
    """The catalog's own translations: Django's {% get_available_languages %} passes the
    already translated (lazy) LANGUAGES names through gettext() once more."""
    po = polib.pofile(str(_po_path(CATALOGS[language])))
    return {s for e in po for s in (e.msgstr, *e.msgstr_plural.values()) if s}


def _english_fragments() -> set[str]:
    """Pieces of the notices' English source text, long enough to be unmistakable."""
    po = polib.pofile(str(_po_path("el")))
    fragments: set[str] = set()
    for entry in po:
        where = {path for path, _line in entry.occurrences}
        if not any(p.startswith(("templates/notices/", "complaints/notices.py")) for p in where):
            continue
        for text in (entry.msgid, entry.msgid_plural):
            for piece in _PLACEHOLDER.split(text or ""):
                piece = piece.strip(" .,:;")
                if len(piece) >= 12 and " " in piece:
                    fragments.add(piece)
    return fragments


def _notices(complaint: Complaint) -> list[OutboxMessage]:
    now = timezone.now()
    promise = SimpleNamespace(promised_at=now + timedelta(days=2), description="Refund")
    old_promise = SimpleNamespace(promised_at=now + timedelta(hours=2), description="Refund")
    context: dict[str, Any] = {
        "promise": promise,
        "old_promise": old_promise,
        "reason": "Stock",
        "update_channel": "email",
        "team": None,
        "person": "Dana",
        "place": "Phone",
        "meeting_at": now + timedelta(days=1),
        "remedies": [],
    }
    kinds = sorted(p.stem for p in (TEMPLATES_DIR / "notices").glob("*.txt"))
    assert kinds, "no notice templates found"
    queued: list[OutboxMessage] = []
    for kind in kinds:
        assert kind in SUBJECTS, f"notices/{kind}.txt has no subject in notices.SUBJECTS"
        steps = ["change_person", "change_place", "change_time"] if kind == "escalation" else [""]
        for step in steps:
            outbox = queue_notice(complaint, kind, context={**context, "step": step})
            assert outbox is not None
            queued.append(outbox)
    return queued


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_pages_and_notices_use_only_translated_strings(cast: Any, language: str) -> None:
    with _recording(language) as recorder:
        complaint = file_complaint(language=language)
        other = file_complaint(language=language)
        _desk_pages(language, complaint, other)
        _public_pages(language, other)
        notices = _notices(complaint)
    missing = recorder.missing - set(UNTRANSLATED_BY_DESIGN) - _translations(language)
    assert not missing, (
        f"{language}: these strings have no translation (run scripts/i18n.sh and "
        f"translate them): {sorted(missing)}"
    )
    fragments = _english_fragments()
    for outbox in notices:
        assert outbox.language == language
        for field in ("subject", "body_text", "body_html"):
            text = getattr(outbox, field)
            leaked = sorted(f for f in fragments if f in text)
            assert not leaked, f"{outbox.kind} {field} ({language}) has English text: {leaked}"
