"""States inside one country: a caption set in a state the story never names, while the story
happens in another state of that country, asks for review."""

import pytest

from app.engine.signals.places import place_reasons
from app.engine.signals.places_story import analyse_article_places
from app.engine.signals.places_region import CAPTION_REGION_ELSEWHERE
from app.settings import Severity

FLOOD_STORY = ("Record flood in Lismore\n"
               "Thousands of people have been forced from their homes in northern New South Wales after "
               "the river at Lismore peaked at a record 14.4 metres. Rescuers worked through the night.")
DROUGHT_STORY = ("Drought hits cattle ranchers in Minas Gerais\n"
                 "A prolonged drought across the north of Minas Gerais state has killed thousands of cattle, "
                 "ranchers said on Sunday, as reservoirs fell to record lows.")


def reasons(caption: str, story: str):
    return place_reasons(caption, analyse_article_places(story))


@pytest.mark.parametrize("caption, story, state, story_state", [
    # the town is too small for the gazetteer's coordinates: the state says where the photo is
    ("Floodwater surrounds homes in Katherine in the Northern Territory on Monday.", FLOOD_STORY,
     "Northern Territory", "New South Wales"),
    ("A dry pasture in Mato Grosso state.", DROUGHT_STORY, "Mato Grosso", "Minas Gerais"),
    # a town qualified by a state: the state is read as well as the town
    ("Homes flooded near Alice Springs, Northern Territory.", FLOOD_STORY, "Northern Territory",
     "New South Wales"),
])
def test_a_state_the_story_never_names_asks_for_review_and_names_both(caption, story, state, story_state):
    [reason] = reasons(caption, story)
    assert reason.code == CAPTION_REGION_ELSEWHERE and reason.severity == Severity.review
    assert state in reason.message and story_state in reason.message


@pytest.mark.parametrize("caption", [
    "Floodwater surrounds homes in Lismore on Monday.",
    "Rescuers in New South Wales worked through the night.",  # the story's own state
    "Floodwater surrounds homes in NSW on Monday.",  # the same state, by its initials
    "Floodwater surrounds homes on Monday.",
])
def test_the_story_s_own_state_its_towns_and_no_place_are_not_flagged(caption):
    assert reasons(caption, FLOOD_STORY) == []


ZAKARPATTIA_STORY = ("Tysa bursts its banks in Zakarpattia\nThe Tysa river burst its banks in Ukraine's "
                     "Zakarpattia region on Wednesday, flooding villages around Berehove.")


def test_a_city_s_name_the_caption_writes_as_its_region_is_that_region():
    [reason] = reasons("Rescuers evacuate residents from a flooded street in Izmail, Odesa region.", ZAKARPATTIA_STORY)
    assert reason.code == CAPTION_REGION_ELSEWHERE
    assert "Odesa region" in reason.message and "Zakarpattia" in reason.message
    # the story names it, or the caption says only the town
    named = ZAKARPATTIA_STORY + " Odesa sent boats."
    assert reasons("Rescuers evacuate residents in Izmail, Odesa region.", named) == []
    assert reasons("Rescuers evacuate residents from a flooded street in Berehove.", ZAKARPATTIA_STORY) == []


TEXAS_STORY = ("Measles outbreak grows in West Texas\n"
               "Health officials in Texas reported 40 more measles cases on Tuesday, "
               "most of them in Gaines County, and New Mexico reported two cases across the state line.")
MIAMI_STORY = ("Miami transit plan\nMiami commissioners backed an extension of the Metrorail to Edgewater "
               "and Coral Gables, Florida's transit agency said.")


@pytest.mark.parametrize("caption, story, story_state", [
    # after its town, a state that shares its name with a city is the town's state
    ("A nurse prepares a vaccine at a clinic in Vancouver, Washington.", TEXAS_STORY, "Texas"),
    # Miami's Edgewater shares its name with a Chicago district 120 km from Waukesha
    ("Supporters at a rally in Waukesha, Wisconsin.", MIAMI_STORY, "Florida"),
])
def test_the_state_after_a_town_is_read_as_that_state(caption, story, story_state):
    [reason] = reasons(caption, story)
    assert reason.code == CAPTION_REGION_ELSEWHERE
    assert story_state in reason.message and caption.split(" in ")[-1].rstrip(".") in reason.message


