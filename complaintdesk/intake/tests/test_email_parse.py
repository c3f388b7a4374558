"""parse_email on hand-built messages: charsets, headers, broken MIME, HTML, attachments."""

from __future__ import annotations

import base64
import struct
from datetime import UTC, datetime

import pytest

from complaintdesk.intake.email import parse_email


def _mail(
    body: bytes,
    *,
    charset: str | None = "utf-8",
    subject: bytes = b"Hello",
    content_type: bytes = b"text/plain",
    extra: bytes = b"",
    encoding: bytes = b"8bit",
) -> bytes:
    ctype = content_type + (b"; charset=" + charset.encode() if charset else b"")
    return (
        b"From: Li Wei <li@example.com>\r\nTo: support@example.com\r\n"
        b"Message-ID: <m1@example.com>\r\nDate: Mon, 02 Mar 2026 10:00:00 +0800\r\n"
        b"Subject: " + subject + b"\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: " + ctype + b"\r\nContent-Transfer-Encoding: " + encoding + b"\r\n"
        + extra + b"\r\n" + body
    )  # fmt: skip


def test_gb2312_label_with_gb18030_only_characters_decodes_without_loss() -> None:
    text = "投诉：䶮𠀀镕喆的订单没有送到"
    parsed = parse_email(_mail(text.encode("gb18030"), charset="gb2312"))
    assert parsed.text == text
    assert parsed.charset_used == "gb18030"
    assert "\ufffd" not in parsed.text


def test_gbk_body_decodes() -> None:
    parsed = parse_email(_mail("朱镕基和陶喆".encode("gbk"), charset="GBK"))
    assert parsed.text == "朱镕基和陶喆"


def test_big5_label_with_hkscs_characters_decodes() -> None:
    text = "我哋嘅訂單仲未到咗㗎"
    parsed = parse_email(_mail(text.encode("big5hkscs"), charset="big5"))
    assert parsed.text == text
    assert parsed.charset_used == "big5hkscs"


@pytest.mark.parametrize("charset", ["iso-8859-7", "windows-1253"])
def test_greek_charsets_decode_as_declared(charset: str) -> None:
    text = "Καλησπέρα, θα ήθελα να κάνω ένα παράπονο."
    parsed = parse_email(_mail(text.encode(charset), charset=charset))
    assert parsed.text == text


def test_japanese_iso_2022_jp_decodes() -> None:
    text = "注文した商品が届きません。"
    subject = b"=?ISO-2022-JP?B?" + base64.b64encode("苦情".encode("iso2022_jp")) + b"?="
    parsed = parse_email(
        _mail(text.encode("iso2022_jp"), charset="iso-2022-jp", subject=subject, encoding=b"7bit")
    )
    assert parsed.text == text
    assert parsed.subject == "苦情"


@pytest.mark.parametrize("charset", ["euc-kr", "ks_c_5601-1987"])
def test_korean_charsets_decode(charset: str) -> None:
    text = "주문한 상품이 아직 도착하지 않았습니다. 똠방각하"
    parsed = parse_email(_mail(text.encode("cp949"), charset=charset))
    assert parsed.text == text


def test_raw_8bit_gb2312_subject_is_readable_chinese() -> None:
    parsed = parse_email(
        _mail(
            "请处理".encode("gb2312"), charset="gb2312", subject="关于退款的投诉".encode("gb2312")
        )
    )
    assert parsed.subject == "关于退款的投诉"


def test_raw_8bit_subject_without_body_charset_is_guessed() -> None:
    parsed = parse_email(_mail(b"plain", charset=None, subject="关于退款的投诉".encode("gb18030")))
    assert parsed.subject == "关于退款的投诉"


def test_raw_utf8_from_name_is_decoded() -> None:
    raw = _mail(b"x").replace(b"From: Li Wei", "From: 李伟".encode())
    parsed = parse_email(raw)
    assert (parsed.from_name, parsed.from_address) == ("李伟", "li@example.com")


