"""How the places signal words what it compared: "Washington, DC (the United States)",
"Spain (Seville, Córdoba)". Shared by the place findings and their messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.engine.gazetteer import gazetteer
from app.engine.place_tokens import fold

if TYPE_CHECKING:
    from app.engine.signals.places_caption import CaptionPlace
    from app.engine.signals.places_story import ArticlePlaces

MAX_LISTED = 3


def country_names(codes: frozenset[str]) -> list[str]:
    names = gazetteer().country_names
    return sorted(with_article(names.get(c, c)) for c in codes)


def with_article(country: str) -> str:
    country = country.removeprefix("The ")  # the gazetteer's "The Netherlands"
    plural = country.endswith(("Republic", "Islands", "Netherlands", "Philippines"))
    return f"the {country}" if plural or country.startswith("United ") else country


def describe_caption(found: list[CaptionPlace], countries: frozenset[str]) -> str:
    # "the US Capitol in Washington, DC": Washington says more than US
    places = [q for q in found if q.kind != "country"]
    specific = [
        p for p in found
        if p.kind != "country" or not any(p.countries >= q.countries for q in places)
    ]
    text = " and ".join(p.name for p in specific or found)
    missing = [n for n in country_names(countries) if fold(n) not in fold(text)]
    if missing and len(countries) <= MAX_LISTED:
        text += f" ({' or '.join(missing)})"
    return text


def describe_story(places: ArticlePlaces) -> str:
    """ "Spain (Seville, Córdoba)", "Japan (Tokyo) and North America"."""
    named = list(zip(places.names, places.kinds))
    local = distinct_names([n for n, kind in named if kind in ("city", "region")])[:MAX_LISTED]
    wide = [n for n, kind in named if kind in ("continent", "area")][:MAX_LISTED]
    countries = country_names(places.core_countries)
    if not countries or len(countries) > MAX_LISTED:
        return join((local + wide or list(places.names))[:MAX_LISTED])
    text = join(countries) + (f" ({', '.join(local)})" if local else "")
    return f"{text} and {join(wide)}" if wide else text


def join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def distinct_names(names: list[str]) -> list[str]:
    """Each place once, as the story writes it in its text rather than in its dateline:
    "SYLHET, Bangladesh — ... in Sylhet" names Sylhet."""
    written: dict[str, str] = {}
    for name in names:
        key = fold(name)
        if key not in written or (written[key].isupper() and not name.isupper()):
            written[key] = name
    return [as_a_reader_writes(n) for n in written.values()]


def as_a_reader_writes(name: str) -> str:
    """A dateline's "DAYTON" as "Dayton"; initials in capitals ("UAE") stay as they are."""
    return name.title() if name.isupper() and len(name) > 3 else name
