import numpy as np
import pytest

from app.engine.foils import foil_captions
from app.engine.signals.caption_article import ArticleTextProfile, caption_fit
from app.engine.signals.people import shared_names


def test_foil_bank_is_large_and_clean():
    foils = foil_captions()
    assert len(foils) >= 100
    assert len(set(foils)) == len(foils)
    assert not any(f.startswith("#") for f in foils)


def test_z_is_measured_against_the_foil_baseline():
    units = np.eye(3, dtype=np.float32)
    foils = np.array([[0.1, 0, 0], [0.3, 0, 0], [0.2, 0, 0]], dtype=np.float32)
    profile = ArticleTextProfile.build(["h", "s1", "s2"], units, foils)
    fit = caption_fit(np.array([0, 0.9, 0], dtype=np.float32), profile)
    assert fit.closest == "s1"
    assert fit.similarity == pytest.approx(0.9)
    assert fit.z == pytest.approx((0.9 - 0.2) / np.std([0.1, 0.3, 0.2]), rel=1e-4)
    assert fit.top3 == pytest.approx(0.3)
    assert fit.centroid == pytest.approx(0.9 / np.sqrt(3), rel=1e-4)


def test_shared_names_need_a_proper_name_in_both():
    story = "Lava from the eruption reached Grindavík on Sunday. Mayor Anna Berg said the lava slowed."
    assert shared_names("Lava flows towards houses in Grindavik.", story) == ["Grindavik"]
    assert shared_names("Lava lights up the sky above Catania, Sicily.", story) == []
    assert shared_names("Mayor Anna Berg visits on Monday.", story) == ["Anna", "Berg"]


def test_off_topic_scores_separate_with_the_real_sentence_model(text_encoder):
    units = ["Afghan government and Taliban negotiators open peace talks in Doha",
             "Negotiators met in Doha, Qatar, for the first direct talks after two decades of war.",
             "The government delegation said a lasting ceasefire was the first goal."]
    profile = ArticleTextProfile.build(units, text_encoder.encode(units),
                                       text_encoder.encode(list(foil_captions())))
    on, off = text_encoder.encode([
        "Government negotiators arrive for the peace talks at a hotel in Doha.",
        "Supporters wave flags at a rally outside the US Capitol in Washington.",
    ])
    on_fit, off_fit = caption_fit(on, profile), caption_fit(off, profile)
    assert on_fit.z - off_fit.z > 2.0
    assert on_fit.centroid > off_fit.centroid and on_fit.top3 > off_fit.top3


def test_html_bodies_keep_sentences_whole_around_inline_tags():
    from app.engine.text import html_to_text

    text = html_to_text("<p>Talks in <a href='/doha'>Doha</a> resumed &amp; went <em>on</em>.</p><p>Next.</p>")
    assert text == "Talks in Doha resumed & went on.\nNext."
    assert html_to_text("Tom &amp; Jerry") == "Tom & Jerry"
