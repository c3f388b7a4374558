"""Engine contract: spans, JSON shape, verdicts, normalisation, quotes, seeds, eval targets."""

from __future__ import annotations

from complaintdesk.lib.chinese import to_simplified, to_simplified_mapped, to_traditional
from complaintdesk.lib.language import detect_language, resolve_language
from complaintdesk.replycheck.engine import Finding, check_reply
from complaintdesk.replycheck.evaluation import evaluate, load_examples
from complaintdesk.replycheck.normalise import normalise

SEED_EFFECTIVE = (
    "Λυπάμαι πολύ που ακούσατε ότι λάβατε το λάθος widget χρώματος, αυτό είναι σίγουρα "
    "απογοητευτικό, ειδικά όταν έχετε μια προθεσμία έργου, επιτρέψτε μου να αναζητήσω την "
    "παραγγελία σας χρησιμοποιώντας τον αριθμό παραγγελίας σας (ζητήστε τον αριθμό παραγγελίας)."
)
SEED_INEFFECTIVE = (
    "Η πολιτική μας δηλώνει ότι οι επιστροφές χρειάζονται 7-10 εργάσιμες ημέρες. "
    "Συμπληρώστε αυτή τη φόρμα."
)


def test_seed_004_effective_reply_has_no_taboo() -> None:
    result = check_reply(SEED_EFFECTIVE)
    assert result.language == "el"
    assert result.codes == []
    assert {"APOLOGY", "EMPATHY", "ACTION", "CLARIFY"} <= set(result.elements)
    assert result.verdict == "ok"


def test_seed_004_ineffective_reply_is_t7_policy_only() -> None:
    result = check_reply(SEED_INEFFECTIVE)
    assert "T7" in result.codes
    assert "POLICY_ONLY" in result.elements


def test_spans_point_into_the_original_text() -> None:
    text = "Hello. This is your own problem, sorry."
    result = check_reply(text, "en")
    finding = next(f for f in result.findings if f.code == "T5")
    assert text[finding.start : finding.end] == finding.excerpt
    assert "your own problem" in finding.excerpt


def test_t5_span_and_label_for_the_api_example() -> None:
    result = check_reply("这是你们家的事", "zh-hans")
    data = result.to_dict()
    assert set(data) == {"language", "findings", "elements", "verdict"}
    first = data["findings"][0]
    assert first["code"] == "T5"
    assert first["label"] == "Blaming the customer"
    assert (first["start"], first["end"], first["excerpt"]) == (0, 7, "这是你们家的事")
    assert {"explanation", "suggestion", "explanation_ui"} <= set(first)
    assert data["verdict"] == "warn"


def test_traditional_text_is_matched_by_simplified_patterns() -> None:
    text = "您好，這是你們家的事。"
    result = check_reply(text)
    assert result.language == "zh-hant"
    finding = next(f for f in result.findings if f.code == "T5")
    assert finding.excerpt == "這是你們家的事"


def test_greek_matching_ignores_accents_and_final_sigma() -> None:
    for text in ("ΕΊΝΑΙ ΔΙΚΌ ΣΑΣ ΠΡΌΒΛΗΜΑ.", "Ειναι δικο σας προβλημα.", "είναι δικό σας πρόβλημα"):
        result = check_reply(text, "el")
        finding = next(f for f in result.findings if f.code == "T5")
        assert text[finding.start : finding.end] == finding.excerpt
    assert "T3" in check_reply("Θα σας απαντήσουμε συντομως", "el").codes


def test_english_matching_is_case_insensitive() -> None:
    assert "T8" in check_reply("YOU IDIOT", "en").codes


def test_quoted_customer_words_do_not_trigger() -> None:
    text = (
        "> did you even read my email, you idiots?\n"
        "You asked “is this your own problem?” — no. I have refunded you today."
    )
    assert check_reply(text, "en").codes == []
    assert check_reply("您说「你有沒有看清楚」，我们已为您补发。", "zh-hant").codes == []
    assert check_reply("Γράφετε «είστε ηλίθιοι»· σας στείλαμε ήδη νέο.", "el").codes == []


def test_offsets_survive_length_changing_normalisation() -> None:
    text = "ﬁne… İdiot!"
    nt = normalise(text, "en")
    start = nt.text.index("idiot")
    assert nt.span(start, start + 5) == (5, 10)
    finding = check_reply(text, "en").findings[0]
    assert finding.excerpt == "İdiot"


def test_simplified_mapping_handles_length_changes() -> None:
    converted, starts, ends = to_simplified_mapped("乾燥的頭髮")
    assert len(converted) == len(starts) == len(ends)
    assert converted == "干燥的头发"


def test_chinese_helpers_round_trip() -> None:
    assert to_simplified("週四") == "周四"
    assert to_traditional("周四") in ("週四", "周四")


def test_language_detection() -> None:
    assert detect_language("Thank you for your email") == "en"
    assert detect_language("非常抱歉给您带来不便") == "zh-hans"
    assert detect_language("非常抱歉給您帶來不便") == "zh-hant"
    assert detect_language("Λυπάμαι πολύ") == "el"
    assert resolve_language("zh-tw", "x") == "zh-hant"
    assert resolve_language("zh-cn", "x") == "zh-hans"
    assert resolve_language("zh", "給您帶來不便") == "zh-hant"
    assert resolve_language("zh-hk", "x") == "zh-hant"
    assert resolve_language("en-GB", "x") == "en"


def test_ui_language_explanation() -> None:
    result = check_reply("这是你们家的事", "zh-hans", ui_language="en")
    finding = result.findings[0]
    assert finding.explanation != finding.explanation_ui
    assert "blam" in finding.explanation_ui.lower() or "fault" in finding.explanation_ui.lower()


def test_severity_overrides_and_record_findings() -> None:
    text = "You idiot."
    assert check_reply(text, "en", severity_overrides={"T8": "warn"}).verdict == "warn"
    assert check_reply(text, "en", severity_overrides={"T8": "off"}).verdict == "ok"
    t6 = Finding("T6", "No response or broken promise", 0, 0, "", "late", "call today")
    result = check_reply("Thanks, I have refunded you today.", "en", record_findings=[t6])
    assert result.codes == ["T6"]
    assert result.verdict == "warn"


def test_empty_text_is_ok() -> None:
    result = check_reply("")
    assert result.verdict == "ok"
    assert result.findings == []


def test_eval_set_meets_targets() -> None:
    examples = load_examples()
    assert len(examples) >= 300
    report = evaluate(examples)
    for language, counts in report.by_language.items():
        assert sum(1 for ex in examples if ex.language == language) >= 70
        assert counts.recall >= 0.95, language
        assert counts.precision >= 0.90, language
    assert report.false_alarm_rate() <= 0.03
