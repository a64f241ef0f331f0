"""Where the file puts the photo (IPTC/XMP location fields, GPS, its own caption) against
where the draft caption and the story put it.

A place agrees when it, its country or its continent is named by the caption or story
(the places signal's `agrees`); a GPS position also agrees when a city of one of those
countries lies within BORDER_KM, so a photo taken near a border is not called foreign.
A place in another country than every place named is a mismatch (review when the file's
place is ambiguous between countries); the same country but a caption city far from the
file's city or GPS position asks for review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.engine.gazetteer import gazetteer
from app.engine.place_tokens import fold, name_key
from app.engine.photo_metadata.geocode import city_position, km_to_named_city, nearest_city, nearest_km_in
from app.engine.photo_metadata.model import PhotoMetadata, Source, Stated
from app.engine.signals.places import ArticlePlaces, agrees
from app.engine.signals.places_caption import CaptionPlace, caption_places
from app.settings import Severity

BORDER_KM = 100.0  # a GPS fix this close to a named country's city may be on either side
MAX_NEAREST_KM = 150.0  # farther from any city (sea, desert): the nearest city says little
CITY_APART_KM = 150.0  # a caption city this far from the file's position is another place


@dataclass(frozen=True)
class FilePlace:
    """One place the file states, as the gazetteer reads it."""

    place: CaptionPlace
    source: Source
    field: str
    value: str
    position: tuple[float, float] | None = None  # degrees, when the file or the gazetteer knows it
    city: str | None = None  # the city name to compare with the caption's cities
    from_caption: bool = False  # found in the file's own caption, not a location field


@dataclass(frozen=True)
class PlaceConflict:
    file: FilePlace
    severity: Severity
    caption_places: tuple[str, ...]
    story_places: tuple[str, ...]
    distance_km: float | None = None
    others: tuple[str, ...] = field(default=())


def file_places(meta: PhotoMetadata) -> list[FilePlace]:
    """GPS first, then the location fields of IPTC and XMP, then places in the file's caption."""
    found = [p for p in (_gps_place(meta),) if p is not None]
    for source in ("iptc", "xmp"):
        structured = _structured_place(meta, source)  # type: ignore[arg-type]
        if structured is not None:
            found.append(structured)
    for stated in meta.of("caption"):
        for place in caption_places(stated.value)[:3]:
            found.append(FilePlace(place, stated.source, stated.field, place.name, city=_city_of(place),
                                   from_caption=True))
    return found


def place_conflict(
    meta: PhotoMetadata, caption: str, caption_and_story: Callable[[], ArticlePlaces]
) -> PlaceConflict | None:
    """The most telling disagreement, or None. The caption's and story's places are only
    analysed when the file states a place."""
    candidates = file_places(meta)
    if not candidates:
        return None
    combined = caption_and_story()
    if not combined.located:
        return None
    conflicts: list[PlaceConflict] = []
    drafted = caption_places(caption)
    for candidate in candidates:
        conflict = _judge(candidate, drafted, combined)
        if conflict is not None:
            conflicts.append(conflict)
    if not conflicts:
        return None
    worst = max(conflicts, key=lambda c: c.severity.rank)  # the first of the most severe
    others = tuple(f"{c.file.source.upper()} {c.file.field}: {c.file.value}" for c in conflicts if c is not worst)
    return PlaceConflict(worst.file, worst.severity, worst.caption_places, worst.story_places,
                         worst.distance_km, others)


def _judge(candidate: FilePlace, drafted: list[CaptionPlace], combined: ArticlePlaces) -> PlaceConflict | None:
    names = tuple(p.name for p in drafted)
    if not _agrees(candidate, combined):
        severity = Severity.mismatch if len(candidate.place.countries) == 1 else Severity.review
        return PlaceConflict(candidate, severity, names, combined.names)
    apart = _city_distance(candidate, drafted)
    if apart is not None and apart > CITY_APART_KM:
        return PlaceConflict(candidate, Severity.review, names, combined.names, round(apart))
    return None


