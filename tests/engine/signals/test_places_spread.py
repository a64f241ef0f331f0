from app.engine.signals.places import CAPTION_TOWN_FAR, place_reasons
from app.engine.signals.places_story import analyse_article_places

# A story that names its country in its opening is not read as about one place, yet its towns lie close together.
CRUISE = (
    "India's Visakhapatnam opens its first cruise terminal\n"
    "VISAKHAPATNAM, India (AP) — India's east coast port city opened a cruise terminal on Monday, hoping to "
    "draw ships sailing the Bay of Bengal.{more} Officials said buses would link the terminal with the beaches."
)


def _reasons(caption: str, more: str = "") -> list:
    places = analyse_article_places(CRUISE.format(more=more))
    assert not places.local
    return place_reasons(caption, places)


def test_a_city_far_from_every_town_of_a_story_whose_towns_lie_close_together_is_elsewhere():
    [reason] = _reasons("Passengers board a cruise ship in Kolkata.")
    assert reason.code == CAPTION_TOWN_FAR and reason.severity == "review"
    assert "Kolkata" in reason.message and "Visakhapatnam" in reason.message and "750 km" in reason.message


def test_the_capital_may_be_the_government_s_seat_of_any_story():
    assert _reasons("Tourism officials meet in New Delhi.") == []
    # a story that names the capital may be a national one told from there
    assert _reasons("Passengers board a cruise ship in Kolkata.", " New Delhi has promised funds.") == []


def test_a_story_whose_towns_lie_far_apart_is_wider_than_one_place():
    assert _reasons("Passengers board a cruise ship in Kolkata.", " The route goes on to Mumbai.") == []


def test_a_story_that_opens_on_towns_apart_is_measured_from_all_its_towns():
    story = ("Montreal edges Laval in Quebec university final\nQUEBEC CITY (CP) — The Montreal Carabins beat "
             "the Laval Rouge et Or 24-21 on Saturday in the provincial final before 14,000 fans.")
    places = analyse_article_places(story)
    [reason] = place_reasons("Carabins players lift the trophy at a stadium in Calgary on Saturday.", places)
    assert reason.code == CAPTION_TOWN_FAR and "Calgary" in reason.message and "Montreal" in reason.message
    assert place_reasons("Fans leave the stadium in Lévis after the final.", places) == []
