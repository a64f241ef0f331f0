"""The place and person signals against the labelled dev cases."""

from app.engine.signals.people import CAPTION_PERSON_UNKNOWN
from app.engine.signals.places import CAPTION_PLACE_CONFLICT
from app.engine.encoders.entities import BUNDLED_NER, load_entity_recognizer
from app.engine.signals.people import person_reasons
from app.engine.signals.people_found import caption_people
from app.engine.signals.places import place_reasons
from app.engine.signals.places_story import analyse_article_places
from tests.conftest import dev_cases


def _recognizer():
    return load_entity_recognizer(BUNDLED_NER)


def dev_figures() -> list[tuple[str, dict, set[str]]]:
    out = []
    for article in dev_cases():
        text = article["headline"] + "\n" + article["body"]
        places = analyse_article_places(text)
        for fig in article["figures"]:
            people = caption_people([fig["caption"]], _recognizer())[0]
            reasons = place_reasons(fig["caption"], places) + person_reasons(fig["caption"], places, people)
            out.append((article["id"], fig, {r.code for r in reasons}))
    return out


def test_consistent_captions_are_clean():
    consistent = [(i, f, codes) for i, f, codes in dev_figures() if f["expected"] == "consistent"]
    assert len(consistent) == 16
    assert [(i, f["caption"], codes) for i, f, codes in consistent if codes] == []


def test_every_place_flag_is_a_place_conflict():
    place_flags = [(f, codes) for _, f, codes in dev_figures() if f["kind"] == "place"]
    assert len(place_flags) == 3
    assert all(CAPTION_PLACE_CONFLICT in codes for _, codes in place_flags)


def test_unknown_chef_is_flagged_and_toronto_is_not():
    by_caption = {f["caption"]: codes for _, f, codes in dev_figures()}
    chef = next(c for c in by_caption if c.startswith("Chef Paolo Rinaldi"))
    assert CAPTION_PERSON_UNKNOWN in by_caption[chef]
    toronto = next(c for c in by_caption if "Toronto" in c)
    assert by_caption[toronto] == set()
