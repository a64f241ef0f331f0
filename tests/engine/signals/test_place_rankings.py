"""Places a text ranks something against are not where its events happen."""

from app.engine.place_tokens import tokenize
from app.engine.signals.place_mentions import find_mentions
from app.engine.signals.place_rankings import in_a_comparison
from app.engine.signals.places import CAPTION_TOWN_FAR, place_reasons
from app.engine.signals.places_story import analyse_article_places

RANKED = ("Halifax votes for denser housing\nHALIFAX, Nova Scotia (CP) — Halifax regional council voted on Tuesday "
          "to allow four homes on most lots in one of Canada's tightest rental markets.")
NATIONAL = ("Halifax votes for denser housing\nHALIFAX, Nova Scotia (CP) — Halifax regional council voted on Tuesday "
            "to allow four homes on most lots as Canada's housing crisis deepened.")


def _ranked(text: str, name: str, kinds: tuple[str, ...]) -> bool:
    tokens = tokenize(text)
    [mention] = [m for m in find_mentions(text, tokens) if m.text == name]
    return in_a_comparison(mention, tokens, kinds)


def test_a_country_is_read_as_ranked_against_only_when_asked_for():
    text = "Rents rose in Halifax, one of Canada's tightest rental markets."
    assert _ranked(text, "Canada", ("country",))
    assert not _ranked(text, "Canada", ("continent", "area"))
    assert not _ranked("Rents rose as Canada's housing crisis deepened.", "Canada", ("country",))


def test_a_local_story_that_ranks_its_town_in_its_country_stays_local():
    assert analyse_article_places(RANKED).local
    [far] = place_reasons("Houses line a street in Winnipeg's St. Vital neighbourhood.", analyse_article_places(RANKED))
    assert far.code == CAPTION_TOWN_FAR and "Winnipeg" in far.message
    # a country the opening names for itself still makes the story national
    assert not analyse_article_places(NATIONAL).local
