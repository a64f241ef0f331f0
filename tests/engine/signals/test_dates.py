from datetime import date

import pytest

from app.engine.signals.dates import (
    StoryPast, date_reasons, find_scene_dates, months_named, says_archive, words_by_day, words_by_month,
    words_by_year,
)
from app.engine.signals.dates_lookback import story_looks_back
from app.settings import Severity

PUBLISHED = date(2023, 5, 10)


@pytest.mark.parametrize(
    "caption, expected",
    [
        ("A ribbon is cut on September 1, 2004.", date(2004, 9, 1)),
        ("Crowds gather on 3 March 2021 in the square.", date(2021, 3, 3)),
        ("Protesters march in June 2009.", date(2009, 6, 1)),
        ("Officials meet on Jan. 5, 2021.", date(2021, 1, 5)),
        ("A view recorded 2019-02-05 from the tower.", date(2019, 2, 5)),
    ],
)
def test_explicit_dates_are_found(caption, expected):
    assert [d for _, d in find_scene_dates(caption)] == [expected]


def test_year_alone_does_not_date_the_scene():
    assert find_scene_dates("Rebel fighters at a camp in 2016.") == []


def test_old_date_without_archive_word_is_flagged_for_review():
    reasons = date_reasons("The mayor cuts a ribbon on September 1, 2004.", PUBLISHED, 180)
    assert len(reasons) == 1
    assert reasons[0].code == "caption_date_conflict"
    assert reasons[0].severity is Severity.review
    assert reasons[0].evidence["caption_date"] == "2004-09-01"
    assert "2004" in reasons[0].message


@pytest.mark.parametrize(
    "caption",
    [
        "A file photo of the mayor on September 1, 2004.",
        "The mayor on September 1, 2004 (archive).",
        "The old town hall, taken in June 2009, before it burned.",
    ],
)
def test_archive_wording_clears_an_old_date(caption):
    assert says_archive(caption)
    assert date_reasons(caption, PUBLISHED, 180) == []


@pytest.mark.parametrize("caption, published, archival", [
    # walking past something is not "in the past"
    ("Commuters walk past darkened shops during the power cuts on Sunday, March 17, 2019.", date(2023, 2, 20),
     "Protesters in the past have blocked the bridge, May 2, 2016."),
    # a former office holder is today's title; "then-president" says the photo is old
    ("Crowds outside the court as former president Jacob Zuma's case is heard, July 2021.", date(2022, 3, 10),
     "Then-president Jacob Zuma arrives at court, July 2021."),
])
def test_words_that_only_look_archival_do_not_clear_an_old_date(caption, published, archival):
    assert not says_archive(caption)
    [reason] = date_reasons(caption, published, 180)
    assert reason.severity == Severity.review
    assert says_archive(archival)


def test_date_within_tolerance_passes():
    assert date_reasons("Workers on April 20, 2023 at the site.", PUBLISHED, 180) == []


def test_tolerance_is_configurable():
    assert date_reasons("Workers on April 20, 2023 at the site.", PUBLISHED, 5)


def test_date_after_publication_is_a_mismatch():
    reasons = date_reasons("Fans celebrate on June 30, 2023.", PUBLISHED, 180)
    assert reasons and reasons[0].severity is Severity.mismatch


def test_no_publication_date_means_no_judgement():
    assert date_reasons("The mayor on September 1, 2004.", None, 180) == []


@pytest.mark.parametrize("caption, severity", [
    ("The mayor cuts a ribbon on September 1, 2004.", Severity.mismatch),  # 19 years: a recycled photo
    ("The mayor cuts a ribbon on September 1, 2021.", Severity.review),  # under 5 years: the decision weighs it
])
def test_a_photo_dated_years_before_the_story_is_a_mismatch(caption, severity):
    (reason,) = date_reasons(caption, PUBLISHED, 180, stale_years=5)
    assert reason.severity is severity
    assert date_reasons("A file photo of the mayor on September 1, 2004.", PUBLISHED, 180, stale_years=5) == []


