from app.engine.reasons import make_reason
from app.engine.verdict import apply_overrides, article_verdict, figure_verdict
from app.settings import Settings, Severity


def _reason(code: str, severity: Severity):
    return make_reason(code, severity, "msg")


def test_figure_takes_its_most_severe_reason():
    reasons = [_reason("a", Severity.info), _reason("b", Severity.mismatch), _reason("c", Severity.review)]
    assert figure_verdict(reasons) == "mismatch"
    assert figure_verdict([_reason("a", Severity.info)]) == "consistent"
    assert figure_verdict([]) == "consistent"


def test_default_policy_blocks_on_mismatch_and_reviews_on_review():
    settings = Settings()
    assert article_verdict([_reason("a", Severity.mismatch)], settings) == "block"
    assert article_verdict([_reason("a", Severity.review)], settings) == "review"
    assert article_verdict([_reason("a", Severity.info)], settings) == "pass"
    assert article_verdict([], settings) == "pass"


def test_stricter_policy_blocks_on_review():
    settings = Settings(block_at=Severity.review)
    assert article_verdict([_reason("a", Severity.review)], settings) == "block"


def test_lenient_policy_never_reviews():
    settings = Settings(review_at=Severity.mismatch)
    assert article_verdict([_reason("a", Severity.review)], settings) == "pass"


def test_severity_overrides_apply_and_sort(monkeypatch):
    monkeypatch.setenv("CAPTIONCHECK_SEVERITY_OVERRIDES", '{"caption_person_unknown": "info"}')
    settings = Settings()
    reasons = apply_overrides(
        [_reason("caption_person_unknown", Severity.review), _reason("caption_off_topic", Severity.mismatch)],
        settings,
    )
    assert [r.code for r in reasons] == ["caption_off_topic", "caption_person_unknown"]
    assert reasons[1].severity is Severity.info
