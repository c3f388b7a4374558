"""Acceptance against third-party corpora in /work/shared/corpora (see each MANIFEST.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from complaintdesk.intake.email import bounced_recipient, classify_noise, parse_email
from complaintdesk.intake.email.tree import mime_leaves
from complaintdesk.lib.html import html_to_text

CORPORA = Path(__file__).resolve().parents[3].parent / "shared" / "corpora"
MIME4J = CORPORA / "apache-james-mime4j"
ZAMMAD = CORPORA / "zammad-sample" / "mail"
HELPDESK = CORPORA / "django-helpdesk" / "test_files"

# Messages whose part boundaries mime4j draws differently from the stdlib parser
# (so leaves at the same path hold different parts); their leaves are not compared.
STRUCTURAL_DIVERGENCE = {
    "2002_06_12_doublebound.msg": "mime4j ends a part at a repeated boundary line",
    "double-bound.msg": "same: repeated boundary lines make empty parts in mime4j",
    "frag.msg": "text after base64 padding on the boundary line is kept by us",
    "multi-frag.msg": "same: 'XXXXXX--boundary' garbage line decoded as base64 by us",
    "hdr-fakeout.msg": "mime4j keeps a header-looking line as header, we start the body",
    "basic-plain-with-bad-header-separator.msg": "header/body split differs",
    "malformedHeader-nocrlfcrlf.msg": "header/body split differs",
    "malformedHeader-noheader.msg": "header/body split differs",
    "malformedHeaderStartsBody-nocrlfcrlf.msg": "header/body split differs",
    "malformedHeaderStartsBody-noheader.msg": "header/body split differs",
    "obsolete.msg": "'Subject :' (space before colon) ends the stdlib header block",
    "multipartemptypart.msg": "an empty part: mime4j and the stdlib disagree on the epilogue",
    "ending-boundaries.msg": "no opening boundary: mime4j finds a part, the stdlib none",
    "very-long-boundary.msg": "mime4j does not match boundaries this long",
    "very-very-long-boundary.msg": "same",
    "weird-boundary.msg": "same",
}
_LEAF_NAME = re.compile(r'<(text|binary)-body name="([^"]+)"')


def _require(path: Path) -> Path:
    if not path.is_dir():
        pytest.fail(f"corpus missing: {path} (see /work/shared/corpora/README.md)")
    return path


def _mime4j_messages() -> list[Path]:
    messages = sorted(_require(MIME4J).glob("*/*.msg"))
    assert len(messages) == 80, f"expected 80 mime4j messages, found {len(messages)}"
    return messages


def _normalised(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").rstrip(b"\n")


def test_every_mime4j_message_parses_without_exception() -> None:
    for path in _mime4j_messages():
        parsed = parse_email(path.read_bytes())
        assert isinstance(parsed.text, str), path.name


def test_mime4j_decoded_leaves_match_where_the_trees_agree() -> None:
    compared = 0
    mismatches: list[str] = []
    for path in _mime4j_messages():
        if path.name in STRUCTURAL_DIVERGENCE:
            continue
        leaves = {leaf.path: leaf for leaf in mime_leaves(path.read_bytes())}
        expectation = path.with_name(f"{path.stem}_decoded.xml").read_text("utf-8", "replace")
        for _kind, name in _LEAF_NAME.findall(expectation):
            leaf_path = name[len(path.stem) + len("_decoded_") :].rsplit(".", 1)[0]
            leaf = leaves.get(leaf_path)
            if leaf is None:
                mismatches.append(f"{path.name} {leaf_path}: no such part")
                continue
            compared += 1
            if _normalised(leaf.content) != _normalised((path.parent / name).read_bytes()):
                mismatches.append(f"{path.name} {leaf_path}: content differs")
    assert mismatches == []
    assert compared >= 120


def _yaml_scalar(text: str, key: str) -> str:
    """Top-level scalar ``key`` of a zammad .yml: plain, '…', "…" or a | block."""
    match = re.search(rf"^{key}: (.*)$", text, re.MULTILINE)
    assert match, key
    value = match.group(1)
    if value == "|":
        block = re.search(rf"^{key}: \|\n((?:  .*\n|\n)*)", text, re.MULTILINE)
        assert block
        return "".join(line[2:] + "\n" for line in block.group(1).splitlines())
    if value.startswith("'"):
        return value[1:-1].replace("''", "'")
    if value.startswith('"'):
        quoted = re.search(rf'^{key}: "((?:[^"\\]|\\.)*)"', text, re.MULTILINE | re.DOTALL)
        assert quoted
        folded = re.sub(r"\n[ ]*", " ", quoted.group(1))
        return folded.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
    return value


def _words(text: str, content_type: str) -> str:
    return " ".join((html_to_text(text) if content_type == "text/html" else text).split())


@pytest.mark.parametrize(
    "name", ["mail007", "mail013", "mail033-undelivered-mail-returned-to-sender-notification"]
)
def test_zammad_mails_match_their_expectations(name: str) -> None:
    box = _require(ZAMMAD) / f"{name}.box"
    expected = (ZAMMAD / f"{name}.yml").read_text("utf-8")
    parsed = parse_email(box.read_bytes())
    assert parsed.from_address == _yaml_scalar(expected, "from_email").lower()
    assert parsed.from_name == _yaml_scalar(expected, "from_display_name")
    assert parsed.subject == _yaml_scalar(expected, "subject")
    assert " ".join(parsed.full_text.split()) == _words(
        _yaml_scalar(expected, "body"), _yaml_scalar(expected, "content_type")
    )
    expected_files = re.findall(r"^  filename: (.*)$", expected, re.MULTILINE)
    # Zammad stores the original HTML as a "message.html" attachment; we keep it as ``html``.
    expected_files = [file for file in expected_files if file != "message.html"]
    assert [item.filename for item in parsed.attachments] == expected_files


def test_zammad_bounce_is_classified_as_bounce() -> None:
    box = _require(ZAMMAD) / "mail033-undelivered-mail-returned-to-sender-notification.box"
    parsed = parse_email(box.read_bytes())
    assert classify_noise(parsed) == "bounce"
    assert bounced_recipient(parsed) == "not_existing@znuny.com"


def test_zammad_replies_are_not_noise() -> None:
    for name in ("mail007", "mail013"):
        parsed = parse_email((_require(ZAMMAD) / f"{name}.box").read_bytes())
        assert classify_noise(parsed) is None, name


def test_helpdesk_czech_quoted_printable_subject_and_body_are_decoded() -> None:
    parsed = parse_email((_require(HELPDESK) / "quoted_printable.eml").read_bytes())
    assert parsed.subject == "Český test"
    assert parsed.text == "Tohle je test českých písmen odeslaných z gmailu."


def test_helpdesk_blank_body_keeps_its_attachment() -> None:
    parsed = parse_email((_require(HELPDESK) / "blank-body-with-attachment.eml").read_bytes())
    assert parsed.text == ""
    assert [(item.filename, item.content) for item in parsed.attachments] == [
        ("baf", b"You shouldn't see this.\n")
    ]


def test_helpdesk_pgp_mime_gives_body_and_signature() -> None:
    parsed = parse_email((_require(HELPDESK) / "pgp.eml").read_bytes())
    assert parsed.text == (
        "hi, thanks for looking into this :)\n\n"
        "https://github.com/django-helpdesk/django-helpdesk/issues/567#issuecomment-342954233"
    )
    assert [item.filename for item in parsed.attachments] == ["signature.asc"]