def test_a_town_of_another_state_near_the_story_s_town_is_not_flagged():
    story = ("Philadelphia transit strike\nPHILADELPHIA, Pennsylvania — Commuters in Philadelphia "
             "faced long waits on Monday as transit workers walked out.")
    assert reasons("Commuters wait for a train in Camden, New Jersey.", story) == []


def test_a_state_the_story_names_anywhere_is_not_flagged():
    story = FLOOD_STORY + " Crews from Queensland and Victoria were sent to help."
    assert reasons("A rescue crew arrives from Queensland.", story) == []


def test_a_nation_holding_the_story_s_counties_is_no_third_state():
    story = ("River bursts its banks in Cumbria\nCOCKERMOUTH, England — Hundreds were evacuated in Cumbria "
             "overnight. The agency's director for Cumbria and Lancashire said levels would stay high.")
    [reason] = reasons("Residents are helped from their homes in Upton-upon-Severn, Worcestershire.", story)
    assert reason.code == CAPTION_REGION_ELSEWHERE and "Cumbria" in reason.message
    # a nation of many counties is so over one county alone; a division over one of its few is not
    alone = ("Hundreds evacuated as Cumbria rivers burst banks\nCOCKERMOUTH, England (Reuters) — Hundreds of "
             "people were evacuated from their homes in Cumbria on Thursday.")
    [cornwall] = reasons("Residents wade through floodwater in Bodmin, Cornwall, on Thursday.", alone)
    assert cornwall.code == CAPTION_REGION_ELSEWHERE and "Cumbria" in cornwall.message
    assert reasons("Floodwater surrounds homes in Keswick, Cumbria.", alone) == []


def test_a_national_story_across_several_states_may_show_any_of_them():
    story = ("Floods across eastern Australia\n"
             "Floods in New South Wales, Queensland and Victoria forced thousands from their homes.")
    assert reasons("Floodwater surrounds homes in Tasmania on Monday.", story) == []


def test_a_story_whose_headline_names_only_its_country_may_show_any_of_its_provinces():
    body = ("Defence Minister Prabowo Subianto claimed victory on Wednesday. Turnout was high from "
            "Aceh to Papua, officials said.")
    caption = "Voters show their ink-stained fingers after casting ballots in Denpasar, Bali."
    assert reasons(caption, "Prabowo claims victory in Indonesia's presidential election\n" + body) == []
    [reason] = reasons(caption, "Prabowo claims victory in Aceh\n" + body)  # the headline's province
    assert reason.code == CAPTION_REGION_ELSEWHERE and "Bali" in reason.message


def test_a_story_that_names_no_state_of_the_caption_s_country_is_left_to_the_other_checks():
    story = ("Canberra passes flood levy\nAustralia's parliament passed a flood levy on Monday "
             "after weeks of debate.")
    assert not [r for r in reasons("Floodwater in the Northern Territory.", story)
                if r.code == CAPTION_REGION_ELSEWHERE]


def test_a_state_sharing_its_name_with_a_city_is_left_to_the_town_check():
    story = ("Albany schools close for snow\nSchools across upstate New York closed on Monday as "
             "a storm dropped two feet of snow on the state capital.")
    assert not [r for r in reasons("Snow in Quebec on Monday.", story) if r.code == CAPTION_REGION_ELSEWHERE]


def test_a_state_a_person_comes_from_is_not_where_the_photo_is():
    story = ("Millions bathe at the Kumbh\nPilgrims gathered in Prayagraj in Uttar Pradesh on Monday "
             "for the first royal bath of the festival.")
    assert reasons("Ram Prakash, from Darbhanga district in Bihar, rests at a camp for pilgrims.", story) == []
    [reason] = reasons("Pilgrims rest at a camp in Bihar.", story)
    assert reason.code == CAPTION_REGION_ELSEWHERE