@pytest.mark.parametrize("opening, expected", [
    ("Violeta Ríos, voice of Chile's new song movement, dies at 81", True),
    ("Ten years after the earthquake, Christchurch has rebuilt its centre", True),
    ("Nation marks the 50th anniversary of the coup", True),
    ("Council approves new tram line through the city centre", False),
    ("Rescuers dig through rubble as the death toll rises", False),
    ("Two die in motorway crash near Leeds", False),
    ("Exports up year on year as demand recovers", False),
    # reviews picture their artists on earlier nights; a review of a policy is news
    ("Concert review: June Calloway brings hush to the Ryman", True),
    ("The Lantern Coast: Low Tide Hymns review – Glasgow band turn grief into a racket", True),
    ("Independent review finds failures at hospital", False),
    ("Minister to review bus fares after complaints", False),
])
def test_obituaries_and_anniversaries_look_back(opening, expected):
    assert (story_looks_back(opening) is not None) is expected


@pytest.mark.parametrize("headline, years", [
    ("Violeta Ríos, voice of Chile's new song movement, dies at 81", None),
    ("Kobe marks 30 years since the Great Hanshin Earthquake", 30),
    ("Ten years after the earthquake, Christchurch has rebuilt its centre", 10),
    ("Nation marks the 50th anniversary of the coup", 50),
    ("A year after the floods, the town still waits for its dike", 1),
])
def test_an_anniversary_knows_how_long_ago_its_event_was(headline, years):
    assert story_looks_back(headline).years == years


def test_an_anniversary_expects_photos_of_its_event_s_year_not_of_another_old_one():
    kobe = StoryPast(story_looks_back("Kobe marks 30 years since the Great Hanshin Earthquake"))
    published = date(2025, 1, 17)
    (then,) = date_reasons("Rescuers search rubble in Kobe on January 17, 1995.", published, 180, past=kobe)
    assert then.severity is Severity.info
    (other,) = date_reasons("Rescuers search a house in Wajima on Jan. 3, 2024.", published, 180, past=kobe)
    assert other.severity is Severity.review and "file or archive" in other.message


def test_a_handout_s_old_date_is_only_noted_until_it_is_stale():
    caption = "Walkers on the Fishermen's Trail near Almograve in October 2022. Photograph: Rota Vicentina/Supplied"
    (noted,) = date_reasons(caption, date(2023, 7, 21), 180, stale_years=5)
    assert noted.severity is Severity.info and "handout" in noted.message
    (wire,) = date_reasons("Walkers on the trail in October 2022. REUTERS/Ana Lopes", date(2023, 7, 21), 180,
                           stale_years=5)
    assert wire.severity is Severity.review
    (stale,) = date_reasons("Walkers on the trail on Oct. 8, 2012. Photo: Supplied", date(2023, 7, 21), 180,
                            stale_years=5)
    assert stale.severity is Severity.mismatch


def test_a_day_the_story_gives_without_its_year_is_recalled_in_its_year():
    story = ["The court heard he set fire to the Royal Oak Hotel on High Street about 2am on January 14.",
             "He will be sentenced on December 3."]
    published = date(2024, 10, 25)
    past = StoryPast(recalled=frozenset(m for m, _ in words_by_month(story, published)),
                     recalled_words=words_by_month(story, published), recalled_days=words_by_day(story, published))
    assert {m for m, _ in words_by_month(story, published)} == {(2024, 1)}  # December 3 is to come
    caption = "Firefighters at the Royal Oak Hotel, Maitland, January 14, 2024."
    (fire,) = date_reasons(caption, published, 180, past=past)
    assert fire.severity is Severity.info and fire.evidence["recalled"]


def test_an_earlier_year_s_anniversary_is_no_photo_of_the_event_looked_back_to():
    antakya = StoryPast(story_looks_back("Three years after the quake, Antakya mourns amid slow rebuilding"))
    published = date(2026, 2, 6)
    caption = "Mourners mark the anniversary of the earthquakes in Antakya, February 6, 2024."
    (earlier,) = date_reasons(caption, published, 180, past=antakya)
    assert earlier.severity is Severity.review
    (then,) = date_reasons("Rescuers search the rubble in Antakya, February 7, 2023.", published, 180, past=antakya)
    assert then.severity is Severity.info


