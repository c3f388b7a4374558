"""Every taboo code in every language: positives and hard negatives."""

from __future__ import annotations

import pytest

from complaintdesk.replycheck.engine import check_reply


def codes(text: str, language: str | None = None) -> list[str]:
    return check_reply(text, language).codes


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("That's not our department, you'll need to contact the manufacturer.", "en"),
        ("这不归我们管，你去找快递公司。", "zh-hans"),
        ("這不歸我們管，你去找貨運公司。", "zh-hant"),
        ("Δεν είναι δική μας αρμοδιότητα, απευθυνθείτε στον κατασκευαστή.", "el"),
    ],
)
def test_shifting_responsibility_is_t1(text: str, language: str) -> None:
    assert "T1" in codes(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We will not ask you to call anyone else; I have booked the repair for Monday.", "en"),
        ("我们不会让您再去找别人，我已经为您联系了厂家，明天下午三点前回复您。", "zh-hans"),
        ("我們不會讓您再去找別人，明天下午三點前回覆您。", "zh-hant"),
        ("Δεν θα σας ζητήσουμε να επικοινωνήσετε με τον κατασκευαστή· το αναλαμβάνουμε.", "el"),
    ],
)
def test_negated_passing_around_is_not_t1(text: str, language: str) -> None:
    assert "T1" not in codes(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("What's the problem?", "en"),
        ("Fine, whatever.", "en"),
        ("Ok noted.", "en"),
        ("好了,我知道了", "zh-hans"),
        ("就这样吧", "zh-hans"),
        ("好了，我知道了。", "zh-hant"),
        ("Ποιο είναι το πρόβλημα;", "el"),
        ("Εντάξει, το σημειώσαμε.", "el"),
    ],
)
def test_curt_reply_is_t2(text: str, language: str) -> None:
    assert "T2" in codes(text, language)


def test_noted_inside_a_full_reply_is_not_t2() -> None:
    text = "Noted, and thank you. I have refunded the fee today."
    assert "T2" not in codes(text, "en")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We will fix it as soon as possible.", "en"),
        ("我在搞，很快就好了。", "zh-hans"),
        ("我們會儘快處理。", "zh-hant"),
        ("Θα το διορθώσουμε το συντομότερο.", "el"),
        ("Θα σας ενημερώσουμε σύντομα.", "el"),
    ],
)
def test_vague_time_is_t3(text: str, language: str) -> None:
    assert "T3" in codes(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We will fix it soon, within 2 hours at the latest.", "en"),
        ("I'll call you soon — by 5pm today.", "en"),
        ("我们会尽快处理，明天下午三点前给您回复。", "zh-hans"),
        ("我們會儘快處理，週四前給您結果。", "zh-hant"),
        ("Θα σας ενημερώσουμε σύντομα, έως την Πέμπτη.", "el"),
        ("Θα το διορθώσουμε το συντομότερο, σε 2 ώρες.", "el"),
    ],
)
def test_concrete_time_suppresses_t3(text: str, language: str) -> None:
    result = check_reply(text, language)
    assert "T3" not in result.codes
    assert "TIMEFRAME" in result.elements


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We apologise for any inconvenience caused.", "en"),
        ("非常抱歉给您带来不便。", "zh-hans"),
        ("造成您的困擾，我們深感抱歉。", "zh-hant"),
        ("Ζητούμε συγγνώμη για την ταλαιπωρία.", "el"),
    ],
)
def test_apology_without_action_is_t4(text: str, language: str) -> None:
    result = check_reply(text, language)
    assert "T4" in result.codes
    assert "APOLOGY" in result.elements


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I'm sorry — I have already sent a replacement that arrives Thursday.", "en"),
        ("非常抱歉，我们已经为您补发，周三前送达。", "zh-hans"),
        ("很抱歉，我們已經幫您重新寄出。", "zh-hant"),
        ("Λυπάμαι πολύ, σας έχουμε ήδη στείλει νέο προϊόν.", "el"),
    ],
)
def test_apology_with_action_is_not_t4(text: str, language: str) -> None:
    result = check_reply(text, language)
    assert result.codes == []
    assert "APOLOGY" in result.elements


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("That's your own problem.", "en"),
        ("It was always like that.", "en"),
        ("You must have dropped it.", "en"),
        ("这是你们家的事", "zh-hans"),
        ("以前就這樣的。", "zh-hant"),
        ("Είναι δικό σας πρόβλημα.", "el"),
    ],
)
def test_blaming_the_customer_is_t5(text: str, language: str) -> None:
    assert "T5" in codes(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("This is not your fault; I have refunded you today.", "en"),
        ("这不是您的问题，我们已经为您补发。", "zh-hans"),
        ("這不是您的錯，我已經更正地址。", "zh-hant"),
        ("Δεν είναι δικό σας λάθος· το διορθώσαμε.", "el"),
    ],
)
def test_not_your_fault_is_not_t5(text: str, language: str) -> None:
    assert "T5" not in codes(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Per our policy, returns take 10 days. Please fill in the form.", "en"),
        ("根据公司规定，已拆封商品不予退换。", "zh-hans"),
        ("請先填寫這份申請表。", "zh-hant"),
        ("Συμπληρώστε τη φόρμα επιστροφής.", "el"),
    ],
)
def test_policy_only_is_t7(text: str, language: str) -> None:
    result = check_reply(text, language)
    assert "T7" in result.codes
    assert "POLICY_ONLY" in result.elements


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Our policy is 30 days, but I have made an exception and booked a collection.", "en"),
        ("按照规定本来不能退，但我已经为您特批了退货。", "zh-hans"),
        ("依照公司規定原則上不退，但我已經幫您申請了。", "zh-hant"),
        ("Η πολιτική μας είναι 14 ημέρες, όμως κανονίσαμε την παραλαβή.", "el"),
    ],
)
def test_policy_with_an_offer_is_not_t7(text: str, language: str) -> None:
    result = check_reply(text, language)
    assert "T7" not in result.codes
    assert "POLICY_ONLY" not in result.elements


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("You idiot.", "en"),
        ("Damn, again?", "en"),
        ("f*** off", "en"),
        ("去死吧", "zh-hans"),
        ("找死啊", "zh-hans"),
        ("你這個笨蛋", "zh-hant"),
        ("Είστε ηλίθιος;", "el"),
        ("Άντε χάσου.", "el"),
    ],
)
def test_rudeness_is_t8_and_blocks(text: str, language: str) -> None:
    result = check_reply(text, language)
    assert "T8" in result.codes
    assert result.verdict == "block"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Did you even read the manual?", "en"),
        ("你是不是没看说明书？", "zh-hans"),
        ("你有沒有看清楚？", "zh-hant"),
        ("Διαβάσατε καν τις οδηγίες;", "el"),
    ],
)
def test_blaming_rhetorical_question_is_t8_and_t5(text: str, language: str) -> None:
    assert {"T5", "T8"} <= set(codes(text, language))


def test_elements_of_a_good_reply_are_found() -> None:
    text = (
        "Thank you for writing. I understand how frustrating this is. Could you send your "
        "order number? You can choose a refund or a replacement, and I will ship it today."
    )
    result = check_reply(text, "en")
    assert result.codes == []
    assert {"THANKS", "EMPATHY", "CLARIFY", "OPTIONS", "ACTION", "TIMEFRAME"} <= set(
        result.elements
    )
