"""The calibrated caption decision: its arithmetic, its cut-offs, and how it settles findings."""

import numpy as np
import pytest

from app.engine.decision import DecisionModel, OperatingPoint, load_decision, write_decision
from app.engine.reasons import make_reason
from app.engine.signals.base import Settlement
from app.evaluation.decision_fit import TrainingSet, fit_decision
from app.settings import Severity


def model(**changes) -> DecisionModel:
    base = dict(features=("a", "b"), mean=np.array([1.0, 0.0]), scale=np.array([2.0, 1.0]),
                coef=np.array([1.5, -0.5]), intercept=-0.2, review_at=0.5, mismatch_at=0.9,
                provenance={"fitted": "2026-12-01"})
    return DecisionModel(**{**base, **changes})


def test_probability_is_the_logistic_of_the_standardised_features():
    values = np.array([3.0, 2.0])
    logit = ((3.0 - 1.0) / 2.0) * 1.5 + (2.0 - 0.0) * -0.5 - 0.2
    assert model().probability(values) == pytest.approx(1 / (1 + np.exp(-logit)))
    assert model().contributions(values) == pytest.approx({"a": 1.5, "b": -1.0})


@pytest.mark.parametrize("p, severity", [(0.2, Severity.info), (0.5, Severity.review), (0.95, Severity.mismatch)])
def test_cut_offs_give_severities(p, severity):
    assert model().severity(p) is severity


def test_written_model_loads_back(tmp_path):
    path = write_decision(tmp_path, "my-text-model", model())
    assert path == tmp_path / "calibration" / "decision__my-text-model.json"
    loaded = load_decision(tmp_path, "my-text-model")
    assert loaded.to_dict() == model().to_dict()


def test_a_text_model_without_its_own_decision_uses_the_bundled_one(tmp_path):
    bundled = load_decision(tmp_path, "all-MiniLM-L6-v2")
    assert load_decision(tmp_path, "some-other-model").to_dict() == bundled.to_dict()
    assert bundled.provenance["fitted"] and bundled.provenance["sources"]


def reason(code: str, severity: Severity):
    return make_reason(code, severity, f"{code} {severity.value}")


GOVERNS = frozenset({"caption_off_topic", "caption_person_unknown", "caption_place_conflict"})
DECISIVE = frozenset({"caption_place_conflict"})


def test_settlement_sets_governed_findings_and_keeps_information_and_other_signals():
    fallback = reason("caption_off_topic", Severity.review)
    settled = Settlement(Severity.info, GOVERNS, DECISIVE, None).apply([
        reason("caption_person_unknown", Severity.review),
        reason("caption_person_unknown", Severity.info),
        reason("image_caption_mismatch", Severity.mismatch),
    ])
    assert [r.severity for r in settled] == [Severity.info, Severity.info, Severity.mismatch]
    raised = Settlement(Severity.mismatch, GOVERNS, DECISIVE, fallback).apply(
        [reason("caption_person_unknown", Severity.review)])
    assert [(r.code, r.severity) for r in raised] == [("caption_person_unknown", Severity.mismatch)]


def test_a_decisive_mismatch_stands_and_an_unexplained_flag_gets_the_fallback():
    fallback = reason("caption_off_topic", Severity.review)
    kept = Settlement(Severity.info, GOVERNS, DECISIVE, None).apply(
        [reason("caption_place_conflict", Severity.mismatch)])
    assert kept[0].severity is Severity.mismatch
    alone = Settlement(Severity.review, GOVERNS, DECISIVE, fallback).apply(
        [reason("caption_person_unknown", Severity.info)])
    assert [r.code for r in alone] == ["caption_person_unknown", "caption_off_topic"]


def test_the_fallback_alone_asks_for_review_and_decides_a_mismatch_only_beside_another_flag():
    fallback = reason("caption_off_topic", Severity.mismatch)
    alone = Settlement(Severity.mismatch, GOVERNS, DECISIVE, fallback).apply(
        [reason("caption_person_unknown", Severity.info)])
    assert [(r.code, r.severity) for r in alone] == [
        ("caption_person_unknown", Severity.info), ("caption_off_topic", Severity.review)]
    beside = Settlement(Severity.mismatch, GOVERNS, DECISIVE, fallback).apply(
        [reason("caption_office_elsewhere", Severity.review)])
    assert [(r.code, r.severity) for r in beside] == [
        ("caption_office_elsewhere", Severity.review), ("caption_off_topic", Severity.mismatch)]


def test_a_doubted_decisive_mismatch_asks_for_review_and_others_stand():
    doubted = frozenset({"caption_place_conflict"})
    settled = Settlement(Severity.info, GOVERNS, DECISIVE | {"caption_date_conflict"}, None, doubted).apply([
        reason("caption_place_conflict", Severity.mismatch),
        reason("caption_date_conflict", Severity.mismatch),
    ])
    assert [r.severity for r in settled] == [Severity.review, Severity.mismatch]


