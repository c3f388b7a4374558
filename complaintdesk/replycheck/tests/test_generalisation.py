"""Classes of phrasing covered beyond the engine author's own examples (holdout misses).

Each test is one class — a family of phrasings, not a single sentence — in every language
where the class occurs, with hard negatives next to the positives.
"""

from __future__ import annotations

import pytest

from complaintdesk.replycheck.engine import check_reply


def codes(text: str, language: str) -> list[str]:
    return check_reply(text, language).codes


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("For anything about baggage, please ring the airport.", "en"),
        ("You'll need to call our billing department on 0800 100 200.", "en"),
        ("Kindly forward your complaint to the finance team.", "en"),
        ("The delay was the airline's fault, not ours.", "en"),
        ("发票的问题请联系财务。", "zh-hans"),
        ("您打售后电话问一下。", "zh-hans"),
        ("這個要找原廠，不關我們的事。", "zh-hant"),
        ("帳單問題請洽客服專線。", "zh-hant"),
        ("你自己問下速遞公司啦。", "zh-hant"),
        ("Για θέματα χρέωσης πρέπει να καλέσετε το λογιστήριο.", "el"),
        ("Η καθυστέρηση οφείλεται στην αεροπορική εταιρεία, όχι σε εμάς.", "el"),
    ],
)
def test_sending_to_another_party_or_department_is_t1(text: str, language: str) -> None:
    assert "T1" in codes(text, language)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("We can't see payments from here.", "en", True),
        (
            "We can't see payments from here, so I've emailed billing and they'll call you today.",
            "en",
            False,
        ),
        ("我们这边处理不了。", "zh-hans", True),
        ("我们这边处理不了，已经为您转交专员，明天上午十点前回电。", "zh-hans", False),
        ("Δεν μπορούμε να δούμε πληρωμές από εδώ.", "el", True),
    ],
)
def test_cannot_handle_here_is_t1_only_without_a_step(
    text: str, language: str, expected: bool
) -> None:
    assert ("T1" in codes(text, language)) is expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Just restart the router and it'll be fine.", "en"),
        ("OK. What's the problem exactly?", "en"),
        ("重启一下就好了。", "zh-hans"),
        ("好的好的，知道了，还有别的事吗？", "zh-hans"),
        ("嗯，收到。", "zh-hant"),
        ("Απλά κάντε επανεκκίνηση και θα φτιάξει.", "el"),
        ("Εντάξει, εντάξει. Κάτι άλλο;", "el"),
    ],
)
def test_bare_quick_fix_or_brush_off_is_t2(text: str, language: str) -> None:
    assert "T2" in codes(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Sorry about that! If the light stays red, just restart the router and it should work; "
            "if not, I'll book an engineer for Friday.",
            "en",
        ),
        (
            "非常抱歉，您先重启一下就好了，如果还不行，我们明天上午派师傅上门。还有其他问题吗？",
            "zh-hans",
        ),
        (
            "Λυπούμαστε. Απλά κάντε επανεκκίνηση και θα φτιάξει· "
            "αν όχι, θα στείλουμε τεχνικό αύριο. Κάτι άλλο;",
            "el",
        ),
    ],
)
def test_quick_fix_inside_a_full_reply_is_not_t2(text: str, language: str) -> None:
    assert "T2" not in codes(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("为了尽快帮您处理，麻烦提供一下订单号。", "zh-hans"),
        ("為了盡快幫您處理，想請問您當時使用的是哪一張卡片？", "zh-hant"),
        ("想跟您確認一下，異音是開機時出現，還是運轉一段時間後才有？", "zh-hant"),
    ],
)
def test_purpose_clause_and_duration_are_not_t3(text: str, language: str) -> None:
    assert "T3" not in codes(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("It wasn't anything you did; we've rolled the update back. Sorry for the hassle.", "en"),
        ("不是您操作的问题，系统现在已经恢复正常了，实在不好意思。", "zh-hans"),
        ("是App昨晚更新造成的錯誤，我們已經修正，造成不便很不好意思。", "zh-hant"),
        ("很抱歉，我们已经对配送员进行了处理，并给您补发了一张优惠券。", "zh-hans"),
    ],
)
def test_apology_after_a_fix_is_not_t4(text: str, language: str) -> None:
    assert "T4" not in codes(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("That's down to you, I'm afraid.", "en"),
        ("The defect must have happened at your end during assembly.", "en"),
        ("这批货出货时检验都合格，肯定是你们组装时弄坏的。", "zh-hans"),
        ("是您自己沒有照說明書操作造成的。", "zh-hant"),
        ("系統就是這樣設計的。", "zh-hant"),
        ("Η ζημιά έγινε στη δική σας συναρμολόγηση.", "el"),
    ],
)
def test_blame_on_the_customer_side_is_t5(text: str, language: str) -> None:
    assert "T5" in codes(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Why didn't you tell us this when you ordered?", "en"),
        ("你到底有没有按我说的做？", "zh-hans"),
        ("你下單前為什麼不看清楚規格？", "zh-hant"),
        ("Το δοκίμασες καν πριν μας γράψεις;", "el"),
        ("Γιατί δεν μας το είπατε όταν παραγγείλατε;", "el"),
    ],
)
def test_accusing_question_is_t8_and_t5(text: str, language: str) -> None:
    found = codes(text, language)
    assert "T8" in found
    assert "T5" in found


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("There's no need to fill in a form; I've logged the claim myself.", "en"),
        ("您不需要填写任何表单，我已经帮您登记好了。", "zh-hans"),
        ("Δεν χρειάζεται να συμπληρώσετε καμία φόρμα. Καταχώρισα εγώ την αίτησή σας.", "el"),
    ],
)
def test_no_need_for_a_form_is_not_t7(text: str, language: str) -> None:
    assert "T7" not in codes(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("請先填寫退貨申請單並附上發票影本。", "zh-hant"),
        ("Please complete the attached claim form and return it to us.", "en"),
    ],
)
def test_form_instead_of_an_answer_is_t7(text: str, language: str) -> None:
    assert "T7" in codes(text, language)