def test_an_old_photo_in_a_story_that_looks_back_is_noted_not_flagged():
    caption = "The singer performs at a Santiago theatre in November 1988."
    obituary = StoryPast(story_looks_back("Singer dies at 81"))
    (reason,) = date_reasons(caption, PUBLISHED, 180, stale_years=5, past=obituary)
    assert reason.severity is Severity.info and reason.evidence["looks_back"] is True
    assert "obituary" in reason.message and "November 1988" in reason.message
    (after,) = date_reasons("Fans gather on June 30, 2023.", PUBLISHED, 180, past=obituary)
    assert after.severity is Severity.mismatch  # a date after the story is still wrong


@pytest.mark.parametrize("caption", [
    "A memorial to victims of the March 11, 2011 tsunami in Rikuzentakata.",
    "The terminal, closed since March 2020, reopens to passengers.",
    "Works must finish by June 2024 under the contract.",
])
def test_a_date_that_names_an_event_or_bounds_a_time_is_not_the_photo_s(caption):
    assert find_scene_dates(caption) == []
    assert date_reasons(caption, PUBLISHED, 180) == []


@pytest.mark.parametrize("caption", [
    "Supporters gather on the night of the October 2019 parliamentary election.",
    "Rescuers search the rubble during the March 11, 2011 tsunami.",
])
def test_a_date_of_the_event_the_photo_is_at_dates_the_scene(caption):
    [(_, when)] = find_scene_dates(caption)
    assert when.year in (2011, 2019)


def test_an_old_picture_of_a_building_or_logo_is_noted_until_it_is_stale():
    caption = "The headquarters of Kessler Automotive in Stuttgart, Germany, March 14, 2021."
    [recent] = date_reasons(caption, PUBLISHED, 180, stale_years=5)
    assert recent.severity == Severity.info and "reused" in recent.message
    [stale] = date_reasons(caption.replace("2021", "2015"), PUBLISHED, 180, stale_years=5)
    assert stale.severity == Severity.mismatch
    [event] = date_reasons("Guests arrive for the opening ceremony on March 14, 2021.", PUBLISHED, 180, stale_years=5)
    assert event.severity == Severity.review
    # an event held at a headquarters is no picture of the building
    [vote] = date_reasons("Councillors vote at the headquarters of the Metropolitan Council, March 14, 2021.",
                          PUBLISHED, 180, stale_years=5)
    assert vote.severity == Severity.review


YORK = "The river will peak short of the 5.4-metre record set in November 2000, the agency said."


def test_a_photo_of_an_event_in_a_month_the_story_recalls_is_noted_not_flagged():
    recalled = months_named(YORK)
    assert recalled == {(2000, 11)}
    [reason] = date_reasons("Skeldergate during the record flood of November 2000.", PUBLISHED, 180,
                            stale_years=10, past=StoryPast(recalled=recalled))
    assert reason.severity == Severity.info and reason.evidence["recalled"]
    assert "which the story recalls" in reason.message


COLLAPSE = ("Istanbul court jails contractor over deadly collapse\nAn Istanbul court on Thursday sentenced a "
            "contractor over the collapse of an apartment block that killed four people in the city's "
            "Bahçelievler district in March 2021.")


def test_a_photo_described_in_the_words_the_story_recalls_its_month_with_is_noted_not_flagged():
    past = StoryPast(recalled=months_named(COLLAPSE), recalled_words=words_by_month(COLLAPSE.split("\n")))
    caption = "Rescue workers search the debris of the collapsed building in Bahçelievler in March 2021."
    [reason] = date_reasons(caption, PUBLISHED, 180, stale_years=10, past=past)
    assert reason.severity == Severity.info and reason.evidence["recalled"]
    # one word of the story's sentence is not its event
    [other] = date_reasons("Rescue workers search a collapsed mine on March 3, 2021.", PUBLISHED, 180, past=past)
    assert other.severity == Severity.review


