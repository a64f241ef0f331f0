"""People: names in a caption that the story never mentions.

Names come from the spaCy pipeline (PERSON entities of the caption's scene, credits split
off first, so photographers are not subjects). A name is known when its surname, or any
other telling word of it, appears in the story. Bystanders, workers and athletes are named
in genuine captions every day, so an unknown name alone is information; an office holder
(President, Rep., minister...) the story never mentions asks for review, through the caption
decision. An office of a country the story never involves ("Brazilian President Jair
Bolsonaro" under a story about France) stands at review on its own: the caption's actor
belongs to another country's affairs, and so does an office named without its holder
("Japan's Minister of Economy speaks").
"""

from __future__ import annotations

import re

from app.engine.calendar_words import CALENDAR_WORDS
from app.engine.caption_anatomy import scene_of
from app.engine.encoders.entities import Entity
from app.engine.gazetteer import Place, gazetteer
from app.engine.place_tokens import FUNCTION_WORDS, Token, name_key, tokenize
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Signal
from app.engine.signals.office_titles import (
    CAPTION_OFFICE_ELSEWHERE, OFFICE_WORDS, PORTFOLIO_WINDOW, TITLE_JOINERS, TITLE_WINDOW, any_of, long_title,
    office_words,
)
from app.engine.signals.offices_local import city_office_elsewhere, county_office_elsewhere, state_office_elsewhere
from app.engine.signals.people_found import TITLE_WORDS, caption_people_all, depicted
from app.engine.signals.place_mentions import find_mentions
from app.engine.signals.places import ArticlePlaces, story_places
from app.engine.signals.places_wording import join
from app.engine.text import CAPITALS
from app.schema import Reason
from app.settings import Severity

CAPTION_PERSON_UNKNOWN = "caption_person_unknown"
# A national side's coach or captain holds an office of that country ("Ireland head coach
# Andy Farrell"), as do its judges and officials ("Ugandan Chief Justice", "India's Chief
# Election Commissioner"); alone, without a country, these are everyday titles.
_COUNTRY_OFFICES = OFFICE_WORDS | frozenset(
    "coach captain manager skipper justice commissioner chief chairman chairwoman chairperson".split())
_NAME_WORD = rf"[{CAPITALS}][a-z\u00C0-\u024F'’-]+"
_TITLED_NAME = re.compile(
    rf"\b(?i:{'|'.join(sorted(_COUNTRY_OFFICES))})\.?\s+({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})")
# Monarchs and popes go by one name ("Crown Prince Haakon", "King Charles III", "Pope Leo").
_REGNAL_NAME = re.compile(
    rf"\b(?i:king|queen|prince|princess|pope|emperor|empress|sultan|emir)\s+({_NAME_WORD})\b(?!\s+[{CAPITALS}][a-z])")


def person_reasons(caption: str, places: ArticlePlaces, people: list[Entity]) -> list[Reason]:
    """`places`: the story's place analysis (done once per check), which holds its words."""
    names = _unique([p.text for p in people if not places.names_person(p.text)])
    if not names:
        return []
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
    message = f"The caption names {who}, but the story never mentions {'them' if len(names) > 1 else 'this name'}."
    scene = scene_of(caption)
    titled = [name for name in names if holds_office(scene, name)]
    severity = Severity.review if titled else Severity.info
    return [make_reason(CAPTION_PERSON_UNKNOWN, severity, message, names=names, titled=titled)]


# Courtesy titles say nothing about who someone is in public life; the everyday titles of
# local life name people every story meets (a councillor at the debate, the film's director,
# a police officer at the scene), not actors of another story.
_COURTESY = frozenset("mr mrs ms miss dr sir dame lord lady father saint st".split())
_EVERYDAY = frozenset(
    "councillor councilor director coach chef captain capt officer inspector detective det supt "
    "insp cst const cpl pte sergeant sgt founder chair chairman chairwoman".split())
_PUBLIC_TITLES = TITLE_WORDS - _COURTESY - _EVERYDAY


def introduced_by_title(text: str, start: int) -> bool:
    """The words just before a name give a title of public life: "Facebook CEO Mark
    Zuckerberg", "U.S. Gen. James Mattis", "Senate Minority Leader Harry Reid"."""
    return any_of(text[:start].split()[-TITLE_WINDOW:], _PUBLIC_TITLES)


def holds_office(text: str, name: str) -> bool:
    """The words just before the name give them an office ("US Rep. Ilhan Omar")."""
    return bool(office_words(text, name))


_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z-]*)\.?\s*$")
_APPOSITION_AFTER = re.compile(r"^,\s+(?:\d{1,3}\b|(?:a|an|who)\b)")
_NOT_ROLES = FUNCTION_WORDS | frozenset("and or nor by with of said says shows show photo file".split())