def test_fitted_cut_offs_keep_cross_validated_false_flags_under_the_target():
    rng = np.random.default_rng(7)
    n = 400
    y = (rng.random(n) < 0.25).astype(int)
    x = np.column_stack([rng.normal(y * 2.0, 1.0), rng.normal(0, 1, n)])
    features = ("similarity", "z_vs_foils")
    data = TrainingSet(x, y, [f"g{i // 2}" for i in range(n)], {"synthetic": n})
    fitted = fit_decision(data, 0.05, 0.01, {"fitted": "today"}, features=features)
    cv = fitted.provenance["cross_validated"]
    assert cv["false_flags"] <= 0.05
    assert cv["recall"] > 0.5  # the informative feature carries it
    assert fitted.mismatch_at >= fitted.review_at
    weights = dict(zip(fitted.features, fitted.coef))
    assert weights["similarity"] > abs(weights.get("z_vs_foils", 0.0))


def test_a_feature_that_does_not_apply_pushes_neither_way():
    at_mean = model().probability(np.array([3.0, 0.0]))
    assert model().probability(np.array([3.0, np.nan])) == pytest.approx(at_mean)
    assert model().contributions(np.array([np.nan, 2.0]))["a"] == 0.0


def test_fitting_reads_not_applicable_features_as_the_mean():
    rng = np.random.default_rng(3)
    n = 300
    y = (rng.random(n) < 0.3).astype(int)
    x = np.column_stack([rng.normal(y * 2.0, 1.0), rng.normal(y * 1.0, 1.0)])
    x[::3, 1] = np.nan  # a third of the rows have no value for the second feature
    data = TrainingSet(x, y, [f"g{i}" for i in range(n)], {"synthetic": n})
    fitted = fit_decision(data, 0.05, 0.01, {"fitted": "today"}, features=("a", "b"))
    assert np.isfinite(fitted.mean).all() and np.isfinite(fitted.coef).all()
    assert fitted.mean[1] == pytest.approx(np.nanmean(x[:, 1]))
    assert fitted.coef[1] > 0


def with_points() -> DecisionModel:
    points = tuple(OperatingPoint(b, cut, b, r) for b, cut, r in
                   [(0.01, 0.95, 0.3), (0.02, 0.9, 0.4), (0.05, 0.7, 0.6), (0.10, 0.5, 0.8)])
    return model(review_at=0.8, mismatch_at=0.92, operating_points=points)


@pytest.mark.parametrize("budget, review_at, mismatch_at", [
    (None, 0.8, 0.92), (0.05, 0.7, 0.92), (0.07, 0.7, 0.92), (0.5, 0.5, 0.92), (0.001, 0.95, 0.95),
])
def test_a_false_flag_budget_picks_the_fitted_cut_off_within_it(budget, review_at, mismatch_at):
    chosen = with_points().at_false_flags(budget)
    assert (chosen.review_at, chosen.mismatch_at) == (review_at, mismatch_at)


def test_operating_points_survive_writing_and_loading(tmp_path):
    write_decision(tmp_path, "pointed-model", with_points())
    assert load_decision(tmp_path, "pointed-model").operating_points == with_points().operating_points


def test_fitting_records_an_operating_point_per_budget():
    rng = np.random.default_rng(11)
    n = 600
    y = (rng.random(n) < 0.3).astype(int)
    x = rng.normal(y * 1.5, 1.0).reshape(-1, 1)
    fitted = fit_decision(TrainingSet(x, y, [f"g{i}" for i in range(n)], {"synthetic": n}), 0.04, 0.01,
                          {"fitted": "today"}, features=("a",))
    points = fitted.operating_points
    assert [p.budget for p in points] == sorted(p.budget for p in points)
    assert all(p.false_flags <= p.budget for p in points)
    assert [p.review_at for p in points] == sorted((p.review_at for p in points), reverse=True)
    assert points[-1].recall > points[0].recall


def test_a_feature_weighted_against_its_own_direction_is_left_out():
    rng = np.random.default_rng(5)
    n = 2000
    shared = rng.normal(0, 1, n)
    a, b = shared + rng.normal(0, 0.3, n), shared + rng.normal(0, 0.3, n)
    y = (rng.random(n) < 1 / (1 + np.exp(-(3 * a - 1.5 * b)))).astype(int)
    # Alone, b goes with the captions to flag; beside a, a free fit weighs it the other way.
    data = TrainingSet(np.column_stack([a, b]), y, [f"g{i}" for i in range(n)], {"synthetic": n})
    fitted = fit_decision(data, 0.05, 0.01, {"fitted": "today"}, features=("a", "b"))
    assert fitted.features == ("a",) and fitted.coef[0] > 0
    assert fitted.provenance["left_out_against_their_direction"] == ["b"]
    assert fitted.probability(np.array([2.0])) > fitted.probability(np.array([-2.0]))


def test_a_standing_finding_keeps_its_own_severity_unless_the_decision_is_higher():
    standing = frozenset({"caption_date_conflict"})
    governs = GOVERNS | standing
    kept = Settlement(Severity.info, governs, DECISIVE, None, frozenset(), standing).apply([
        reason("caption_date_conflict", Severity.review),
        reason("caption_person_unknown", Severity.review),
    ])
    assert [r.severity for r in kept] == [Severity.review, Severity.info]
    raised = Settlement(Severity.mismatch, governs, DECISIVE, None, frozenset(), standing).apply(
        [reason("caption_date_conflict", Severity.review)])
    assert raised[0].severity is Severity.mismatch
