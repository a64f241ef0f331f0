"""Towns inside one country: a caption town far from a local story's town asks for review."""

from datetime import date

import pytest

from app.engine.gazetteer import gazetteer
from app.engine.place_tokens import fold, name_key
from app.engine.signals.places import (
    CAPTION_PLACE_CONFLICT, CAPTION_TOWN_FAR, found_now, frame_reasons, place_reasons, without_recalled_towns,
)
from app.engine.signals.dates import read_story_past
from app.engine.signals.places_story import analyse_article_places
from app.engine.signals.places_distance import FAR_KM, REGION_FAR_KM, km_between
from app.engine.text import split_sentences
from app.settings import Severity

TRAM_STORY = ("City council approves new tram line\n"
              "Lyon's city council voted on Wednesday to build a tram line linking the eastern suburbs "
              "to the city centre. Construction starts next year.")


def reasons(caption: str, story: str = TRAM_STORY):
    return place_reasons(caption, analyse_article_places(story))


def test_towns_carry_their_coordinates():
    lyon, marseille = (gazetteer().lookup(name_key(n)) for n in ("Lyon", "Marseille"))
    assert lyon.spots and all(country == "FR" for country, _, _ in lyon.spots)
    distance = km_between(lyon.spots[0][1:], marseille.spots[0][1:])
    assert 250 < distance < 300  # about 277 km as the crow flies


def test_cities_carry_their_state_or_province():
    def division(name: str) -> str | None:
        return gazetteer().division_at(gazetteer().lookup(name_key(name)).spots[0][1:])

    assert division("Kozhikode") == division("Malappuram") != division("Bengaluru")  # Kerala, Karnataka
    assert division("Calgary") == division("Edmonton") and division("Calgary").startswith("CA.")


def test_a_region_has_no_point_of_a_smaller_city_that_lists_its_name():
    # Rio Grande, a port 300 km from Porto Alegre, lists "Rio Grande do Sul" among its names.
    assert gazetteer().lookup(name_key("Rio Grande do Sul")).spots == ()
    [(_, lat, lon)] = gazetteer().lookup(name_key("New York")).spots  # the city known by the name
    assert km_between((lat, lon), (40.71, -74.01)) < 10


def test_a_country_s_name_is_not_a_city_abroad_that_lists_it_only_among_names_unlike_its_own():
    # Alor Setar, Malaysia, lists "Thai"; "Grenada" is among Granada's other names.
    assert gazetteer().lookup(name_key("Thai")).countries == {"TH"}
    assert gazetteer().lookup(name_key("Grenada")).countries == {"GD"}
    assert gazetteer().lookup(name_key("Georgia")).countries == {"GE", "US"}  # the state is a region of its own


def test_a_us_state_has_no_point_of_a_town_named_after_it_elsewhere():
    # Oregon, Ohio and Wyoming, Michigan; Washington, DC is what "Washington" often means.
    assert gazetteer().lookup(name_key("Oregon")).spots == ()
    assert gazetteer().lookup(name_key("Wyoming")).spots == ()
    [(_, lat, lon)] = gazetteer().lookup(name_key("Washington")).spots
    assert km_between((lat, lon), (38.90, -77.04)) < 10


def test_a_town_far_from_a_local_story_asks_for_review_and_says_how_far():
    [reason] = reasons("Commuters board a tram in Marseille.")
    assert reason.code == CAPTION_TOWN_FAR and reason.severity == Severity.review
    assert reason.evidence["distance_km"] > FAR_KM
    assert "Marseille" in reason.message and "Lyon" in reason.message and "km" in reason.message