def introduced_by_role(text: str, start: int, end: int) -> bool:
    """The caption itself says who the person is with an everyday role or an apposition
    ("Villager Fatima Ait Lahcen", "aid worker Rokeya Begum", "Maria Lopez, 54,"), and gives
    no title or office: someone in the scene, not an actor the reader should know."""
    before = _WORD_BEFORE.search(text[:start])
    word = before.group(1).lower() if before else ""
    if any(part in TITLE_WORDS for part in word.split("-")):
        return False
    if _APPOSITION_AFTER.match(text[end:]):
        return True
    return bool(word) and word not in _NOT_ROLES


def office_country(text: str, name: str) -> Place | None:
    """The country of the office the caption gives a person: "French President", "Japan's
    Prime Minister", "US Rep.", "Egypt's Minister of Water Resources and Irrigation", "Ireland
    head coach", "Agriculture Minister Piet Adema of the Netherlands", or the country whose
    public life a possessive gives them ("Colombia's national registrar Hernan Penagos")."""
    titled = office_words(text, name, _COUNTRY_OFFICES)
    for words in (titled, long_title(text, name), _possessive_country(text, name),
                  _country_after(text, name) if titled else []):
        window = " ".join(words)
        found = find_mentions(window, tokenize(window)) if window else []
        countries = [m.place for m in found if m.place.kind in ("country", "demonym")]
        if countries:
            return countries[-1]  # the nearest to the name
    return None


_POSSESSIVE = re.compile(r"^(.+?)['’]s$")
_OF_PLACE = re.compile(r"^,?\s+of\s+((?:the\s+)?(?:[A-Z][\w'’.-]*\s*){1,3})")


def _possessive_country(text: str, name: str) -> list[str]:
    """ "Colombia's national registrar Hernan Penagos": a country's possessive a few words
    before the name, in the same phrase, says whose official the person is. A demonym is not
    read so: "Syrian refugee Ahmad" may live anywhere."""
    at = text.find(name)
    words = text[: max(at, 0)].split()[-TITLE_WINDOW:]
    for word in reversed(words):
        if word.endswith((",", ";", ":", ".")) and not _POSSESSIVE.match(word):
            return []
        owner = _POSSESSIVE.match(word)
        if owner:
            return [owner.group(1)] if gazetteer().lookup(name_key(owner.group(1))) else []
    return []


def _country_after(text: str, name: str) -> list[str]:
    """ "Agriculture Minister Piet Adema of the Netherlands": the office's country after the name."""
    at = text.find(name)
    found = _OF_PLACE.match(text[at + len(name):]) if at >= 0 else None
    return found.group(1).split() if found else []


def titled_names(text: str) -> list[str]:
    """Two or three capitalised words right after an office word ("Chancellor Olaf Scholz"),
    or a monarch's one name ("Crown Prince Haakon").
    The small spaCy pipeline misses such names often; the title makes them safe to read."""
    names = []
    for match in _TITLED_NAME.finditer(text):
        words = match.group(1).split()
        while words and words[0].lower() in TITLE_WORDS:  # "Prime Minister Fumio Kishida"
            words.pop(0)
        if len(words) >= 2:
            names.append(" ".join(words))
    return names + [m.group(1) for m in _REGNAL_NAME.finditer(text) if m.group(1).lower() not in TITLE_WORDS]


def office_elsewhere_reasons(caption: str, people: list[Entity], places: ArticlePlaces) -> list[Reason]:
    """Unknown office holders of a country the story never involves, or of a state of the
    story's country that it never names while it happens in another ("Alabama Gov. Kay Ivey"
    under a Mississippi story). The story's words and places come from its place analysis,
    done once per check."""
    # A bloc or continent the story names in passing ("EU limits" in a German story) does not
    # involve every member; it stands for them only in a story that names no country.
    story_countries = places.countries or places.area_countries
    if not story_countries:
        return []
    scene = scene_of(caption)
    candidates = [p.text for p in people] + [n for n in titled_names(scene) if not depicted(scene, scene.find(n))]
    for name in _unique([n for n in candidates if not places.names_person(n)]):
        office = office_country(scene, name)
        if office is not None and office.countries and (not office.countries & story_countries
                                                        or _a_visitor_in_the_scene(scene, office, places)):
            country = gazetteer().country_names.get(min(office.countries), office.name)
            message = f"The caption names {name}, who holds an office of {country}; the story never mentions "
            if office.countries & story_countries:
                home = join(sorted(gazetteer().country_names.get(c, c) for c in places.scene_countries))
                message += f"{name}, and its events happen in {home}."
            else:
                message += f"{name} or {country}."
            return [make_reason(CAPTION_OFFICE_ELSEWHERE, Severity.review, message, names=[name],
                                office_countries=sorted(office.countries), article_countries=sorted(story_countries))]
        elsewhere = (state_office_elsewhere(scene, name, places) or city_office_elsewhere(scene, name, places)
                     or county_office_elsewhere(scene, name, places))
        if elsewhere:
            return elsewhere
    return _unnamed_office_elsewhere(scene, candidates, story_countries)