def test_encoded_words_with_mislabelled_charset_and_split_characters() -> None:
    word = "䶮投诉".encode("gb18030")
    subject = (
        b"=?gb2312?B?" + base64.b64encode(word[:5]) + b"?= =?gb2312?B?"
        + base64.b64encode(word[5:]) + b"?="
    )  # fmt: skip
    parsed = parse_email(_mail(b"x", subject=b"Re: " + subject))
    assert parsed.subject == "Re: 䶮投诉"


def test_headers_ids_addresses_and_date() -> None:
    extra = (
        b"Cc: =?utf-8?B?5byg5LiJ?= <Zhang@Example.COM>, other@example.org\r\n"
        b"Reply-To: li+orders@example.com\r\nIn-Reply-To: <a@x>\r\nReferences: <r1@x> <a@x>\r\n"
    )
    parsed = parse_email(_mail(b"x", extra=extra))
    assert parsed.message_id == "m1@example.com"
    assert parsed.in_reply_to == "a@x"
    assert parsed.references == ("r1@x", "a@x")
    assert parsed.cc == ("zhang@example.com", "other@example.org")
    assert parsed.reply_to == ("li+orders@example.com",)
    assert parsed.date == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_rfc2231_chinese_filename_is_decoded() -> None:
    raw = (
        b"From: a@example.com\r\nSubject: f\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee attached\r\n"
        b"--b1\r\nContent-Type: application/pdf\r\n"
        b"Content-Disposition: attachment; filename*=gb2312''%CD%B6%CB%DF%2Epdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
        b"--b1\r\nContent-Type: image/png; name=\"=?utf-8?B?5Zu+54mHLnBuZw==?=\"\r\n"
        b"Content-ID: <img1@x>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw==\r\n"
        b"--b1--\r\n"
    )  # fmt: skip
    parsed = parse_email(raw)
    assert parsed.text == "see attached"
    names = [(item.filename, item.content_type, item.inline) for item in parsed.attachments]
    assert names == [("投诉.pdf", "application/pdf", False), ("图片.png", "image/png", True)]
    assert parsed.attachments[0].content == b"%PDF-1.4\n"
    assert parsed.attachments[1].content_id == "img1@x"


def test_missing_closing_boundary_is_repaired_and_recorded() -> None:
    raw = (
        b"From: a@example.com\r\nSubject: cut\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="zz"\r\n\r\n'
        b"--zz\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe parcel never came.\r\n"
    )
    parsed = parse_email(raw)
    assert parsed.text == "The parcel never came."
    assert any("CloseBoundaryNotFound" in defect for defect in parsed.defects)


def test_bad_base64_padding_is_repaired() -> None:
    encoded = base64.b64encode("退款请求!".encode())
    assert encoded.endswith(b"==")
    parsed = parse_email(
        _mail(encoded[:10] + b" \r\n" + encoded[10:-2] + b"\r\n", encoding=b"base64")
    )
    assert parsed.text == "退款请求!"
    assert parsed.defects == ("base64 padding repaired",)


def test_plain_text_labelled_base64_is_kept_as_text() -> None:
    body = b"Hello, this is not base64 at all!\r\nIt is prose, sent with a wrong label.\r\n"
    parsed = parse_email(_mail(body, encoding=b"base64"))
    assert parsed.text == "Hello, this is not base64 at all!\nIt is prose, sent with a wrong label."
    assert "content labelled base64 is not base64; kept as text" in parsed.defects


def test_html_only_mail_is_sanitised_and_gives_clean_text() -> None:
    html = (
        b"<html><head><style>p{color:red}</style><script>alert(1)</script></head>"
        b'<body onload="x()"><p>Dear team,</p><p>My order &amp; refund:<br>still&nbsp;open.</p>'
        b'<a href="javascript:alert(1)">x</a><img src="http://t.example/p.gif"></body></html>'
    )
    parsed = parse_email(_mail(html, content_type=b"text/html"))
    assert parsed.text == "Dear team,\n\nMy order & refund:\nstill open.\n\nx"
    assert parsed.html == (
        "<p>Dear team,</p><p>My order &amp; refund:<br>still&nbsp;open.</p>"
        '<a rel="noopener noreferrer nofollow">x</a><img>'
    )