def _agrees(candidate: FilePlace, combined: ArticlePlaces) -> bool:
    if agrees(candidate.place, combined):
        return True
    if candidate.source != "gps" or candidate.position is None:
        return False
    named = combined.countries | combined.area_countries
    near = nearest_km_in(*candidate.position, frozenset(named)) if named else None
    return near is not None and near <= BORDER_KM


def _city_distance(candidate: FilePlace, drafted: list[CaptionPlace]) -> float | None:
    """How far the caption's city is from the file's, when both are cities of the same country."""
    position = candidate.position
    if position is None or candidate.city is None:
        return None
    distances = []
    for place in drafted:
        city = _city_of(place)
        if city is None or not (place.countries & candidate.place.countries):
            continue
        if fold(city) == fold(candidate.city):
            return None
        km = km_to_named_city(*position, city, place.countries)
        if km is not None:
            distances.append(km)
    return min(distances) if distances else None


def _city_of(place: CaptionPlace) -> str | None:
    return place.parts[0] if place.kind == "city" else None


def _gps_place(meta: PhotoMetadata) -> FilePlace | None:
    gps = meta.gps
    if gps is None:
        return None
    near = nearest_city(gps.latitude, gps.longitude)
    if near.km > MAX_NEAREST_KM:
        return None
    country = gazetteer().country_names.get(near.country, near.country)
    place = _place(f"{near.name}, {country}", "city", (near.name, country), frozenset({near.country}))
    value = f"{gps.latitude:.5f}, {gps.longitude:.5f}"
    return FilePlace(place, gps.source, gps.field, value, (gps.latitude, gps.longitude), near.name)


def _structured_place(meta: PhotoMetadata, source: Source) -> FilePlace | None:
    fields = {kind: _from(meta, kind, source) for kind in ("city", "region", "country", "country_code")}
    countries = _countries(fields["country"], fields["country_code"])
    city = fields["city"]
    region = fields["region"]
    kind, countries = _narrow(city, region, countries)
    if not countries:
        return None
    parts = tuple(s.value for s in (city, region, fields["country"]) if s is not None)
    if not parts:
        parts = (gazetteer().country_names.get(next(iter(countries)), ""),)
    stated = [s for s in fields.values() if s is not None]
    value = ", ".join(parts)
    name = ", ".join(s.field for s in stated)
    position = city_position(city.value, countries) if city is not None else None
    return FilePlace(_place(value, kind, parts, countries), source, name, value, position,
                     city.value if city is not None else None)


def _from(meta: PhotoMetadata, kind: str, source: Source) -> Stated | None:
    return next((s for s in meta.of(kind) if s.source == source), None)  # type: ignore[arg-type]


def _countries(name: Stated | None, code: Stated | None) -> frozenset[str]:
    if code is not None:
        iso = _iso2(code.value)
        if iso:
            return frozenset({iso})
    if name is not None:
        place = gazetteer().lookup(name_key(name.value))
        if place is not None and place.kind == "country":
            return place.countries
    return frozenset()


def _narrow(city: Stated | None, region: Stated | None, countries: frozenset[str]) -> tuple[str, frozenset[str]]:
    """The most precise named place and its likely countries, within the stated country if any."""
    for stated, kind in ((city, "city"), (region, "region")):
        if stated is None:
            continue
        place = gazetteer().lookup(name_key(stated.value))
        if place is None or place.kind not in ("city", "region"):
            continue
        if not countries:
            return kind, place.countries
        if place.all_countries & countries:
            return kind, countries
    return "country", countries


def _iso2(code: str) -> str | None:
    import pycountry

    text = code.strip().upper()
    if len(text) not in (2, 3) or not text.isalpha():
        return None
    found = pycountry.countries.get(**{"alpha_2" if len(text) == 2 else "alpha_3": text})
    return found.alpha_2 if found is not None else None


def _place(name: str, kind: str, parts: tuple[str, ...], countries: frozenset[str]) -> CaptionPlace:
    continent_of = gazetteer().continent_of
    continents = frozenset(continent_of[c] for c in countries if c in continent_of)
    return CaptionPlace(name, kind, parts, countries, continents)