def test_a_photo_described_in_the_words_of_a_year_or_span_the_story_recalls_is_noted_not_flagged():
    story = ("Museum shows a new long-necked dinosaur\nIts fossils, neck vertebrae and a partial thigh bone, "
             "were excavated between 2019 and 2021 near Plaza Huincul. The museum opened a new hall in 2015.")
    past = StoryPast(recalled_years=words_by_year(story.split("\n")))
    caption = "Technicians wrap a partial thigh bone in a plaster jacket at the dig in March 2020."
    [reason] = date_reasons(caption, PUBLISHED, 180, stale_years=10, past=past)
    assert reason.severity == Severity.info and reason.evidence["recalled"]
    # a year the story recalls, but not in the caption's words: still asked about
    [other] = date_reasons("Visitors queue at a ticket office on March 3, 2015.", PUBLISHED, 180, past=past)
    assert other.severity == Severity.review
    # a year outside the span
    [outside] = date_reasons("Technicians wrap a thigh bone at the dig on March 3, 2018.", PUBLISHED, 180,
                             past=past)
    assert outside.severity == Severity.review



def test_names_of_people_and_bodies_are_no_words_of_a_recalled_year_s_event():
    story = ("Anti-graft court convicts ex-mayor\nThe Sandiganbayan found Antonio Villareal, who served as "
             "mayor from 2013 to 2019, guilty. The storm of 2019 flooded the town of Malabon.")
    past = StoryPast(recalled_years=words_by_year(story.split("\n")))
    caption = "Former mayor Antonio Villareal listens as the verdict is read at the Sandiganbayan on May 29, 2019."
    [reason] = date_reasons(caption, PUBLISHED, 180, stale_years=10, past=past)
    assert reason.severity == Severity.review and not reason.evidence.get("recalled")
    # a place is a word of the event, and so is a named event
    [flood] = date_reasons("Residents wade through flooded streets in Malabon, August 2019.", PUBLISHED, 180, past=past)
    assert flood.severity == Severity.info and flood.evidence["recalled"]
    fire = "Wildfire season opens\nCrews fought the Kincade Fire of 2019 for two weeks."
    [named] = date_reasons("Crews fight the Kincade Fire, Oct. 24, 2019.", PUBLISHED, 180,
                           past=StoryPast(recalled_years=words_by_year(fire.split("\n"))))
    assert named.severity == Severity.info


def test_a_photo_of_the_very_day_the_story_recalls_needs_one_word_of_its_sentence():
    story = ("EV maker opens plant in Hefei\nGround was broken for the plant on May 16, 2021, and trial "
             "production started in December.")
    past = StoryPast(recalled=months_named(story), recalled_words=words_by_month(story.split("\n")),
                     recalled_days=words_by_day(story.split("\n")))
    caption = "This photo taken on May 16, 2021 shows the groundbreaking ceremony for the plant in Hefei."
    [reason] = date_reasons(caption, PUBLISHED, 180, stale_years=10, past=past)
    assert reason.severity == Severity.info and reason.evidence["recalled"]
    # another day of that month, or no word of the sentence: still asked about
    [other] = date_reasons("Guests attend a ceremony for the plant, May 17, 2021.", PUBLISHED, 180, past=past)
    assert other.severity != Severity.info
    [unrelated] = date_reasons("Guests attend a gala dinner, May 16, 2021.", PUBLISHED, 180, past=past)
    assert unrelated.severity != Severity.info


def test_a_weekday_is_no_word_of_the_event_a_recalled_year_s_sentence_tells():
    story = ("Lyon widens its low-emission zone\nGroups welcomed Monday's vote but pointed to the metro line, "
             "which finally opened in 2020.")
    past = StoryPast(recalled_years=words_by_year(story.split("\n")))
    [reason] = date_reasons("Councillors vote on the plan in Lyon, Monday, March 16, 2020.", PUBLISHED, 180, past=past)
    assert reason.severity == Severity.review
    [line] = date_reasons("The new metro line opened on Monday, March 16, 2020.", PUBLISHED, 180, past=past)
    assert line.severity == Severity.info and line.evidence["recalled"]


@pytest.mark.parametrize("caption, story", [
    # dated like today's scene, though the story recalls that month: a photo passed off as new
    ("Firefighters battle a blaze near Halls Gap, Nov. 26, 2000.", YORK),
    # at an event, but of a month the story never names
    ("Skeldergate during the record flood, Nov. 3, 2000.", "The river will peak on Wednesday."),
])
def test_an_old_date_is_flagged_unless_the_caption_sets_it_at_a_month_the_story_recalls(caption, story):
    [reason] = date_reasons(caption, PUBLISHED, 180, stale_years=10, past=StoryPast(recalled=months_named(story)))
    assert reason.severity == Severity.mismatch