def _a_visitor_in_the_scene(scene: str, office: Place, places: ArticlePlaces) -> bool:
    """ "Ivorian Agriculture Minister … announces the new price in Accra" under a Ghana story
    that names Côte d'Ivoire only as where smugglers take the beans: an official of a country
    the story does not set its events in, shown in the one country where they happen (a meeting
    of Baltic Sea states in Helsinki, set in several, has ministers of all of them)."""
    if len(places.scene_countries) != 1 or office.countries & places.scene_countries:
        return False
    shown = [m.place for m in find_mentions(scene, tokenize(scene)) if m.place.kind != "demonym"]
    return any(p.countries and p.countries <= places.scene_countries for p in shown)


def _unnamed_office_elsewhere(scene: str, names: list[str], story_countries: frozenset[str]) -> list[Reason]:
    """An office of a country the story never involves, held by someone the caption does not
    name: "Japan's Minister of Economy, Trade and Industry speaks", "the Ugandan president"."""
    for country, title in unnamed_offices(scene, names):
        if country.countries and not country.countries & story_countries:
            name = gazetteer().country_names.get(min(country.countries), country.name)
            message = f"The caption shows “{title}”, an office of {name}; the story never mentions {name}."
            return [make_reason(CAPTION_OFFICE_ELSEWHERE, Severity.review, message, names=[title],
                                office_countries=sorted(country.countries), article_countries=sorted(story_countries))]
    return []


def unnamed_offices(scene: str, names: list[str]) -> list[tuple[Place, str]]:
    """Each country's office that a caption names without naming anyone after it (`names`:
    the people found in it), with the title as written. A country's possessive may own any
    public title ("Uganda's Attorney General"); a demonym only a political office ("the
    Ugandan president"), since a person's nationality is not their office ("a Kenyan coach"
    may train a club anywhere)."""
    tokens = tokenize(scene)
    found = []
    for mention in find_mentions(scene, tokens):
        if mention.place.kind not in ("country", "demonym") or mention.embedded:
            continue
        start = tokens[mention.first].start
        # A name after the title may be its holder's, past a long portfolio's commas.
        if any(scene.find(name, start) >= 0 for name in names):
            continue
        end = _title_end(scene, tokens, mention.end)
        offices = _COUNTRY_OFFICES if mention.possessive else OFFICE_WORDS
        if end > mention.end and any_of([t.text for t in tokens[mention.end:end]], offices):
            found.append((mention.place, scene[start:tokens[end - 1].end]))
    return found


def _title_end(scene: str, tokens: list[Token], start: int) -> int:
    """Where the title after a country ends ("Japan's Minister of Economy, Trade and
    Industry"); at `start` when a name follows its office word ("Japan's Prime Minister Fumio
    Kishida", "...Transport and Tourism Tetsuo Saito"), which the named checks read."""
    end, plain_run, office_seen = start, 0, False
    for index in range(start, min(start + PORTFOLIO_WINDOW, len(tokens))):
        token, previous = tokens[index], tokens[index - 1]
        between = scene[previous.end:token.start].strip()
        if between not in ("", ",") or not (token.cap or token.key in TITLE_JOINERS or token.key in _COUNTRY_OFFICES):
            break  # punctuation, or a common word: the title is over
        plain = token.cap and token.key not in TITLE_WORDS | TITLE_JOINERS and not between
        plain_run = plain_run + 1 if plain else 0
        if office_seen and plain and (previous.key in TITLE_WORDS or plain_run >= 2):
            return start  # capitalised words that are no portfolio's: its holder's name
        office_seen = office_seen or any_of([token.text], _COUNTRY_OFFICES)
        end = index + 1
    while end > start and tokens[end - 1].key in TITLE_JOINERS:
        end -= 1
    return end


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def shared_names(caption: str, article_text: str) -> list[str]:
    """Proper names (places, people, organisations) that both the caption and the story use.

    A word counts when the story capitalises it mid-sentence, so "Lava" opening a
    caption does not match "lava" in the story, while "Marrakech" does.
    """
    proper = {
        t.key for t in tokenize(article_text)
        if t.cap and not (t.initial or t.titled) and _distinctive(t.key)
    }
    shared: list[str] = []
    for tok in tokenize(scene_of(caption)):
        if tok.cap and tok.key in proper and _distinctive(tok.key) and tok.text not in shared:
            shared.append(tok.text)
    return shared


def _distinctive(key: str) -> bool:
    return len(key) > 2 and not (key in FUNCTION_WORDS or key in CALENDAR_WORDS or key in TITLE_WORDS)


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    places = story_places(ctx)
    for index, (figure, people) in enumerate(zip(ctx.prepared.article.figures, caption_people_all(ctx))):
        elsewhere = office_elsewhere_reasons(figure.caption, people, places)
        told = {name for reason in elsewhere for name in reason.evidence["names"]}  # said once, not twice
        findings.add(index, *elsewhere, *person_reasons(figure.caption, places, [p for p in people if p.text not in told]))
    return findings


SIGNAL = Signal(name="people", codes=(CAPTION_PERSON_UNKNOWN, CAPTION_OFFICE_ELSEWHERE), needs=frozenset(),
                run=_run)