def test_embedded_message_is_an_eml_attachment_not_body() -> None:
    inner = b"From: x@example.com\r\nSubject: Old order\r\n\r\nInner text\r\n"
    raw = (
        b"From: a@example.com\r\nSubject: fwd\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n"
        b"--b\r\nContent-Type: message/rfc822\r\n\r\n" + inner + b"--b--\r\n"
    )
    parsed = parse_email(raw)
    assert parsed.text == "See below."
    assert [item.filename for item in parsed.attachments] == ["Old order.eml"]
    assert b"Inner text" in parsed.attachments[0].content


def test_attachments_over_the_limit_are_dropped_and_recorded() -> None:
    raw = (
        b"From: a@example.com\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nbig file\r\n"
        b"--b\r\nContent-Type: application/zip; name=big.zip\r\n\r\n"
        + b"x" * 2000
        + b"\r\n--b--\r\n"
    )
    parsed = parse_email(raw, max_attachment_bytes=1000)
    assert parsed.attachments == ()
    assert "attachment 'big.zip' dropped: 2000 bytes exceed the 1000-byte limit" in parsed.defects


def test_garbage_never_raises_but_non_bytes_do() -> None:
    for raw in (b"", b"\x00\xff" * 50, b"Content-Type: multipart/mixed\r\n\r\n--", b":::\r\n\r\n"):
        assert parse_email(raw).attachments == ()
    with pytest.raises(TypeError):
        parse_email("text")  # type: ignore[arg-type]


def _tnef_attribute(level: int, attribute: int, kind: int, data: bytes) -> bytes:
    """One TNEF attribute as MS-OXTNEF lays it out: level, id, type, length, data and
    the data's 16-bit byte sum."""
    header = struct.pack("<BHHI", level, attribute, kind, len(data))
    return header + data + struct.pack("<H", sum(data) & 0xFFFF)


def _winmail_dat(body: bytes, filename: bytes, content: bytes) -> bytes:
    message, attachment = 0x01, 0x02
    return struct.pack("<IH", 0x223E9F78, 0x0001) + b"".join(
        [
            _tnef_attribute(message, 0x9006, 0x0008, struct.pack("<I", 0x00010000)),  # version
            _tnef_attribute(message, 0x9007, 0x0006, struct.pack("<II", 1252, 0)),  # codepage
            _tnef_attribute(message, 0x800C, 0x0002, body),  # attBody
            _tnef_attribute(attachment, 0x9002, 0x0006, b"\x01\x00" + b"\xff" * 12),  # rendering
            _tnef_attribute(attachment, 0x8010, 0x0001, filename + b"\x00"),  # attAttachTitle
            _tnef_attribute(attachment, 0x800F, 0x0006, content),  # attAttachData
        ]
    )


def _outlook_mail(winmail: bytes, text: bytes = b"") -> bytes:
    parts = [b"--b\r\nContent-Type: text/plain\r\n\r\n" + text + b"\r\n"] if text else []
    return (
        b"From: a@example.com\r\nSubject: rich text\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        + b"".join(parts)
        + b"--b\r\nContent-Type: application/ms-tnef; name=winmail.dat\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(winmail) + b"--b--\r\n"
    )


def test_winmail_dat_is_unpacked_into_its_body_and_attachments() -> None:
    winmail = _winmail_dat(b"The invoice is wrong.\r\n\x00", b"invoice.pdf", b"%PDF-1.4 fake")
    parsed = parse_email(_outlook_mail(winmail))
    assert parsed.text == "The invoice is wrong."
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [
        ("invoice.pdf", "application/pdf")
    ]
    assert parsed.attachments[0].content == b"%PDF-1.4 fake"
    assert parsed.defects == ()


def test_damaged_winmail_dat_is_kept_as_is_and_recorded() -> None:
    parsed = parse_email(_outlook_mail(b"not tnef at all", text=b"See attached."))
    assert parsed.text == "See attached."
    assert [a.filename for a in parsed.attachments] == ["winmail.dat"]
    assert parsed.attachments[0].content == b"not tnef at all"
    assert "winmail.dat could not be unpacked; kept as is" in parsed.defects