def test_a_story_state_that_is_also_a_city_does_not_set_the_story_in_that_state():
    story = ("Chipmaker posts record profit\nShares rose in New York after the company reported "
             "record quarterly profit on Wednesday.")
    assert reasons("The company's headquarters in California.", story) == []


def test_a_state_the_story_calls_a_state_counts_though_a_city_shares_its_name():
    story = ("Bushfire destroys homes in Gippsland\nSALE, Australia (AP) — Firefighters in Australia's "
             "Victoria state were battling a bushfire near Briagolong on Saturday.")
    [reason] = reasons("Smoke rises over bushland near Busselton in Western Australia's south-west.", story)
    assert reason.code == CAPTION_REGION_ELSEWHERE and "Victoria" in reason.message
    assert analyse_article_places(story).written_states == {"Victoria"}
    assert reasons("Firefighters work near Heyfield, Victoria.", story) == []
    # a Victoria the story never calls a state is still left to the town check
    assert reasons("Smoke rises near Busselton in Western Australia.",
                   "Bushfire near Victoria\nA bushfire burned homes near Victoria on Saturday.") == []


NASHVILLE_FLOOD = ("Floodwaters swamp Nashville neighborhoods\nNASHVILLE, Tenn. (AP) — Rescuers pulled dozens "
                   "of people from flooded homes in Nashville on Sunday after record rain swelled the "
                   "Cumberland River.")


@pytest.mark.parametrize("caption", [
    "Water surrounds a farmhouse in Gays Mills, Wis., on Sunday.",  # AP style
    "Water surrounds a farmhouse in Gays Mills, WI.",  # postal code
])
def test_a_town_the_gazetteer_does_not_know_is_placed_by_the_state_written_after_it(caption):
    [reason] = reasons(caption, NASHVILLE_FLOOD)
    assert reason.severity == Severity.review
    assert "Gays Mills" in reason.message and "Nashville" in reason.message


def test_a_small_town_of_the_story_s_own_state_near_its_city_is_not_flagged():
    assert reasons("A flooded street in Kingston Springs, Tenn., on Sunday.", NASHVILLE_FLOOD) == []


ALBERTA_FIRE = ("Wildfire forces thousands from homes west of Edmonton\nEDMONTON, Alberta — A wildfire "
                "forced the evacuation of several towns in central Alberta on Tuesday, officials said.")


def test_a_small_town_before_a_province_by_name_is_placed_in_that_province():
    [reason] = reasons("Water bombers refill at a lake near Chibougamau, Quebec.", ALBERTA_FIRE)
    assert reason.severity == Severity.review  # a local story: the town's distance is the reason
    assert "Chibougamau, Quebec" in reason.message and "Edmonton" in reason.message
    province = "Wildfires rage across Alberta\nFires burned across the province of Alberta on Tuesday."
    [reason] = reasons("Water bombers refill at a lake near Chibougamau, Quebec.", province)
    assert reason.code == CAPTION_REGION_ELSEWHERE and "Alberta" in reason.message


@pytest.mark.parametrize("caption", [
    "Evacuees arrive at a reception centre in Whitecourt, Alberta, on Tuesday.",  # the story's province
    "On Tuesday, Quebec Premier Francois Legault offered help.",  # a province before an office: no town
])
def test_a_town_of_the_story_s_province_or_an_office_is_not_a_town_elsewhere(caption):
    assert not [r for r in reasons(caption, ALBERTA_FIRE) if r.code == CAPTION_REGION_ELSEWHERE]


def test_a_national_headline_whose_first_sentence_puts_the_news_in_one_region_happens_there():
    story = ("Indonesia's Mount Semeru erupts, forcing thousands to flee\nLUMAJANG, Indonesia (AP) — Mount "
             "Semeru, the highest volcano on Indonesia's main island of Java, erupted Monday, officials said.")
    [reason] = reasons("Residents clear volcanic ash from a road in Karo district, North Sumatra, Indonesia.", story)
    assert reason.code == CAPTION_REGION_ELSEWHERE and "Java" in reason.message
    assert reasons("Villagers flee in Lumajang, East Java, Indonesia.", story) == []  # East Java lies in Java


