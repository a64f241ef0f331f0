import numpy as np

from app.engine.signals.image_caption import (
    find_swaps,
    image_article_reasons,
    image_caption_reasons,
    percentile_among_foils,
)
from app.settings import Severity


def test_percentile_counts_foils_beaten():
    image = np.array([1.0, 0.0])
    foils = np.array([[0.1, 0.99], [0.5, 0.86], [0.9, 0.43]])
    assert percentile_among_foils(image, np.array([0.7, 0.71]), foils) == 2 / 3
    assert percentile_among_foils(image, np.array([1.0, 0.0]), foils) == 1.0
    assert percentile_among_foils(image, np.array([0.0, 1.0]), foils) == 0.0


def test_caption_thresholds_give_mismatch_review_or_nothing():
    assert image_caption_reasons(0.2, 0.5, 0.8)[0].severity is Severity.mismatch
    assert image_caption_reasons(0.6, 0.5, 0.8)[0].severity is Severity.review
    assert image_caption_reasons(0.95, 0.5, 0.8) == []
    assert image_caption_reasons(0.2, 0.5, 0.8)[0].evidence["percentile_vs_foils"] == 0.2


def test_two_swapped_captions_are_found():
    sim = np.array([[0.20, 0.31], [0.33, 0.21]])
    swaps = find_swaps(sim, min_gain=0.02)
    assert {(s.figure, s.better_caption) for s in swaps} == {(0, 1), (1, 0)}
    assert abs(swaps[0].gain - 0.115) < 1e-6


def test_small_gain_is_not_a_swap():
    sim = np.array([[0.30, 0.31], [0.31, 0.30]])
    assert find_swaps(sim, min_gain=0.02) == []
    assert find_swaps(sim, min_gain=0.005)


def test_three_way_rotation_is_one_cycle():
    sim = np.array([[0.1, 0.5, 0.1], [0.1, 0.1, 0.5], [0.5, 0.1, 0.1]])
    swaps = find_swaps(sim, min_gain=0.02)
    assert sorted((s.figure, s.better_caption) for s in swaps) == [(0, 1), (1, 2), (2, 0)]


def test_correct_assignment_and_single_figure_have_no_swaps():
    assert find_swaps(np.eye(3) * 0.3 + 0.1, 0.02) == []
    assert find_swaps(np.array([[0.1]]), 0.02) == []


def test_swap_among_four_keeps_the_untouched_figures_clean():
    sim = np.full((4, 4), 0.1)
    np.fill_diagonal(sim, 0.3)
    sim[2, 2], sim[3, 3], sim[2, 3], sim[3, 2] = 0.1, 0.1, 0.3, 0.3
    assert {s.figure for s in find_swaps(sim, 0.02)} == {2, 3}


def test_image_article_reason_below_threshold_only():
    assert image_article_reasons(0.1, 0.3)[0].code == "image_off_topic"
    assert image_article_reasons(0.5, 0.3) == []
