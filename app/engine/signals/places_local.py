"""Local detail: a caption set in a village, suburb or district near a town the story names;
and its reverse, a caption set in such a place far from the town a local story is about.

"Volunteer Giorgos Markou carries a goat away from the flames in Dionysos" under a wildfire
outside Athens: the story never names Dionysos, and to the sentence model a goat is far from
a wildfire story, but Dionysos lies 20 km from Athens. Such captions are the story's own
detail. The places are too small for the gazetteer the place check reads, so they are looked
up among GeoNames towns of 500+ people (`app/engine/small_towns.py`), in the story's countries.
A place the story names is no evidence here: a caption of another story in the same town
names it too.

"Beachgoers crowd the sand at Glenelg" under a Perth heatwave is the reverse: Glenelg is an
Adelaide suburb, 2,100 km away, and no other Glenelg of Australia lies near Perth.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.engine.gazetteer import gazetteer, generic_name
from app.engine.place_tokens import Token, name_key, tokenize
from app.engine.signals.place_mentions import comma_after, opens_a_longer_name
from app.engine.signals.places_distance import (
    FAR_KM, far_town_reason, local_story_spots, nearest_km, nearest_story_town,
)
from app.engine.small_towns import small_towns
from app.engine.signals.places_locality import LOCATIVES, from_a_viewpoint
from app.schema import Reason

if TYPE_CHECKING:
    from app.engine.signals.places import ArticlePlaces

LOCAL_DETAIL_KM = 50.0  # a suburb or village of the story's town, not the next town's story
_MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class LocalDetail:
    place: str  # as the caption writes it: "Dionysos"
    story_town: str  # the nearest town the story names: "Athens"
    km: float


def local_detail(scene: str, places: ArticlePlaces) -> LocalDetail | None:
    """The first place the caption puts its scene in ("in", "near", "of" …) that the story never
    names and that lies within `LOCAL_DETAIL_KM` of a town the story names."""
    if not any(points for _, points in places.towns):
        return None
    for name in _scene_names(scene, tokenize(scene)):
        keys = name_key(name)
        if not keys or all(key in places.words for key in keys):
            continue
        near = near_a_story_town(name, places)
        if near is not None:
            return near
    return None


def near_a_story_town(name: str, places: ArticlePlaces) -> LocalDetail | None:
    """A town of 500+ of the story's countries by this name, within `LOCAL_DETAIL_KM` of a town
    the story names."""
    for country, lat, lon in small_towns().get(name_key(name), ()):
        nearest = nearest_story_town(((lat, lon),), places) if country in places.countries else None
        if nearest is not None and nearest[0] <= LOCAL_DETAIL_KM:
            return LocalDetail(name, nearest[1], nearest[0])
    return None


def far_small_town_reasons(scene: str, places: ArticlePlaces) -> list[Reason]:
    """A local story's caption whose only place is a small town of the story's country, every
    one of whose namesakes there lies far from the story's towns. Read only for captions that
    name no place the main gazetteer knows ("Flushing, Queens" is located by Queens), and only
    whole names right after a locative; the first that is such a town decides. A name after
    "the" is left alone: "outside the Parkdale rooming house" names a district of the story's
    city the gazetteer does not know at least as often as a village that shares its name."""
    story = tuple(local_story_spots(places))
    if not story:
        return []
    tokens = tokenize(scene)
    runs = [run for start, run in _locative_runs(tokens) if run and tokens[start - 1].key != "the"]
    for name in [_without_possessive(_text(run)) for run in runs]:
        key = name_key(name)
        if not key or generic_name(key) or all(word in places.words for word in key) or gazetteer().lookup(key):
            continue
        points = tuple((lat, lon) for country, lat, lon in small_towns().get(key, ())
                       if country in places.core_countries)
        if not points:
            continue
        distance = nearest_km(points, story)
        return [far_town_reason(name, distance, len(points) > 1, places)] if distance > FAR_KM else []
    return []


def _scene_names(scene: str, tokens: list[Token]) -> list[str]:
    """Capitalised runs after a locative, longest first: "in San Raymundo Jalpan" gives
    "San Raymundo Jalpan", "San Raymundo", "San"; then the town after a comma that says where
    that place is ("in Braamfontein, Johannesburg": a suburb too small for GeoNames, in a city
    that is not)."""
    names: list[str] = []
    for start, run in _locative_runs(tokens):
        names += _longest_first(run)
        after = start + len(run)
        if run and after < len(tokens) and comma_after(scene, tokens, after - 1):
            names += _longest_first(_capitalised_run(tokens, after))
    return names


def _locative_runs(tokens: list[Token]) -> list[tuple[int, list[Token]]]:
    """Where the words after each locative start, and their capitalised run ("in the Beltline
    district" gives Beltline)."""
    runs = []
    for i, token in enumerate(tokens[:-1]):
        if token.key in LOCATIVES and not from_a_viewpoint(tokens, i + 1):
            start = i + 2 if tokens[i + 1].key == "the" else i + 1
            runs.append((start, _capitalised_run(tokens, start)))
    return runs


def _capitalised_run(tokens: list[Token], start: int) -> list[Token]:
    """Capitalised words, and a particle between two of them: "Tlacolula de Matamoros" is one
    town, not Veracruz's Tlacolula."""
    run: list[Token] = []
    for i, word in enumerate(tokens[start:start + _MAX_NAME_WORDS], start):
        if (not word.cap and not (run and opens_a_longer_name(tokens, i))) or (run and not word.joins_prev):
            break
        run.append(word)
    return run


def _longest_first(run: list[Token]) -> list[str]:
    return [_without_possessive(_text(run[:n])) for n in range(len(run), 0, -1)]


def _text(run: list[Token]) -> str:
    return " ".join(t.text for t in run)


def _without_possessive(name: str) -> str:
    return name.removesuffix("'s").removesuffix("’s")
