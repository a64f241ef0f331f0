"""The decisions: the file's place and date against the caption's and the story's.

The metadata here is built directly (what a reader would return), to pin down each rule;
tests/engine/signals/test_photo_metadata.py runs the same through real files and the checker.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.engine.photo_metadata.compare_dates import date_conflict, file_date
from app.engine.photo_metadata.compare_places import place_conflict
from app.engine.photo_metadata.model import GpsPosition, PhotoMetadata, Stated
from app.engine.signals.places_story import analyse_article_places
from app.settings import Severity

PAKISTAN = ("Floods displace millions across Pakistan\nMonsoon floods swept through Sindh province, "
            "and residents of Sukkur waded through streets as the Indus rose.")
SUKKUR_CAPTION = "Residents wade through a flooded street in Sukkur on Tuesday."
STORY_DAY = date(2024, 8, 28)


def stated(kind: str, value: str, source: str = "iptc", field: str = "Field", **extra) -> Stated:
    return Stated(kind, value, source, field, **extra)  # type: ignore[arg-type]


def camera(moment: datetime, source: str = "exif") -> Stated:
    return stated("camera_time", moment.isoformat(), source, "DateTimeOriginal", when=moment.date(), time=moment)


def created(day: date) -> Stated:
    return stated("created", day.isoformat(), "iptc", "DateCreated", when=day)


def places(meta: PhotoMetadata, caption: str = SUKKUR_CAPTION, story: str = PAKISTAN):
    return place_conflict(meta, caption, lambda: analyse_article_places(f"{caption}\n{story}"))


def dates(meta: PhotoMetadata, caption: str = SUKKUR_CAPTION, story: str = PAKISTAN, published: bool = True):
    return date_conflict(meta, caption, story, STORY_DAY, published, 180)


# --- places ---

def test_a_city_in_another_country_is_a_mismatch():
    meta = PhotoMetadata((stated("city", "Jakarta", field="City"), stated("country", "Indonesia", field="Country")))
    conflict = places(meta)
    assert conflict is not None and conflict.severity == Severity.mismatch
    assert conflict.file.source == "iptc" and conflict.file.value == "Jakarta, Indonesia"
    assert conflict.file.place.countries == {"ID"} and conflict.caption_places == ("Sukkur",)


def test_a_country_code_alone_is_enough():
    conflict = places(PhotoMetadata((stated("country_code", "IDN", "xmp", "Iptc4xmpCore:CountryCode"),)))
    assert conflict is not None and conflict.file.place.countries == {"ID"}
    assert conflict.file.source == "xmp"


def test_an_ambiguous_city_elsewhere_asks_for_review():
    kenya = "Kenya votes\nVoters queued in Nairobi and Mombasa on Tuesday."
    conflict = places(PhotoMetadata((stated("city", "Hyderabad", field="City"),)),
                      "Voters queue in Nairobi.", kenya)
    assert conflict is not None and conflict.severity == Severity.review
    assert conflict.file.place.countries == {"IN", "PK"}


def test_the_story_s_own_place_agrees():
    meta = PhotoMetadata((stated("city", "Sukkur"), stated("country", "Pakistan")))
    assert places(meta) is None


def test_a_place_named_only_by_the_story_agrees():
    meta = PhotoMetadata((stated("region", "Sindh", field="Province-State"),))
    assert places(meta, "Residents wade through a flooded street.") is None


def test_the_file_s_own_caption_is_read_for_its_place():
    meta = PhotoMetadata((stated("caption", "Floodwater in Jakarta, Indonesia, on Jan. 2, 2020.",
                                 field="Caption-Abstract"),))
    conflict = places(meta)
    assert conflict is not None and conflict.severity == Severity.mismatch
    assert conflict.file.field == "Caption-Abstract" and conflict.file.value == "Jakarta, Indonesia"


def test_gps_in_another_country_is_a_mismatch_and_names_the_nearest_city():
    conflict = places(PhotoMetadata(gps=GpsPosition(-6.2088, 106.8456)))
    assert conflict is not None and conflict.severity == Severity.mismatch
    assert conflict.file.source == "gps" and conflict.file.place.name == "Jakarta, Indonesia"


def test_gps_across_a_border_from_the_story_s_country_agrees():
    # Amritsar, India: 45 km from Lahore, Pakistan.
    lahore = "Heatwave in Pakistan\nTemperatures reached 47C in Lahore on Monday."
    meta = PhotoMetadata(gps=GpsPosition(31.634, 74.872))
    assert places(meta, "A man cools off in Lahore.", lahore) is None
    kenya = "Kenya votes\nVoters queued in Nairobi and Mombasa on Tuesday."
    conflict = places(meta, "Voters queue in Nairobi.", kenya)
    assert conflict is not None and conflict.severity == Severity.mismatch


def test_gps_far_from_the_caption_s_city_in_the_same_country_asks_for_review():
    conflict = places(PhotoMetadata(gps=GpsPosition(24.8607, 67.0011)))  # Karachi
    assert conflict is not None and conflict.severity == Severity.review
    assert conflict.distance_km == pytest.approx(365, abs=15)


def test_gps_at_sea_says_nothing():
    assert places(PhotoMetadata(gps=GpsPosition(-30.0, -30.0))) is None  # mid-Atlantic


def test_an_unlocated_story_is_not_compared():
    meta = PhotoMetadata((stated("city", "Jakarta"),))
    assert places(meta, "A man smiles.", "Prices rise\nInflation rose again in the spring.") is None


# --- dates ---

def test_an_old_camera_date_under_a_current_caption_is_a_mismatch():
    conflict = dates(PhotoMetadata((camera(datetime(2009, 7, 14, 10, 0)),)))
    assert conflict is not None and conflict.severity == Severity.mismatch and conflict.problem == "older"
    assert conflict.file.source == "exif" and conflict.file.when == date(2009, 7, 14)


@pytest.mark.parametrize("caption", [
    "File photo: residents wade through a flooded street in Sukkur.",
    "Residents wade through a flooded street in Sukkur in this archive image.",
])
def test_a_caption_that_says_file_photo_is_respected(caption):
    assert dates(PhotoMetadata((camera(datetime(2009, 7, 14, 10, 0)),)), caption) is None


def test_a_caption_that_dates_the_photo_to_its_time_agrees():
    caption = "Residents wade through a flooded street in Sukkur on July 14, 2009."
    assert dates(PhotoMetadata((camera(datetime(2009, 7, 14, 10, 0)),)), caption) is None


def test_a_caption_dated_otherwise_than_the_file_is_a_mismatch():
    caption = "Residents wade through a flooded street in Sukkur on Aug. 27, 2024."
    conflict = dates(PhotoMetadata((camera(datetime(2009, 7, 14, 10, 0)),)), caption)
    assert conflict is not None and conflict.severity == Severity.mismatch and conflict.problem == "caption"
    assert conflict.caption_dates == ("Aug. 27, 2024",)


def test_a_story_that_goes_back_to_the_file_s_year_asks_for_review():
    story = PAKISTAN + " The 2009 floods were the last to reach the city."
    conflict = dates(PhotoMetadata((camera(datetime(2009, 7, 14, 10, 0)),)), story=story)
    assert conflict is not None and conflict.severity == Severity.review


def test_the_editorial_date_outranks_a_wrong_camera_clock():
    meta = PhotoMetadata((camera(datetime(2009, 7, 14, 10, 0)), created(date(2024, 8, 27))))
    assert file_date(meta).source == "iptc"  # type: ignore[union-attr]
    assert dates(meta) is None


@pytest.mark.parametrize("moment", [datetime(2000, 1, 1, 0, 0, 0), datetime(1980, 5, 5, 12, 0)])
def test_an_unset_camera_clock_is_ignored(moment):
    assert dates(PhotoMetadata((camera(moment),))) is None


def test_a_file_dated_after_publication_asks_for_review_but_not_in_an_undated_draft():
    meta = PhotoMetadata((created(date(2024, 9, 20)),))
    conflict = dates(meta)
    assert conflict is not None and conflict.severity == Severity.review and conflict.problem == "after"
    assert dates(meta, published=False) is None


def test_a_recent_file_under_a_caption_dated_years_ago_asks_for_review():
    caption = "Residents wade through a flooded street in Sukkur, taken in March 2015."
    conflict = dates(PhotoMetadata((created(date(2024, 8, 27)),)), caption)
    assert conflict is not None and conflict.severity == Severity.review and conflict.problem == "caption"


def test_the_file_s_caption_dates_the_photo_when_nothing_else_does():
    meta = PhotoMetadata((stated("caption", "Floodwater in Sukkur on Aug. 12, 2010.", field="Caption-Abstract"),))
    conflict = dates(meta)
    assert conflict is not None and conflict.file.when == date(2010, 8, 12)
    assert conflict.file.field == "Caption-Abstract"