def test_a_person_pictured_at_an_earlier_occasion_is_a_portrait_not_a_photo_presented_as_new():
    caption = "Health Commissioner Ada Obi, pictured during a briefing in Lagos on April 3, 2020."
    assert says_archive(caption)
    assert date_reasons(caption, PUBLISHED, 30) == []
    assert date_reasons("Ada Obi speaks during a briefing in Lagos on April 3, 2020.", PUBLISHED, 30) != []
    assert not says_archive("The headquarters is pictured in Stuttgart on April 3, 2020.")  # no one's portrait


def test_a_day_after_publication_may_be_a_time_zone_apart_and_two_days_cannot():
    assert date_reasons("Fans celebrate on May 11, 2023.", PUBLISHED, 180) == []
    [reason] = date_reasons("Rescuers pull a woman from the rubble on May 12, 2023.", PUBLISHED, 180)
    assert reason.severity is Severity.mismatch and "after the story's date" in reason.message


def test_a_named_occasion_dated_by_its_month_is_told_as_past_and_a_day_is_not():
    caption = "Diners on George Street during the Edinburgh Festival Fringe in August 2022. Picture: Calum Moffat"
    assert date_reasons(caption, PUBLISHED, 180) == []
    assert date_reasons("Diners on George Street on August 5, 2022.", PUBLISHED, 180) != []
    # a comma instead of "in" before the month, as photo desks also write it
    assert date_reasons("Tourists crowd the Royal Mile during the Edinburgh Festival Fringe, August 2022.",
                        PUBLISHED, 180) == []
    assert date_reasons("Tourists crowd the Royal Mile, August 2022.", PUBLISHED, 180) != []


def test_a_one_off_occasion_of_the_story_s_subject_dated_by_its_month_is_told_as_past():
    caption = "The ship leaving Harwich on its maiden voyage to Antarctica in November 2021 (Andrew Coulter/PA)"
    assert date_reasons(caption, PUBLISHED, 180) == []
    # its day, or no occasion, is still a photo passed off as new
    assert date_reasons("The ship leaving Harwich on its maiden voyage on November 29, 2021.", PUBLISHED, 180)
    assert date_reasons("The ship leaving Harwich in October 2022.", PUBLISHED, 180)


@pytest.mark.parametrize("caption", [
    "Chimpanzee Toni is pictured on his 50th birthday in November 2011 at the Tierpark Hellabrunn zoo in Munich.",
    "David Ginola cruises past Chelsea's Gavin Peacock in Newcastle's 2-0 victory in September 1995.",
])
def test_a_month_a_year_or_more_before_the_story_dates_an_archive_photo_and_is_only_noted(caption):
    [reason] = date_reasons(caption, PUBLISHED, 180, stale_years=10)
    assert reason.severity == Severity.info and reason.evidence["dated_as_past"]
    assert "by its month" in reason.message
    # within the year, or with its day, the photo may be passed off as the story's own
    [recent] = date_reasons("Walkers on the trail in October 2022.", PUBLISHED, 180, stale_years=10)
    assert recent.severity == Severity.review
    [dayed] = date_reasons("Newcastle's 2-0 victory on Sept. 23, 1995.", PUBLISHED, 180, stale_years=10)
    assert dayed.severity == Severity.mismatch


def test_an_ap_photo_dated_in_its_opening_says_it_is_from_that_day():
    caption = "In this June 8, 2013, photo, baseball fans watch a Chicago Cubs game from a rooftop in Chicago."
    assert says_archive(caption)
    assert date_reasons(caption, date(2014, 7, 24), 180) == []
    assert not says_archive("In this photo, baseball fans watch a Chicago Cubs game on June 8, 2013.")


def test_a_chart_s_dates_are_of_its_data():
    chart = "Graphic: monthly inflation rate, October 2022 to April 2023. Source: INDEC"
    assert date_reasons(chart, PUBLISHED, 30) == []
    assert date_reasons(chart.removeprefix("Graphic: "), PUBLISHED, 30) != []