def test_a_region_the_story_calls_a_region_is_its_state_and_cities_it_does_not_call_so_are_towns():
    story = ("Floods force thousands from homes in Myanmar's Bago region\nSwollen rivers burst their banks in "
             "Myanmar's Bago region, cutting the main road between Yangon and Mandalay, officials said on Monday.")
    [reason] = reasons("Residents carry their belongings through floodwaters in Myitkyina, Kachin State.", story)
    assert reason.code == CAPTION_REGION_ELSEWHERE and "Kachin" in reason.message and "Bago" in reason.message
    assert reasons("Volunteers hand out water at a monastery in Taungoo, Bago region.", story) == []


LEGISLATURE_STORY = ("B.C. passes law on housing near transit\nBritish Columbia's legislature passed a bill on "
                     "Thursday requiring municipalities to allow denser housing near rapid-transit stations. The "
                     "act passed third reading in Victoria, and cities such as Vancouver must rezone by June.")


def test_a_city_named_alone_in_another_province_than_every_story_town_asks_for_review():
    [reason] = reasons("Members applaud after the final vote in the Legislative Building in Regina.",
                       LEGISLATURE_STORY)
    assert reason.code == CAPTION_REGION_ELSEWHERE and reason.severity == Severity.review
    assert "Regina" in reason.message and "Vancouver" in reason.message and "British Columbia" in reason.message


@pytest.mark.parametrize("caption", [
    "Construction cranes rise near a SkyTrain station in Burnaby.",  # the story's province
    "Officials discuss the bill in Ottawa.",  # the country's capital: its government
])
def test_a_city_of_the_story_s_province_or_the_capital_is_not_flagged(caption):
    assert reasons(caption, LEGISLATURE_STORY) == []


PERTH_FIRE = ("Homes lost as bushfire burns in the hills\nPERTH, Australia (AAP) — At least 14 homes have been "
              "destroyed by a bushfire burning out of control in the hills east of Perth, fire officials said on "
              "Thursday.")


def test_a_state_a_local_story_never_names_is_measured_against_its_town_s_state():
    [reason] = reasons("Firefighters battle flames near Lithgow in New South Wales.", PERTH_FIRE)
    assert reason.code == CAPTION_REGION_ELSEWHERE and reason.severity == Severity.review
    assert "New South Wales" in reason.message and "Western Australia" in reason.message
    assert reasons("A water bomber over the hills east of Perth, Western Australia.", PERTH_FIRE) == []


CAMPAIGN_STORY = ("Chavez challenger Capriles draws big crowds as Venezuela vote nears\nCARACAS, Venezuela (AP) — "
                  "Opposition candidate Henrique Capriles drew tens of thousands of supporters to rallies in "
                  "western Venezuela over the weekend. \"This country is tired of division,\" Capriles told a "
                  "crowd in Yaracuy state on Sunday. At a rally in Caracas, President Hugo Chavez accused him of "
                  "planning to privatize state industries.")


def test_a_town_in_a_state_the_story_names_alone_is_not_far_from_its_dateline():
    story = analyse_article_places(CAMPAIGN_STORY)
    # San Felipe is Yaracuy's capital, which the caption does not say
    assert place_reasons("Capriles greets supporters during a campaign rally in San Felipe.", story) == []
    [far] = place_reasons("Capriles greets supporters during a campaign rally in Maracaibo.", story)
    assert far.severity == Severity.review and "Maracaibo" in far.message


def test_a_nation_of_its_country_the_story_names_holds_no_town_of_the_story():
    story = analyse_article_places("Floods in Cumbria\nHundreds were evacuated in Cockermouth and Keswick in "
                                   "Cumbria after the wettest day on record in England.")
    [other] = place_reasons("Residents wade through floodwater in Bodmin, Cornwall, on Thursday.", story)
    assert other.code == CAPTION_REGION_ELSEWHERE and "Cornwall" in other.message