def test_a_far_town_is_measured_though_the_caption_adds_the_country_the_story_names():
    story = ("Lyon approves new tram line\nLYON, France — Lyon's city council voted on Wednesday to build "
             "a tram line linking the eastern suburbs to the city centre.")
    [reason] = reasons("Commuters board a tram in Marseille, France.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Marseille" in reason.message
    [reason] = reasons("Commuters board a tram in Marseille, southern France, on Monday.", story)
    assert reason.code == CAPTION_TOWN_FAR
    assert reasons("Commuters board a tram in Villeurbanne, France.", story) == []  # a suburb
    assert reasons("Commuters board a tram in Marseille and Lyon, France.", story) == []  # the story's town


@pytest.mark.parametrize("caption", [
    "Commuters board a tram in Villeurbanne.",  # a suburb of the story's city
    "Commuters board a tram in Lyon.",
    "Trams in Marseille and Lyon share a design.",  # the story's own town is named too
    "Commuters board a tram.",
])
def test_near_towns_the_story_town_and_no_town_are_not_flagged(caption):
    assert reasons(caption) == []


@pytest.mark.parametrize("story", [
    # a national story: the headline names the country
    "France's rail strike enters second week\nUnions in Lyon said trains would stay in depots on Monday.",
    # the town comes only later in the story, not in its opening
    "Rail unions extend strike\nUnions said trains would stay in depots on Monday. Talks resume in Lyon.",
    # the story names towns far apart: it is not about one place
    "Storm damage in Lyon and Bordeaux\nStorms in Lyon and Bordeaux brought down trees on Monday.",
])
def test_stories_about_more_than_one_place_are_not_measured(story):
    assert reasons("Commuters board a tram in Marseille.", story) == []


def test_a_town_in_another_country_is_still_the_country_check():
    [reason] = reasons("Tourists ride a tram in Madrid.")
    assert reason.code != CAPTION_TOWN_FAR and reason.severity == Severity.mismatch


def test_a_dateline_state_does_not_widen_a_local_story_and_is_not_named_as_its_town():
    story = ("Dayton voters back school levy\nDAYTON, Ohio (AP) — Voters in Dayton approved a school "
             "levy on Tuesday, the first in a decade.")
    [reason] = reasons("Supporters celebrate at a party in Tucson, Ariz.", story)
    assert reason.code == CAPTION_TOWN_FAR
    assert reason.message.endswith("km from Dayton, where the story happens.")
    assert reasons("Supporters celebrate at a party in Cincinnati.", story) == []  # 75 km away


def test_a_town_several_countries_share_is_the_one_beside_the_story_s_other_towns():
    # Halifax is in Canada and in England; beside Dartmouth, the story is about Nova Scotia.
    story = ("Halifax approves bike lanes\nHalifax council approved a network of protected bike lanes "
             "on Tuesday, linking downtown to the ferry terminal for Dartmouth.")
    [reason] = reasons("A cyclist rides in a painted lane in Toronto.", story)
    assert reason.code == CAPTION_TOWN_FAR and reason.evidence["distance_km"] > 1000


def test_a_caption_that_is_only_a_credit_sets_no_scene():
    story = ("Houston hires a new head coach\nHouston named its new football coach on Tuesday, "
             "the university said.")
    places = analyse_article_places(story)
    assert frame_reasons("(Photo: Brett Davis, USA TODAY Sports)", places, None, 180) == []
    assert frame_reasons("Fans cheer in Davis, Calif.", places, None, 180) != []


def test_a_town_name_with_two_points_in_the_country_still_makes_a_local_story():
    # Des Moines is in Iowa and in Washington state: the story is about one of them, not both.
    story = ("Des Moines school board approves budget\nThe Des Moines Public Schools board approved "
             "a budget on Tuesday that cuts 40 central office jobs.")
    [reason] = reasons("Parents protest outside a district office in Phoenix, Arizona.", story)
    assert reason.code == CAPTION_TOWN_FAR and reason.evidence["distance_km"] > 1500
    assert reasons("Parents protest outside a district office in Des Moines.", story) == []


def test_a_region_the_story_s_place_is_ranked_against_leaves_the_story_local():
    story = ("Fire guts market stalls in Accra\nACCRA, Ghana — Fire swept through Makola market, one of the "
             "largest in West Africa, on Tuesday, destroying hundreds of stalls.")
    [reason] = reasons("Traders salvage goods from burnt stalls in Tamale.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Tamale" in reason.message and "Accra" in reason.message


def test_a_town_qualified_by_its_state_past_a_district_is_measured():
    story = ("Bus plunges into gorge in Himachal Pradesh\nSHIMLA, India — At least 30 people were killed when "
             "a bus fell into a gorge on Wednesday, police said.")
    [reason] = reasons("Relatives wait outside a hospital in Ottapalam, Palakkad district, Kerala.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Ottapalam, Kerala" in reason.message
    assert "from Shimla," in reason.message  # the dateline's town, as a reader writes it


def test_a_far_town_named_later_in_a_local_story_does_not_widen_it():
    story = ("Townsville braces as cyclone nears\nTOWNSVILLE — Residents of Townsville filled sandbags "
             "on Thursday as the cyclone approached. The Bureau of Meteorology said in Brisbane that "
             "winds could reach 200 km/h.")
    [reason] = reasons("A fallen tree blocks a road in Hervey Bay.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Townsville" in reason.message
    assert reasons("Forecasters brief reporters in Brisbane.", story) == []  # named by the story


def test_a_state_named_in_the_opening_does_not_widen_a_local_story():
    story = ("Porto Alegre floods again\nPORTO ALEGRE — The river rose above its flood level on Thursday "
             "in the capital of Rio Grande do Sul, forcing 6,000 people from their homes.")
    [reason] = reasons("Residents wade through a flooded avenue in Recife.", story)
    assert reason.code == CAPTION_TOWN_FAR and reason.evidence["distance_km"] > 2000


def test_a_dateline_country_that_only_says_where_the_town_is_keeps_the_story_local():
    story = ("Recife mayoral race heads to runoff\nRECIFE, Brazil (AP) — The two leading candidates "
             "for mayor of Recife will meet in a runoff, official results showed on Monday.")
    [reason] = reasons("Salvador mayoral candidate Rodrigo Menezes greets supporters after voting.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Salvador" in reason.message and "Recife" in reason.message
    national = "Brazil votes in city elections\nBrazil held municipal elections on Sunday in Recife and elsewhere."
    assert reasons("Salvador mayoral candidate Rodrigo Menezes greets supporters.", national) == []


@pytest.mark.parametrize("epithet", ["Kenya's capital", "the Kenyan capital", "Kenya's largest city"])
def test_a_country_that_only_names_the_town_s_standing_keeps_the_story_local(epithet):
    story = ("Flash floods hit Nairobi settlements\nNAIROBI, Kenya (AP) — Heavy rain flooded informal "
             f"settlements on the east side of {epithet} on Sunday, forcing thousands from their homes.")
    [reason] = reasons("People wade through a flooded street in Mombasa after the downpour.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Mombasa" in reason.message and "Nairobi" in reason.message


def test_a_headline_town_the_first_sentence_puts_the_news_in_by_its_epithet_makes_the_story_local():
    # The headline names Kenya too, so only the first sentence says the story is Nairobi's.
    story = ("Floods kill 9 in Nairobi as rains lash Kenya\nNAIROBI, Kenya (AP) — Floodwaters swept "
             "through settlements in Kenya's capital overnight, police said on Wednesday.")
    [reason] = reasons("A family salvages belongings from their flooded home in Kisumu.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Kisumu" in reason.message and "Nairobi" in reason.message


@pytest.mark.parametrize("epithet", ["Congo's capital", "the Congolese capital"])
def test_a_plain_capital_the_story_does_not_open_on_is_another_city_not_an_epithet(epithet):
    story = ("Rebels close in on Goma\nGOMA, Congo (AP) — Rebels who seized the airport on Sunday "
             f"threatened to march on {epithet}, more than 1,500 km to the west.")
    assert reasons("Residents queue for water in Kinshasa on Monday.", story) == []


def test_a_country_named_for_itself_in_the_opening_still_makes_the_story_national():
    story = ("Kenya floods kill dozens\nNAIROBI, Kenya (AP) — Floods across Kenya's counties killed "
             "dozens on Sunday, Kenya's government said, with the capital Nairobi among the worst hit.")
    assert reasons("People wade through a flooded street in Mombasa after the downpour.", story) == []


def test_a_range_named_like_a_town_abroad_does_not_widen_a_local_story():
    story = ("Mudslides sweep through Lima's eastern outskirts\nLIMA, Peru (Reuters) - Mudslides triggered "
             "by overnight downpours in the Andes tore through districts on Lima's eastern edge on Thursday.")
    [reason] = reasons("Residents wade through a flooded street in Piura on Thursday.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Piura" in reason.message


def test_a_later_town_known_only_abroad_does_not_widen_a_local_story():
    # Sion and Kurla are Mumbai districts; the gazetteer knows the names only in Israel and China.
    story = ("Heavy rain disrupts Mumbai trains\nMUMBAI: Heavy rain flooded tracks across the city on "
             "Monday. Water logging was reported in Thane, Sion and Kurla.")
    [reason] = reasons("Commuters wade through a waterlogged street near Howrah station.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Mumbai" in reason.message


def test_a_story_whose_other_places_are_all_abroad_did_not_open_on_a_town():
    # "Lassa fever" names a virus after a Nigerian town, read as Lhasa; the story is about Nigeria's states.
    story = ("Lassa fever deaths rise to 102\nDeaths from Lassa fever this year rose to 102, health "
             "officials said. Edo, Ondo and Bauchi account for most cases.")
    assert analyse_article_places(story).local is False
    assert reasons("A rat trap at a market in Owo, Ondo State.", story) == []


@pytest.mark.parametrize("story, far, town, near", [
    # "Oregon's largest city": the state is no second town far from Portland
    ("Portland council bans daytime camping on city sidewalks\nThe Portland City Council voted "
     "on Wednesday to ban camping during daytime hours, in the latest attempt by Oregon's "
     "largest city to address encampments.",
     "Tents line a sidewalk in the Skid Row area of downtown Los Angeles.", "Portland",
     "Tents line a sidewalk in downtown Portland."),
    # one country named later is where people go, not proof the opening was misread
    ("Auckland building consents fall to lowest level in four years\nThe number of new homes "
     "consented in Auckland has fallen to its lowest level in four years. \"We risk losing skilled "
     "workers to Australia,\" a builders' group said.",
     "New townhouses under construction in Rolleston, Canterbury.", "Auckland",
     "New townhouses under construction in Albany, Auckland."),
    # "Congo" may be either Congo, and the donors named later are countries, not towns
    ("Congo begins mpox vaccination in Goma\nGOMA, Democratic Republic of Congo — Congo began "
     "vaccinating people against mpox on Saturday in the eastern city of Goma. The doses were "
     "donated by the United States and Japan.",
     "Health workers prepare mpox vaccines at a clinic in Lubumbashi.", "Goma",
     "Health workers prepare mpox vaccines at a clinic in Goma."),
])
def test_a_local_story_stays_local_beside_states_and_countries_it_names(story, far, town, near):
    [reason] = reasons(far, story)
    assert reason.code == CAPTION_TOWN_FAR and town in reason.message
    assert reasons(near, story) == []


def test_a_qualified_town_the_gazetteer_reads_abroad_is_found_among_the_country_s_small_towns():
    story = ("Mexico City rations water\nMEXICO CITY — Authorities in Mexico City extended water rationing "
             "to more neighbourhoods as the Cutzamala system fell to a record low.")
    [reason] = reasons("The dried-up bed of the La Boca dam in Santiago, Nuevo León state.", story)
    assert reason.code == CAPTION_TOWN_FAR
    # Mexico has several Santiagos: the nearest is as near as the caption can be.
    assert "at least" in reason.message and "Mexico City" in reason.message


def test_a_headline_town_where_the_first_sentence_puts_the_news_makes_a_local_story():
    # Written with its country and a foreign lender, but about one city.
    story = ("Hanoi opens Vietnam's first metro line\nHANOI, Vietnam (AP) — Vietnam's first urban railway "
             "began carrying passengers in Hanoi on Saturday, a decade after work started on the "
             "Chinese-funded line.")
    [reason] = reasons("Passengers board a train in Ho Chi Minh City on its opening day.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Ho Chi Minh City" in reason.message and "Hanoi" in reason.message
    assert reasons("Passengers board a train at Cat Linh station in Hanoi.", story) == []


DRONE_STORY = ("Russian drone hits Kyiv apartment block\nKYIV, Ukraine (AP) — A Russian drone slammed into an "
               "apartment building in Kyiv's Solomianskyi district early Tuesday, Ukrainian officials said. "
               "Moscow denies targeting civilians.")


def test_another_country_s_nationality_beside_the_opening_town_is_an_actor_and_the_story_stays_local():
    [reason] = reasons("A man looks at a building damaged by a drone strike in Dnipro, Ukraine.", DRONE_STORY)
    assert reason.code == CAPTION_TOWN_FAR and "Dnipro" in reason.message and "Kyiv" in reason.message
    assert "Moscow" not in reason.message  # the actor's capital is not where the story happens
    assert reasons("Rescuers search the rubble of the building in Kyiv.", DRONE_STORY) == []


def test_a_small_town_written_in_its_region_is_that_town_and_not_a_district_of_the_story_s_city():
    story = ("Lillehammer braces for floods\nLILLEHAMMER, Norway — The Lågen river rose through Lillehammer on "
             "Tuesday as heavy rain and snowmelt swelled it.")
    [reason] = reasons("Floodwater covers farmland near Levanger in Trøndelag on Tuesday evening.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Levanger" in reason.message and "Lillehammer" in reason.message
    # alone, it is the town too under a story of a small town, which has no districts captions name
    assert reasons("Floodwater covers farmland near Levanger on Tuesday evening.", story)[0].code == CAPTION_TOWN_FAR
    # under a city's story, a small town's name alone may be one of its districts
    city = ("Oslo braces for floods\nOSLO, Norway — The Akerselva river rose through Oslo on Tuesday as heavy "
            "rain and snowmelt swelled it.")
    assert reasons("Floodwater covers a park near Levanger on Tuesday evening.", city) == []


def test_a_neighbourhood_of_the_opening_town_is_no_town_abroad():
    story = ("In Congo's cobalt capital, diggers feel the pain\nKOLWEZI, Congo (AP) — In the crowded neighborhood "
             "of Kasulo, the ground beneath many homes has been hollowed out by diggers.")
    [reason] = reasons("Artisanal miners sift gravel on the outskirts of Mbuji-Mayi, Congo.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Mbuji-Mayi" in reason.message and "Kolwezi" in reason.message
    assert reasons("Diggers haul sacks of cobalt ore in Kasulo, Kolwezi.", story) == []


def test_the_opening_town_s_own_nationality_may_make_the_story_national():
    story = ("Egypt raises fuel prices\nCAIRO (AP) — Egyptian authorities raised fuel prices by up to 15% on "
             "Friday, the second rise this year.")
    assert reasons("Drivers queue at a petrol station in Alexandria, Egypt.", story) == []


def test_a_headline_that_puts_its_town_after_in_makes_a_local_story_whatever_its_nationality_word():
    # "Thai" names the protesters, not a second country (a Malaysian city lists it among other names).
    story = ("Thai protesters rally in central Bangkok\nBANGKOK (AP) — Thousands of protesters gathered "
             "at a major intersection on Thursday in defiance of an emergency decree.")
    [reason] = reasons("Protesters flash a salute at Tha Phae Gate in Chiang Mai, Thailand.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Chiang Mai" in reason.message and "Bangkok" in reason.message
    assert reasons("Protesters flash a salute at Ratchaprasong intersection in Bangkok.", story) == []


@pytest.mark.parametrize("story, caption", [
    # "of" and "from" are no scene: the mayor and the refugees are the story's, not their town
    ("Mayor of Kyiv warns of winter blackouts\nKyiv's mayor said on Monday that power cuts would "
     "spread across Ukraine.", "Residents queue for water in Lviv during a blackout."),
    # the capital stands for its government: the sentence after it puts nothing in it
    ("Beijing hits back at new tariffs\nBEIJING (Reuters) — China said on Tuesday it would retaliate "
     "against new US tariffs on its exports.", "Workers assemble electronics at a factory in Shenzhen."),
    # the headline names another country beside its town
    ("Hanoi and Tokyo sign rail deal\nVietnam and Japan signed a deal in Hanoi on Saturday to fund a new line.",
     "Passengers board a train in Ho Chi Minh City."),
])
def test_a_headline_town_that_is_not_where_the_news_happens_is_not_measured(story, caption):
    assert reasons(caption, story) == []


def test_a_story_told_by_several_nearby_towns_is_local_without_naming_one_first():
    story = ("Tram drivers walk out\nDrivers on the tram network began a 48-hour strike over pay on Friday. "
             "Services to Bury, Altrincham and Eccles were halted, and a depot near Old Trafford was picketed.")
    assert analyse_article_places(story).local
    [reason] = reasons("An empty tram platform in Cardiff during the walkout.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Cardiff" in reason.message
    assert reasons("Pickets outside the tram depot in Stretford.", story) == []
    two_towns = "Tram drivers walk out\nDrivers began a strike on Friday. Services to Bury and Altrincham stopped."
    assert not analyse_article_places(two_towns).local


@pytest.mark.parametrize("caption, town", [
    ("Striking teachers rally outside Los Angeles City Hall.", "Los Angeles"),
    ("Visitors queue outside the Cleveland Museum of Art.", "Cleveland"),
    ("A union leader arrives at Denver District Court.", "Denver"),
])
def test_a_town_opening_the_name_of_a_hall_museum_or_court_places_the_caption_there(caption, town):
    story = ("Chicago teachers strike\nCHICAGO (AP) — Chicago teachers went on strike Thursday, and "
             "thousands rallied outside schools across the city.")
    [reason] = reasons(caption, story)
    assert reason.code == CAPTION_TOWN_FAR and town in reason.message


def test_a_far_town_where_an_institution_the_story_names_sits_is_only_noted():
    story = ("West Texas measles outbreak grows\nLUBBOCK, Texas (AP) — Measles cases in Lubbock rose to "
             "90 on Friday, and the Centers for Disease Control and Prevention sent a team.")
    [seat] = reasons("The headquarters of the Centers for Disease Control and Prevention in Atlanta.", story)
    assert seat.severity == Severity.info and seat.evidence["seat_of"] == "CDC"
    [far] = reasons("Parents queue at a clinic in Atlanta.", story)
    assert far.code == CAPTION_TOWN_FAR and far.severity == Severity.review


def test_a_far_logo_or_headquarters_of_a_company_the_story_names_is_only_noted():
    story = ("Intel delay hits Ohio suppliers\nJOHNSTOWN, Ohio (AP) — Businesses near Intel's planned chip "
             "plant braced on Friday for a longer wait after the company delayed the project again, "
             "Governor Mike DeWine said.")
    [seat] = reasons("The Intel logo at the company's headquarters in Santa Clara, California.", story)
    assert seat.severity == Severity.info and seat.evidence["seat_of"] == "Intel"
    assert "shows Intel," in seat.message
    # a company the story never names, or no logo or headquarters: still far
    [other] = reasons("The Nvidia logo at the company's headquarters in Santa Clara, California.", story)
    assert other.code == CAPTION_TOWN_FAR
    [plant] = reasons("Workers leave an Intel plant in Santa Clara, California.", story)
    assert plant.code == CAPTION_TOWN_FAR
    # a person's campaign office is no company's seat
    [office] = reasons("Supporters of Mike DeWine outside his campaign headquarters in Santa Clara, California.", story)
    assert office.code == CAPTION_TOWN_FAR


def test_a_story_across_the_state_its_headline_names_measures_far_more_widely():
    story = "Texas teachers walk out over pay\nAUSTIN, Texas — Schools across the state closed on Monday."
    assert analyse_article_places(story).regional
    assert reasons("Teachers picket a school in Houston.", story) == []  # about 240 km
    [far] = reasons("Teachers picket a school in Denver.", story)  # about 1,250 km
    assert far.code == CAPTION_TOWN_FAR and far.evidence["distance_km"] > REGION_FAR_KM
    assert not analyse_article_places(TRAM_STORY).regional


def test_a_town_of_another_state_is_far_sooner_than_one_across_the_state_the_headline_names():
    story = ("Kerala shuts schools as Nipah virus returns\nKOZHIKODE, India — Kerala closed schools in "
             "Kozhikode district on Wednesday after a second death; Malappuram is on alert.")
    assert analyse_article_places(story).regional
    [far] = reasons("Residents walk through a containment zone in Bengaluru.", story)  # Karnataka
    assert far.code == CAPTION_TOWN_FAR and FAR_KM < far.evidence["distance_km"] < REGION_FAR_KM
    assert "another state or province" in far.message
    assert reasons("Nurses at a hospital in Thiruvananthapuram.", story) == []  # Kerala, about 330 km
    texas = "Texas teachers walk out over pay\nAUSTIN, Texas — Schools across the state closed on Monday."
    [far] = reasons("Teachers picket a school in Shreveport.", texas)  # Louisiana, about 450 km
    assert far.code == CAPTION_TOWN_FAR and "another state" in far.message
    assert reasons("Teachers picket a school in Lubbock.", texas) == []  # Texas, about 530 km


def test_a_town_just_across_a_border_is_the_story_s_neighbourhood_and_a_farther_one_is_not():
    story = ("Strasbourg extends its tram\nSTRASBOURG, France — The city opened its tram extension "
             "on Saturday.")
    assert reasons("Passengers board a tram in Kehl.", story) == []  # Germany, about 5 km
    [abroad] = reasons("Passengers board a tram in Freiburg.", story)  # about 65 km
    assert abroad.code != CAPTION_TOWN_FAR and "Germany" in abroad.message
    port = "Strike halts Antwerp port\nANTWERP, Belgium — Dockers walked out on Tuesday."
    [rival] = reasons("Container ships wait at anchor off Rotterdam.", port)  # about 80 km
    assert "Rotterdam (the Netherlands)" in rival.message


def test_a_small_one_word_town_named_alone_may_be_a_district_of_the_story_s_city():
    story = ("Delhi council approves new housing plan\nDELHI — The city council in Delhi voted on "
             "Tuesday to approve the plan.")
    assert reasons("Residents queue outside a shop in Dwarka on Monday.", story) == []  # also a Delhi district
    [far] = reasons("Residents queue outside a shop in Mumbai on Monday.", story)
    assert far.code == CAPTION_TOWN_FAR


def test_a_city_known_by_the_name_too_is_read_before_a_far_city_of_it():
    story = ("Nepal counts votes\nVote counting went on across Nepal on Tuesday, and officials in "
             "Kathmandu said some results could take days.")
    assert reasons("Officials sort ballots at a counting centre in Lalitpur.", story) == []  # Patan, not India's
    [abroad] = reasons("Officials sort ballots at a counting centre in Lucknow.", story)
    assert "India" in abroad.message


def test_a_dateline_in_capitals_is_the_story_s_town_though_a_longer_name_opens_with_it():
    story = ("Harbour club ends long wait for Christchurch title\nCHRISTCHURCH — Harbour beat "
             "University 21-18 in the Christchurch Metro final on Saturday.")
    places = analyse_article_places(story)
    assert "Christchurch" in places.names and "University" not in places.names  # not University, Florida
    assert places.local
    [far] = reasons("Fans cheer at Eden Park in Auckland on Saturday.", story)  # about 760 km
    assert far.code == CAPTION_TOWN_FAR and "Christchurch" in far.message


def test_a_story_opening_on_a_province_is_not_measured_from_where_its_actors_sit():
    story = ("Drought leaves Manitoba ranchers short of hay\nRanchers across Manitoba are selling "
             "cattle early. Ministers in Ottawa promised federal aid on Thursday.")
    assert reasons("Cattle at the auction mart in Brandon.", story) == []  # not 1,800 km from Ottawa


def test_a_neighbourhood_of_the_story_s_city_is_not_measured_as_a_town_of_its_name():
    story = ("Calgary council approves citywide rezoning\nCALGARY — Calgary city council voted on "
             "Tuesday to allow duplexes across the city.")
    assert reasons("Homes in the Mount Pleasant neighbourhood, where duplexes will be allowed.", story) == []
    [far] = reasons("Homes in Mount Pleasant, where duplexes will be allowed.", story)  # Ontario's, or Michigan's
    assert far.code in (CAPTION_TOWN_FAR, "caption_place_conflict")


def test_a_village_near_the_story_is_read_before_a_far_city_of_its_name():
    story = ("Derecho flattens Iowa corn\nCEDAR RAPIDS, Iowa — A windstorm tore across the state on "
             "Monday, flattening crops and knocking out power.")
    assert reasons("A flattened cornfield near Tama on Tuesday.", story) == []  # Tama, Iowa; not Tokyo's
    [abroad] = reasons("A flattened cornfield near Tokyo on Tuesday.", story)
    assert abroad.code != CAPTION_TOWN_FAR and "Japan" in abroad.message
    texas = "Texas teachers walk out over pay\nAUSTIN, Texas — Schools across the state closed on Monday."
    [far] = reasons("Teachers picket a school in Denver.", texas)  # no small Denver stands in for it
    assert far.code == CAPTION_TOWN_FAR


def test_a_later_town_with_namesakes_is_measured_as_the_one_beside_the_story_s_town():
    # Mexico has several Guadalupes; the one a Monterrey story names is its suburb. Measured from
    # the Guadalupe in Zacatecas, Zapopan would seem 240 km away instead of about 700.
    story = ("Monterrey swelters in record heat\nMONTERREY, Mexico — Temperatures reached 47C in Monterrey "
             "on Wednesday. Residents of Guadalupe queued for ice.")
    [reason] = reasons("Residents cool off in a fountain in Zapopan, Jalisco.", story)
    assert reason.code == CAPTION_TOWN_FAR and 600 < reason.evidence["distance_km"] < 800
    assert reasons("A vendor sells ice in Guadalupe, on the outskirts of Monterrey.", story) == []


def test_a_goddess_named_like_a_town_leaves_the_story_local():
    story = ("Kolkata readies for Durga Puja as pandals rise\nKOLKATA, India — Artisans in Kolkata's "
             "Kumartuli quarter finished clay idols of the goddess Durga on Saturday before the festival.")
    [far] = reasons("Devotees crowd a pandal in Siliguri on Saturday.", story)
    assert far.code == CAPTION_TOWN_FAR and "Siliguri" in far.message and "Kolkata" in far.message
    assert reasons("An artisan paints an idol of the goddess Durga.", story) == []


def test_a_planet_is_not_the_town_named_after_it():
    story = ("NASA launches probe to Jupiter\nCAPE CANAVERAL, Fla. (AP) — NASA launched a spacecraft on "
             "Monday on a journey to Jupiter. It was built at NASA's Jet Propulsion Laboratory in Pasadena, "
             "California.")  # Jupiter, Florida is 200 km from Titusville
    assert reasons("Spectators line a bridge in Titusville to watch the lift-off.", story) == []
    assert gazetteer().lookup(name_key("Jupiter")) is None


ROOMING_HOUSES = ("Toronto council orders crackdown on rooming houses\nTORONTO — Toronto city council voted on "
                  "Wednesday to hire more inspectors, three weeks after a fire in a house in Scarborough "
                  "killed two tenants.")  # Scarborough, Toronto: the gazetteer knows only those abroad


def test_a_district_named_like_towns_abroad_leaves_the_story_local():
    [far] = reasons("Tenants gather in Vancouver's Downtown Eastside.", ROOMING_HOUSES)
    assert far.code == CAPTION_TOWN_FAR and "Vancouver" in far.message and "Toronto" in far.message


def test_a_small_town_s_name_after_the_is_not_read_as_that_town():
    # Parkdale is a Toronto neighbourhood; the village of that name lies 900 km away
    assert reasons("A tenant outside the Parkdale rooming house.", ROOMING_HOUSES) == []


def test_a_metro_station_named_after_a_faraway_town_is_in_the_story_s_city():
    story = ("São Paulo metro workers strike\nSÃO PAULO — Millions of commuters in São Paulo scrambled for "
             "alternatives on Tuesday as metro workers walked out.")
    # Paulista, Pernambuco, lies 2,100 km away; the station is on Avenida Paulista
    assert reasons("A Line 4-Yellow train pulls into Paulista station.", story) == []
    [far] = reasons("Commuters crowd the platform at Recife station.", story)
    assert far.code == CAPTION_TOWN_FAR and "Recife" in far.message


def test_a_headline_city_that_is_also_its_province_makes_a_local_story():
    story = ("Istanbul residents rush to test buildings after deadly quakes in south\nISTANBUL — Residents of "
             "Istanbul have flooded engineering firms with requests since last month's quakes in southern "
             "Turkey, officials said on Monday.")  # Istanbul is read as the province, with the city's point
    [far] = reasons("A condemned block is demolished in İzmir's Bayraklı district.", story)
    assert far.code == CAPTION_TOWN_FAR and "İzmir" in far.message and "Istanbul" in far.message
    assert reasons("Engineers take a core sample from a building in Esenyurt.", story) == []


QUAKE_ZONE = ("Death toll passes 5,000 as rescuers race against cold in Turkey and Syria\nGAZIANTEP, Turkey — "
              "Rescuers pulled survivors from collapsed buildings in southern Turkey and northern Syria on "
              "Tuesday. The worst damage was in Kahramanmaraş, Antakya and Adana, and around Aleppo.")


def test_a_story_in_one_part_of_a_country_and_a_town_far_beyond_it():
    [far] = reasons("Rescue workers carry a survivor from a block in İzmir's Bayraklı district.", QUAKE_ZONE)
    assert far.code == CAPTION_TOWN_FAR and "İzmir" in far.message and "Kahramanmaraş" in far.message
    assert reasons("Rescuers search the rubble of a block in Malatya.", QUAKE_ZONE) == []  # in the zone
    # without the compass word the story may be national: left alone
    national = QUAKE_ZONE.replace("southern Turkey and northern Syria", "Turkey and Syria")
    assert reasons("Rescue workers carry a survivor from a block in İzmir's Bayraklı district.", national) == []


def test_a_story_in_one_part_of_a_country_measures_from_its_towns_there_only():
    # Seoul is the battery maker's home, not a town of the plant's part of Hungary
    story = ("Korean battery maker opens plant in eastern Hungary\nDEBRECEN, Hungary (Reuters) — A Seoul-based "
             "battery maker opened a cell factory on the edge of Debrecen on Wednesday.")
    [far] = reasons("Workers on an assembly line at the company's plant in Pécs, Hungary.", story)
    assert far.code == CAPTION_TOWN_FAR and "Pécs" in far.message and "Debrecen" in far.message
    assert reasons("Workers on an assembly line at the company's plant in Nyíregyháza, Hungary.", story) == []


def test_a_town_with_several_points_is_the_one_near_the_story_s_other_towns():
    # Naga is in Camarines Sur, near Legazpi, and in Cebu, 400 km south and 400 km from Davao
    story = ("Typhoon slams into eastern Philippines\nMANILA, Philippines (AP) — The typhoon slammed into "
             "the eastern Philippines on Sunday. Power was knocked out in Legazpi and Naga.")
    [far] = reasons("Residents wade through floodwater in Davao City on Sunday.", story)
    assert far.code == CAPTION_TOWN_FAR and "Davao" in far.message
    assert reasons("Residents wade through floodwater in Iriga on Sunday.", story) == []  # near Naga


def test_a_town_the_gazetteer_knows_only_in_another_state_is_the_named_state_s_small_town():
    # the gazetteer's Seminole is in Florida; Texas has a small one, 110 km from Lubbock
    story = ("Measles outbreak in West Texas keeps growing\nLUBBOCK, Texas (AP) — A measles outbreak in "
             "West Texas has grown to more than 150 cases, officials said in Lubbock on Tuesday.")
    assert reasons("A sign outside a health clinic in Seminole, Texas, in Gaines County.", story) == []
    [elsewhere] = reasons("A sign outside a health clinic in Seminole, Oklahoma.", story)
    assert "Seminole" in elsewhere.message


def test_a_small_town_dateline_with_its_state_code_is_that_state_s_town():
    story = ("Phil sees his shadow\nPUNXSUTAWNEY, Pa. (AP) — The groundhog saw his shadow on Thursday.")
    places = analyse_article_places(story)
    assert places.local and "BF" not in places.countries  # not the town of Pa in Burkina Faso
    assert reasons("Fans wait in the cold in Punxsutawney, Pa., on Thursday.", story) == []
    [far] = reasons("Fans wait in the cold in Erie, Pa., on Thursday.", story)
    assert far.code == CAPTION_TOWN_FAR and "Erie" in far.message


@pytest.mark.parametrize("dateline, country, here, there", [
    # County Durham, England, is the name's best-known place; North Carolina's city is meant here
    ("DURHAM, N.C. (AP)", "US", "Chapel Hill, N.C.", "Sunderland, England"),
    ("DURHAM, England (AP)", "GB", "Sunderland, England", "Chapel Hill, N.C."),
    ("PARIS, Texas (AP)", "US", "Sherman, Texas", "Lyon, France"),
    ("ATHENS, Ga. (AP)", "US", "Atlanta, Ga.", "Athens, Ohio"),
])
def test_a_town_of_several_places_is_the_one_in_the_state_or_country_written_after_it(dateline, country, here, there):
    story = f"Homer wins it late\n{dateline} — The home side won 6-4 on Saturday night before a crowd of 9,812."
    places = analyse_article_places(story)
    assert places.countries == {country}
    assert reasons(f"Fans leave the ballpark in {here}, Saturday.", story) == []
    [far] = reasons(f"Fans leave the ballpark in {there}, Saturday.", story)
    assert far.code in (CAPTION_TOWN_FAR, CAPTION_PLACE_CONFLICT) and there in far.message


def test_a_town_in_a_province_the_story_names_is_not_far_from_its_dateline():
    # Plaza Huincul (13,000 people: the small-town list's) lies in Neuquén, 1,000 km from Buenos Aires
    story = ("Scientists unveil a new dinosaur\nBUENOS AIRES, Argentina (AP) — Paleontologists on Monday "
             "announced a new species. Its fossils were dug from rocks in Neuquén province.")
    assert reasons("A replica skeleton at the museum in Plaza Huincul, Argentina.", story) == []
    assert reasons("A replica skeleton at the museum in Zapala, Argentina.", story) == []  # a city of Neuquén
    [far] = reasons("A replica skeleton at the museum in Trelew, Argentina.", story)  # Chubut
    assert far.code == CAPTION_TOWN_FAR and "Trelew" in far.message


def test_a_runner_s_country_is_not_where_the_story_opens():
    story = ("Kenya's Kiprotich pulls away to win Frankfurt Marathon\nFRANKFURT, Germany (AP) — Brian Kiprotich "
             "of Kenya won the Frankfurt Marathon on Sunday.\nEthiopia's Tadesse Worku was second.")
    assert analyse_article_places(story).local
    [far] = reasons("Runners pass the Brandenburg Gate during the marathon in Berlin, Sunday.", story)
    assert far.code == CAPTION_TOWN_FAR and "Berlin" in far.message


@pytest.mark.parametrize("story", [
    # a country's own government, mine or bank, not a person's country: the story stays national
    "Budget raises taxes\nLONDON (AP) — Treasury chief Rachel Reeves raised taxes as Britain's Labour government "
    "sought to repair public services.",
    "Miners strike\nSANTIAGO, Aug 25 (Reuters) - Workers at Chile's Cerro Alto copper mine walked off the job.",
    "Rates cut\nNAIROBI (Reuters) - The Central Bank of Kenya cut its key rate on Tuesday.",
])
def test_a_country_s_own_body_keeps_the_story_national(story):
    assert not analyse_article_places(story).local


def test_a_town_of_another_country_the_story_names_is_not_measured_from_its_towns():
    # The first sentence names no nationality: one that does ("A European-American satellite"), now
    # read past the dateline's "Fla.", makes the story no longer one place's.
    story = ("Sea-level satellite launches\nCAPE CANAVERAL, Fla. (AP) — A sea-level satellite rocketed "
             "into orbit on Tuesday night. Controllers in Germany confirmed its solar panels had unfolded.")
    assert reasons("Engineers monitor the satellite at the operations centre in Darmstadt, Germany.", story) == []
    [far] = reasons("Engineers monitor the satellite at a control room in Houston, Texas.", story)
    assert far.code == CAPTION_TOWN_FAR and "Houston" in far.message


def test_the_capital_named_as_the_government_does_not_widen_a_story_of_one_part_of_its_country():
    story = ("Floods force thousands from homes in southern Brazil\nPORTO ALEGRE, Brazil (AP) — Rescue crews pulled "
             "residents from rooftops across Rio Grande do Sul on Tuesday, most of them in Porto Alegre and Canoas. "
             "The state government asked Brasília to send more helicopters.")
    [far] = reasons("Volunteers search for residents after the river overflowed in Recife, on Tuesday.", story)
    assert far.code == CAPTION_TOWN_FAR and "Recife" in far.message and "Brasília" not in far.message
    assert reasons("Soldiers load helicopters at an air base in Brasília.", story) == []  # the story names it


def test_a_state_written_as_a_state_is_not_its_namesake_city():
    # "Oklahoma" shares a point with Oklahoma City, 120 km from Ada: the opening's towns spread too far
    story = ("Tornado tears through southern Oklahoma town\nADA, Okla. (AP) — A tornado tore through the "
             "southern Oklahoma town of Ada late Monday, killing two people.")
    assert dict(analyse_article_places(story).towns)["Oklahoma"] == ()
    [far] = reasons("A resident sifts through debris in Rolling Fork, Miss., Tuesday.", story)
    assert far.code == CAPTION_TOWN_FAR and "Oklahoma" not in far.message


def test_a_small_town_with_a_state_the_small_town_list_does_not_have_there_gives_no_point():
    story = ("Tornado kills 25\nROLLING FORK, Miss. (AP) — A tornado tore through the town on Friday night.")
    # the list knows Silver City in North Carolina and New Mexico, not in Mississippi
    assert reasons("A damaged home near a field in Silver City, Miss., Saturday.", story) == []


def test_a_road_is_no_town():
    story = ("Snowstorm cancels school buses\nOTTAWA — Snow cancelled school buses on Tuesday.")
    assert reasons("Traffic crawls along Highway 417 near the Anderson Road exit.", story) == []


def test_a_metro_area_is_its_city():
    story = ("Typhoon slams into northern Philippines\nTUGUEGARAO, Philippines (AP) — The typhoon slammed into "
             "the north on Saturday. Heavy rain also flooded streets in parts of Metro Manila.")
    assert reasons("The civil defense chief briefs reporters in Quezon City.", story) == []
    [far] = reasons("The civil defense chief briefs reporters in Davao City.", story)
    assert far.code == CAPTION_TOWN_FAR


def test_a_dateline_s_town_is_named_once_in_the_message():
    story = ("Chile's observatory unveils its first images\nLA SERENA, Chile (AP) — A new observatory in "
             "northern Chile released its first images on Monday. It stands east of La Serena, in Coquimbo.")
    [far] = reasons("The observatory's dome near San Pedro de Atacama, in Antofagasta.", story)
    assert "from La Serena" in far.message and "SERENA" not in far.message


def test_a_town_of_the_dateline_s_province_far_from_the_story_s_town_asks_for_review():
    story = ("Sudbury council backs bus plan\nSUDBURY, Ont. (CP) — Council voted on Tuesday to redraw "
             "the city's bus routes.")
    [reason] = reasons("Riders wait for a bus at city hall in Thunder Bay, Ont.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Sudbury" in reason.message
    assert reasons("Riders wait for a bus on Elm Street in Sudbury, Ont.", story) == []


def test_a_city_named_greater_is_known_by_its_everyday_name():
    # Greater Sudbury, Ontario, is "Sudbury" in datelines; Suffolk's and Massachusetts' keep theirs.
    assert {"CA", "GB", "US"} <= gazetteer().lookup(name_key("Sudbury")).countries


def test_a_city_s_name_less_its_last_letter_is_no_other_name_of_it():
    # GeoNames lists "Tour" for Tours and "Levi" for Lévis: words and given names, not exonyms
    assert gazetteer().lookup(name_key("Tour")) is None and gazetteer().lookup(name_key("Levi")) is None
    assert gazetteer().lookup(name_key("Tours")).countries == {"FR"}
    assert "DE" in gazetteer().lookup(name_key("Munich")).countries
    # but a large Arabic city's name is written with and without its last "h"; a small one's
    # shorter form is a given name ("Rafa" for Rafah)
    assert gazetteer().lookup(name_key("Basra")).countries == {"IQ"}
    assert "SA" in gazetteer().lookup(name_key("Jedda")).countries
    assert gazetteer().lookup(name_key("Rafa")) is None and gazetteer().lookup(name_key("Istanbu")) is None


def test_a_town_qualified_by_another_state_than_the_story_s_namesake_asks_for_review():
    story = ("Former Glendale official convicted\nPHOENIX (AP) — A former finance director of the Phoenix "
             "suburb of Glendale was convicted on Tuesday of embezzling city funds.")
    [reason] = reasons("Pedestrians walk past City Hall in Glendale, Calif., on Tuesday.", story)
    assert reason.code == CAPTION_TOWN_FAR and reason.evidence["distance_km"] > FAR_KM
    assert "another town of that name" in reason.message
    assert reasons("Pedestrians walk past City Hall in Glendale, Ariz., on Tuesday.", story) == []
    assert reasons("Pedestrians walk past City Hall in Glendale on Tuesday.", story) == []
    # the town named alone first, then with its state, is the state's town
    [twice] = reasons("Crews near Glendale Municipal Airport in Glendale, Calif., on Tuesday.", story)
    assert twice.code == CAPTION_TOWN_FAR and "another town of that name" in twice.message


def test_a_town_the_story_names_with_its_province_is_the_story_s_own_wherever_the_dateline_is():
    story = ("Anti-graft court convicts ex-mayor\nMANILA, Philippines (AP) — A Philippine anti-graft court on "
             "Monday convicted Rodolfo Villareal, who served as mayor of Barbaza in Antique province, of graft.")
    assert reasons("Residents walk along the unfinished dike in Barbaza, Antique province, Philippines.", story) == []
    # so is another town of the province the story names; a town of a province it never names is far
    assert reasons("Residents walk along the river in Sibalom, Antique province, Philippines.", story) == []
    [far] = reasons("Residents walk along the river in Roxas City, Capiz province, Philippines.", story)
    assert far.code == CAPTION_TOWN_FAR


def test_a_dateline_s_state_narrows_the_story_s_town_to_the_one_there():
    story = ("Duluth council approves Lakewalk plan\nDULUTH, Minn. — The Duluth City Council voted on Monday "
             "to rebuild the Lakewalk along Lake Superior.")
    [reason] = reasons("Residents line up to speak at City Hall in Duluth, Ga., on Monday.", story)
    assert reason.code == CAPTION_TOWN_FAR and "another town of that name" in reason.message
    assert reasons("Residents line up to speak at City Hall in Duluth, Minn., on Monday.", story) == []
    assert reasons("Residents line up to speak at City Hall in Duluth on Monday.", story) == []


def test_a_town_s_points_are_narrowed_to_the_us_state_that_qualifies_it():
    glendale = gazetteer().lookup(name_key("Glendale"))
    california = gazetteer().us_state_codes["CA"]
    points = tuple(spot[1:] for spot in glendale.spots)
    [(lat, lon)] = gazetteer().spots_in_state(points, california)
    assert km_between((lat, lon), (34.14, -118.25)) < 10  # Glendale, Los Angeles County


def test_a_place_qualified_by_the_story_s_own_town_is_set_there():
    story = ("Steelworks to close\nSHEFFIELD, England — A Sheffield forge will close with the loss of "
             "300 jobs, its owner said on Wednesday.")
    assert reasons("Workers leave the plant in the Don Valley, Sheffield, on Wednesday.", story) == []


def test_a_dateline_town_known_there_by_another_spelling_is_that_country_s_town():
    story = ("Typhoon hits Bicol region\nLEGAZPI, Philippines (AP) — A typhoon slammed into the eastern "
             "Philippines, killing nine people, after making landfall in Virac on Sunday. It crossed "
             "Albay and Camarines Sur provinces before weakening over Quezon province.")
    towns = dict(analyse_article_places(story).towns)
    assert km_between(towns["LEGAZPI"][0], (13.14, 123.74)) < 10  # not Legazpi, Madrid
    assert towns["Quezon"] == ()  # a province the story calls one: not Quezon City
    [reason] = reasons("Rescuers evacuate residents from a flooded village in Surigao City, Philippines.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Surigao City" in reason.message
    assert reasons("Rescuers evacuate residents from a flooded village in Legazpi City, Philippines.", story) == []


def test_a_small_town_of_the_story_s_country_is_read_before_its_namesake_abroad():
    story = ("Floods in the Lake District\nHundreds of British residents were evacuated from Keswick and "
             "Workington after the River Derwent burst its banks.")
    towns = dict(analyse_article_places(story).towns)
    assert km_between(towns["Keswick"][0], (54.60, -3.13)) < 10  # Cumbria's, not Keswick, Ontario


def test_a_city_the_story_names_two_ways_is_listed_once():
    story = ("Sudbury council backs bus plan\nSUDBURY, Ont. (CP) — Greater Sudbury city council voted on "
             "Tuesday to redraw the city's bus routes.")
    [reason] = reasons("Riders wait for a bus at city hall in Thunder Bay, Ont.", story)
    assert reason.message.count("Sudbury") == 1


def test_where_a_quoted_person_comes_from_does_not_widen_a_local_story():
    story = ("Venice starts day-tripper fee\nVENICE, Italy (AP) — Venice on Thursday began charging "
             "day-trippers an entrance fee. \"We found out on the train,\" said Pedro Alves, a visitor "
             "from Porto, Portugal.")
    places = analyse_article_places(story)
    assert places.local and "PT" not in places.countries
    [reason] = reasons("Tourists queue near the Ponte Vecchio in Florence, Italy, on Thursday.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Florence" in reason.message


def test_where_some_of_a_crowd_come_from_is_not_where_the_story_happens():
    story = ("Guelaguetza returns to Oaxaca\nOAXACA, Mexico (AP) — Dancers filled the auditorium on Monday. "
             "Thousands of spectators, many from Mexico City and abroad, watched the delegations.")
    assert "Mexico City" not in analyse_article_places(story).names
    [reason] = reasons("Feather dancers perform at the Guelaguetza festival in Puebla, Mexico, Monday.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Puebla" in reason.message


def test_a_small_town_qualified_by_its_country_is_measured():
    story = ("Record rain swamps Townsville\nTOWNSVILLE, Australia (AP) — Thousands were told to leave their "
             "homes in the northern Australian city on Monday.")
    [reason] = reasons("Residents wade along a flooded street in Lismore, Australia, Monday, Feb. 3, 2025.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Lismore" in reason.message


def test_a_place_name_is_the_story_s_only_when_it_writes_the_words_side_by_side():
    story = ("Monterrey opens metro line\nMONTERREY, Mexico (AP) — The city opened the first stretch of its "
             "long-delayed metro line on Monday, officials in Guadalupe said.")
    places = analyse_article_places(story)
    assert places.names_place("Guadalupe") and not places.names_place("Mexico City")
    [reason] = reasons("Commuters crowd a platform at the Pantitlán metro station in Mexico City.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Mexico City" in reason.message


def test_a_story_that_says_the_capital_names_its_country_s_capital():
    story = ("Quake shakes southern Mexico\nOAXACA, Mexico (AP) — A powerful earthquake struck Oaxaca on "
             "Tuesday, sending office workers in the capital, 600 kilometers away, into the streets.")
    assert analyse_article_places(story).names_place("Mexico City")
    assert reasons("Office workers wait on Paseo de la Reforma in Mexico City after the alarm sounded.", story) == []


def test_a_small_dateline_town_with_its_province_shortened_is_the_story_s_town():
    story = ("Wildfire forces evacuation\nCRANBERRY PORTAGE, Man. (CP) — Hundreds of residents fled a "
             "wildfire near the Manitoba town on Tuesday.")
    places = analyse_article_places(story)
    assert places.core_countries == {"CA"} and places.local  # not Man, Côte d'Ivoire, nor Portage, Michigan
    [reason] = reasons("Wildfire evacuees board a bus at the airport in La Ronge, Sask., on Tuesday.", story)
    assert reason.code == CAPTION_TOWN_FAR and "La Ronge, Sask." in reason.message
    assert "from Cranberry Portage, where" in reason.message
    # a town known only abroad, with the province shortened after it, is a small town of that province
    crash = ("Two dead in highway crash near MacGregor\nTwo people died after an SUV and a semi collided on the "
             "Trans-Canada Highway west of Portage la Prairie on Saturday, Manitoba RCMP said. The driver, from "
             "Brandon, died at the scene; the semi's driver, from Winnipeg, was taken to hospital.")
    assert reasons("The Trans-Canada Highway near Austin, Man., a few kilometres west of the crash.", crash) == []


def test_the_capital_a_story_says_is_of_where_it_happens_not_of_an_actor_country():
    story = ("Afghan peace talks resume\nDOHA — Talks resumed in the Qatari capital on Tuesday. US envoy "
             "Zalmay Khalilzad met both sides.")
    places = analyse_article_places(story)
    assert places.names_place("Doha") and not places.names_place("Washington")


def test_a_capital_named_only_as_where_the_government_sits_is_no_town_of_the_story():
    story = ("Spain evacuates villages as wildfire rages in Extremadura\nFirefighters battled a wildfire in "
             "the Sierra de Gata mountains of Extremadura on Tuesday. Soldiers arrived on Monday, and the "
             "central government in Madrid said it had sent more aircraft.")
    places = analyse_article_places(story)
    assert "Madrid" not in dict(places.towns)
    assert reasons("Evacuees rest at a sports hall in Moraleja, Spain, on Tuesday.", story) == []
    # named as a place too, the capital stays a town of the story
    visit = story + " The prime minister flew in from Madrid on Tuesday."
    assert "Madrid" in dict(analyse_article_places(visit).towns)


def test_a_far_town_at_an_earlier_event_the_story_recalls_is_noted_not_flagged():
    story = ("Corals spawn at Townsville's National Sea Simulator\nTOWNSVILLE — Corals spawned in the tanks of the "
             "National Sea Simulator in Townsville on Wednesday night. Scientists there have bred heat-tolerant "
             "corals since the mass bleaching of the reef in March 2020.")
    places, published = analyse_article_places(story), date(2021, 11, 25)
    headline, body = story.split("\n", 1)
    past = read_story_past(headline, [headline, *split_sentences(body)], published)
    recalled = "Bleached coral on a reef off Cairns during the mass bleaching in March 2020. (File photo)"
    [reason] = frame_reasons(recalled, places, published, 180, past)
    assert reason.code == CAPTION_TOWN_FAR and reason.severity == Severity.info and "recalls" in reason.message
    # the same place on the story's own night is still far
    [tonight] = frame_reasons("Corals spawn in a tank in Cairns on Wednesday night.", places, published, 180, past)
    assert tonight.code == CAPTION_TOWN_FAR and tonight.severity == Severity.review


def test_letters_without_a_mark_to_drop_fold_to_the_letter_news_writes():
    # "Đ" and "Ł" do not decompose; Vietnamese letters lie past Latin Extended-B
    assert fold("Đồng Nai") == "dong nai" and fold("Łódź") == "lodz" and fold("Tromsø") == "tromso"
    assert gazetteer().lookup(name_key("Dong Nai")).countries == {"VN"}
    assert gazetteer().lookup(name_key("Nghe An")).kind == "region"



def test_a_vietnamese_province_is_a_place_of_the_story():
    story = ("Thousands walk out at Dong Nai shoe factory\nThousands of workers at a footwear factory in the "
             "southern province of Đồng Nai stopped work on Tuesday.")
    places = analyse_article_places(story)
    assert places.names_place("Dong Nai") and places.core_countries == {"VN"}


def test_a_region_the_opening_puts_a_compass_word_before_makes_a_story_of_one_part_of_its_country():
    story = ("Chile wildfire death toll rises to 112\nVIÑA DEL MAR, Chile (AP) — Rescue workers searched the charred "
             "hillsides of Viña del Mar on Monday as the toll from wildfires in Chile's central Valparaíso region "
             "rose to 112. The fires destroyed homes in Viña del Mar, Quilpué and Villa Alemana.")
    [reason] = reasons("Firefighters battle flames on a hillside near Puerto Montt, Los Lagos region.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Puerto Montt" in reason.message and "Quilpué" in reason.message
    assert reasons("Smoke rises over the hills near Quilpué, Valparaíso region.", story) == []


def test_where_the_camera_stood_or_the_town_a_story_s_landmark_lies_by_is_not_the_scene():
    story = ("Pittsburgh robot maker raises $120 million\nPITTSBURGH (Reuters) — Allegheny Autonomy, a Pittsburgh "
             "startup, said on Tuesday it had raised $120 million.")
    assert reasons("The Pittsburgh skyline at dusk, seen from Mount Washington.", story) == []
    [far] = reasons("A robot inspects a tank at a plant in Mount Washington, Kentucky.", story)
    assert far.code == CAPTION_TOWN_FAR
    arizona = ("Arizona Senate passes groundwater bill\nPHOENIX (AP) — The Arizona Senate voted on Wednesday to let "
               "rural counties manage groundwater, as the state faces deeper cuts after Lake Mead fell to record lows.")
    assert reasons("The bathtub ring of Lake Mead near Boulder City, Nev., in 2022.", arizona) == []
    assert reasons("Sprinklers water a lawn near Boulder City, Nev.", arizona) != []



QUAKE = ("Earthquake in northwest Iran kills at least 30\nKHOY, Iran (AP) — A magnitude 5.9 earthquake struck near "
         "Khoy late Saturday, killing at least 30 people. Tents were sent from Tabriz and Urmia. In 2003, a quake "
         "flattened the historic city of Bam in the southeast, killing about 26,000 people.")


def _now(caption: str, story: str, published: date = date(2023, 1, 30)):
    headline, body = story.split("\n", 1)
    places = analyse_article_places(story)
    present = without_recalled_towns(places, [headline, *split_sentences(body)], published)
    return found_now(caption, places, present, published)


def test_a_town_the_story_names_only_in_an_earlier_year_s_sentence_is_not_where_it_happens():
    [reason] = _now("Residents sit outside damaged homes in Zahedan, Iran, on Sunday.", QUAKE)
    assert reason.code == CAPTION_TOWN_FAR and "Khoy" in reason.message and "Bam" not in reason.message
    assert _now("Rescuers search the rubble of a house near Khoy on Sunday.", QUAKE) == []
    # the recalled town itself, or a caption of an earlier year, may show what the story recalls
    assert _now("The ruins of the citadel of Bam.", QUAKE) == []
    assert _now("Survivors in Zahedan, Iran, in December 2003.", QUAKE) == []
    plant = ("Battery maker picks Bowling Green for plant\nBOWLING GREEN, Ky. (AP) — Norhaven Energy will build a "
             "battery plant near Bowling Green, Kentucky. The company, founded in 2017, operates a smaller plant in "
             "Greenville, South Carolina.")
    assert _now("A technician inspects cells at the company's plant in Greenville, S.C.", plant, date(2022, 8, 3)) == []


def test_a_part_of_the_story_s_town_named_before_a_facility_is_no_town_abroad_that_widens_the_story():
    story = ("Venice brings back day-tripper fee\nVENICE, Italy (ANSA) — Venice on Friday began charging day visitors "
             "for a second year. Stewards checked QR codes at Santa Lucia railway station and near the Rialto Bridge.")
    [reason] = reasons("Tourists crowd the Ponte Vecchio in Florence on Friday.", story)
    assert reason.code == CAPTION_TOWN_FAR and "Venice" in reason.message
    assert reasons("Visitors queue at Santa Lucia railway station in Venice.", story) == []


def test_a_dateline_s_town_is_the_one_in_its_state_though_only_the_small_town_list_has_it():
    story = ("Cape Cod's sharks hunt close to shore\nCHATHAM, Mass. (AP) — White sharks hunt within a few "
             "metres of the beach, researchers tracking them off the outer Cape said on Wednesday.")
    [(_, spots)] = analyse_article_places(story).towns
    assert spots and all(-71 < lon < -69.5 for _, lon in spots[:1])  # Cape Cod, not Chicago's Chatham
    assert reasons("A white shark swims off Chatham, Mass.", story) == []


PEA_STORY = ("Pea-protein plant to add 400 jobs in Winnipeg\nA food maker will expand its plant in Winnipeg's "
             "industrial north end, adding 400 jobs, the company said on Monday.{more}")


def test_a_town_in_a_province_the_story_writes_in_full_is_the_story_s():
    caption = "Yellow peas ripen in a field near Dauphin, Man. (File photo)"
    assert reasons(caption, PEA_STORY.format(more=" It turns peas grown in Manitoba into protein.")) == []
    [reason] = reasons(caption, PEA_STORY.format(more=""))
    assert reason.code == CAPTION_TOWN_FAR and "Dauphin" in reason.message


BUDGET_STORY = ("New York lawmakers pass late budget\nNew York lawmakers passed a $237 billion state budget on "
                "Saturday, with a housing deal for tenants in New York City.")


def test_the_seat_of_a_state_the_story_names_is_no_town_far_from_it():
    assert reasons("Assembly members debate the budget at the state Capitol in Albany.", BUDGET_STORY) == []
    [reason] = reasons("Shoppers browse a farmers market in Albany.", BUDGET_STORY)
    assert reason.code == CAPTION_TOWN_FAR and "Albany" in reason.message
