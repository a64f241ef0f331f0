"""When the story names a person (`people_found.known_name`, asked through the story's place
analysis): by the surname it writes with a capital."""

import pytest

from app.engine.encoders.entities import Entity
from app.engine.signals.people_found import people_among, posed_portraits
from app.engine.signals.places_story import analyse_article_places

TALKS = analyse_article_places(
    "Beijing brokers Saudi-Iran deal\nSaudi national security adviser Musaad bin Mohammed al-Aiban "
    "met Iran's Ali Shamkhani in talks hosted by China's top diplomat Wang Yi. The two sides will "
    "mark the deal with a visit; the ceremony attends to every single detail."
)


def _known(name: str) -> bool:
    return TALKS.names_person(name)


def test_a_person_is_known_by_the_surname_the_story_writes():
    assert _known("Ali Shamkhani") and _known("Shamkhani") and _known("Wang Yi")
    assert _known("Mosaad al-Aiban")  # "al-Aiban": the capitalised part of a hyphenated surname


def test_a_first_name_or_a_common_word_is_not_the_persons_name():
    assert not _known("Mark Zuckerberg")  # "mark" is a word of the story, "Zuckerberg" is not
    assert not _known("Ali Khamenei")  # a first name the story writes for someone else
    assert not _known("Faisal bin Farhan Jr.")


def test_a_phrase_of_the_storys_own_words_misread_as_a_name_is_the_storys():
    assert _known("Attends Every Single Detail")


def test_a_name_is_known_by_any_word_after_the_first_the_story_writes_with_a_capital():
    story = analyse_article_places("Chauvin guilty\nA jury found Derek Chauvin guilty in the death of George Floyd.")
    assert story.names_person("George Floyd Square")  # a place misread as a name
    assert not story.names_person("George Clooney")


def test_a_name_that_says_what_a_thing_is_called_is_nobody_shown():
    def people(scene: str, name: str) -> list[str]:
        start = scene.index(name)
        return [e.text for e in people_among(scene, [Entity(name, "PERSON", start, start + len(name))])]

    assert people("The blackened shell of the Mackintosh building in Glasgow.", "Mackintosh") == []
    assert people("Officials of the Trump administration arrive.", "Trump") == []
    assert people("Ann Mackintosh walks past the building.", "Ann Mackintosh") == ["Ann Mackintosh"]
    assert people("Fans greet the Mackintosh, who won.", "Mackintosh") == ["Mackintosh"]
    # a saint a church is dedicated to is nobody in the scene; a surname with "St" is a name
    assert people("The bell tower of the old church of Sant Romà emerges from the reservoir.", "Sant Romà") == []
    assert people("Ian St John lifts the cup.", "Ian St John") == ["Ian St John"]


def test_a_place_the_small_model_took_for_a_person_after_a_word_that_says_where_is_nobody():
    scene = "Security officers guard the People's Court in Hai Phong on Monday."
    assert people_among(scene, [_entity(scene, "Hai Phong")]) == []
    shown = "Hai Phong greets supporters."  # no word saying where: the name stays a person's
    assert [e.text for e in people_among(shown, [_entity(shown, "Hai Phong")])] == ["Hai Phong"]
    named = "Coach Anna Schmidt speaks in Berlin."
    assert [e.text for e in people_among(named, [_entity(named, "Anna Schmidt")])] == ["Anna Schmidt"]


def _entity(scene: str, name: str, label: str = "PERSON") -> Entity:
    start = scene.index(name)
    return Entity(name, label, start, start + len(name))


@pytest.mark.parametrize("scene, name, label, posed", [
    ("Calder Therapeutics chief executive Mark Feldstein at the company's offices in Cambridge.",
     "Mark Feldstein", "PERSON", True),
    ("Giovanni Castellucci, the former chief executive, in Rome in 2017.", "Giovanni Castellucci", "ORG", True),
    ("Police escort Giovanni Castellucci into the court in Genoa.", "Giovanni Castellucci", "PERSON", False),
    ("Mark Feldstein speaks at the company's offices in Cambridge.", "Mark Feldstein", "PERSON", False),
    ("Feldstein at the company's offices in Cambridge.", "Feldstein", "PERSON", False),  # one word may be anything
    # in action, at an event, in their car on a rally's stage: the photo shows an event
    ("Shamrock Rovers' Conor Breslin in action against Bohemians.", "Conor Breslin", "PERSON", False),
    ("Conor Breslin at the ground during the match.", "Conor Breslin", "PERSON", False),
    ("Jakub Hrdlička and Petr Vlček in their Škoda Fabia on the stage.", "Petr Vlček", "PERSON", False),
])
def test_a_person_opening_the_caption_and_then_only_where_is_posed_as_in_a_portrait(scene, name, label, posed):
    assert bool(posed_portraits(scene, [_entity(scene, name, label)])) is posed
