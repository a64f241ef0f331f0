"""Roles: a caption that gives the story's role to someone else.

Stories name who holds the role they are about ("Fiji coach Senirusi Seruvakula", "chief
executive Lars Lindqvist", "Speaker Woo Won-shik"); a photo of the wrong person is captioned
with the same role and another name ("Fiji head coach Ilaisa Vuniwai"). When the story gives
a role to exactly one person, and the caption gives that role, for the same team, country or
company or without saying which, to a person the story never names, or names only in another
part (the lawmaker who filed the motion, the deputy, the other team's coach), the caption
asks for review. Two teams' coaches or two ministries' ministers are told apart by the words
before the role ("Kaizer Chiefs coach", "Finance Minister") or after the name ("Mayor Ann
Bell of Elizabeth"), and a former holder is no holder. The story's role for a team, country
or company it never names, given to someone it never names ("Rayon Sports coach" under a
final whose story has only the Azam and KCCA coaches), asks for review too, and so does the
role given to someone the story calls its former holder ("his predecessor, Rick Wagoner"), and
so does a public office given to someone the story describes as something that holds no role
("Jean-Paul Mukendi, a WHO epidemiologist"). Offices of government and roles of companies,
teams and parties are never one another, nor are a trial's judge, prosecutor and the parties'
counsel. A federal office is of the country where the story happens, another role "of" a body
the story never names is another part, and the story's role given to a story person who holds
another asks for review too ("project director David Gauld" for a campaign's spokesman).
Not governed by the caption decision: none of its labelled data has such a pair, so this
conflict stands at review on its own, like the town and event checks.
"""

from __future__ import annotations

import re
from datetime import date

from app.engine.caption_anatomy import CaptionParts, split_caption
from app.engine.gazetteer import Place, gazetteer
from app.engine.place_tokens import name_key
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Signal
from app.engine.signals.dates import names_an_earlier_year
from app.engine.signals.people_found import caption_people_all
from app.engine.signals.places import ArticlePlaces, story_places
from app.engine.signals.role_holders import (
    OTHER_ROLE, RoleHolder, StoryRoles, names_a_role, one_name_holders, role_holders, story_roles,
)
from app.engine.signals.role_sides import own_side, same_body, same_whose
from app.engine.text import fold, stem, stop_words
from app.schema import Reason
from app.settings import Severity

CAPTION_ROLE_OTHER = "caption_role_other"

_DISTINCT_OFFICES = frozenset({"president", "prime minister", "governor", "mayor"})
_SAME_OFFICE = {"premier": "prime minister"}
_TITLE_REACH = 6  # words before a name that may hold its title: "Health and Wellness Minister"
_SAME_PORTFOLIO = {"foreign": frozenset({"external"}), "external": frozenset({"foreign"})}
_NATIONAL_LEVELS = frozenset({"federal", "national", "union"})
_NOT_MINISTERS = frozenset({"president", "governor", "mayor"})
# Offices of government, and roles of companies, teams and parties that their holders do not
# hold at the same time ("president" is both a country's and a company's, so it is neither).
_GOVERNMENT_ONLY = frozenset({"minister", "governor", "mayor", "premier", "chancellor"})
_NO_PUBLIC_OFFICE = frozenset({"executive", "coach", "manager", "captain", "treasurer", "director"})
# Roles many people hold in one story (each party has its lawyers): given to someone the story
# never names, they say nothing; given to the story's judge, they do.
_COUNSEL = frozenset({"lawyer", "barrister", "advocate"})
_MANY_HOLD = _COUNSEL
# Heads that may name one public office in more than one way ("Chancellor" and "prime minister",
# "Treasury Secretary" and "finance minister"). A party's treasurer or a team's coach is no such
# office by another name.
_OFFICE_HEADS = frozenset("president minister premier chancellor secretary governor mayor commissioner "
                          "administrator".split())


def other_holder_reasons(caption: str, story: StoryRoles, places: ArticlePlaces,
                         published: date | None = None, people: tuple[str, ...] = ()) -> list[Reason]:
    """`places`: the story's place analysis (done once per check), which holds its words;
    `people`: the caption's person entities."""
    parts = split_caption(caption)
    if _may_show_a_past_office(parts, published):
        return []  # "File photo: All Blacks captain David Kirk lifts the trophy in 1987"
    for holder in role_holders(parts.scene) or one_name_holders(parts.scene, people):
        reason = (_story_s_former_holder(holder, story) or _role_given_to_another(holder, story, places)
                  or _story_person_in_another_office(holder, story, places, parts.scene)
                  or _story_person_described_otherwise(holder, story))
        if reason:
            return [reason]
    return []


def _role_given_to_another(holder: RoleHolder, story: StoryRoles, places: ArticlePlaces) -> Reason | None:
    same = [h for h in story.holders if h.role == holder.role and same_whose(h, holder)
            and _rank(h) == _rank(holder) and not _another_state_s(h, holder, places)]
    # The story's "MEDC CEO Laura Bennett" over its company's "CEO Anita Rao", for the caption's
    # "Michigan Economic Development Corp. CEO": whose the role is, said by both, decides.
    said_by_both = [h for h in same if holder.qualifier and same_body(own_side(h.qualifier), holder.qualifier)]
    same = said_by_both or same
    named = places.names_person(holder.name)
    if named and not _story_person_given_another_part(holder, story) and not _held_by_another(holder, story, same):
        return None
    if holder.head in _MANY_HOLD and not named:
        return None  # one more of the parties' lawyers
    other_side = _of_a_side_the_story_never_names(holder, story, places)
    if other_side:
        return other_side
    if len({h.surname for h in same}) != 1 or same[0].surname == holder.surname:
        return None  # nobody holds it in the story, several do, or this person does
    story_holder = same[0]
    message = (f"The caption names {holder.name} as {holder.title}, but the story gives that role "
               f"to {story_holder.name}; check that the photo shows the story's person.")
    return make_reason(CAPTION_ROLE_OTHER, Severity.review, message, role=holder.role,
                       caption_person=holder.name, story_person=story_holder.name)


def _rank(holder: RoleHolder) -> frozenset[str]:
    """ "deputy" of "Deputy Health Minister": a deputy's office is not the minister's."""
    return frozenset(fold(w) for w in holder.title.split()) & OTHER_ROLE


def _held_by_another(holder: RoleHolder, story: StoryRoles, same: list[RoleHolder]) -> bool:
    """ "Northfield Renewables project director David Gauld" under a story whose project director
    is Fiona Skene and whose David Gauld is a campaign group's spokesman: the story gives the
    very role to one other person, and this one a role of their own. A public office of their own
    may be this one by another name (a Chancellor is a prime minister), so it is not read."""
    own = [h.head for h in story.holders if h.surname == holder.surname]
    return (len({h.surname for h in same}) == 1 and same[0].surname != holder.surname and bool(own)
            and not (holder.head in _OFFICE_HEADS and any(head in _OFFICE_HEADS for head in own)))


def _story_person_in_another_office(holder: RoleHolder, story: StoryRoles, places: ArticlePlaces,
                                    scene: str) -> Reason | None:
    """The story's "Vice Health Minister Kim Sung-woo" captioned as "Vice Education Minister":
    the same person, by full name, in an office the story gives them no part of. Two portfolios
    of one head conflict unless one title holds the other's word ("Foreign Minister" and
    "Foreign Affairs Minister"); a president is no prime minister."""
    own = [h for h in story.holders if fold(h.name) == fold(holder.name)]
    if not own or any(not _conflicting_offices(holder, h, places) for h in own):
        return None
    if _one_of_their_portfolios(holder, own, story, scene):
        return None
    message = (f"The caption names {holder.name} as {holder.title}, but the story calls "
               f"{holder.name} {own[0].title}; check the caption's title, or that the photo shows "
               f"the story's person.")
    return make_reason(CAPTION_ROLE_OTHER, Severity.review, message, role=holder.role,
                       caption_person=holder.name, story_person=own[0].name, story_role=own[0].role)


def _one_of_their_portfolios(holder: RoleHolder, own: list[RoleHolder], story: StoryRoles, scene: str) -> bool:
    """One office of several portfolios, written with one of them: the story's "Energy and
    Mineral Resources Minister" or "Cabinet Secretary for Rural Affairs, Land Reform and Islands"
    captioned as "Energy Minister" or "Rural Affairs Secretary" (the portfolio, capitalised, in
    a sentence of the story with the person's name), the story's "Health Minister" captioned as
    "Health and Wellness Minister" (the story's portfolio before the name in the caption); and
    one portfolio by another name ("Foreign Minister" for India's "External Affairs Minister")."""
    portfolio = holder.role.split()[0]
    if any(portfolio in _SAME_PORTFOLIO and _SAME_PORTFOLIO[portfolio] & {fold(w) for w in h.title.split()}
           for h in own):
        return True
    # Portfolios of one head ("Rural Affairs Secretary", "Cabinet Secretary"); one office of two
    # places, or two heads (the story's Advocate as the BMC's Commissioner), are another question.
    own = [h for h in own if h.role != holder.role and _as_minister(h.role) == _as_minister(holder.role)]
    if not own:
        return False
    written = [w for w in holder.title.split() if fold(w) == portfolio]
    if written and any(holder.name in s and re.search(rf"\b{re.escape(written[0])}\b", s)
                       for s in story.sentence_texts):
        return True
    before = scene[:scene.find(holder.name)] if holder.name in scene else ""
    titled = " ".join(before.split()[-_TITLE_REACH:])
    return any(re.search(rf"\b{re.escape(w)}\b", titled) for h in own for w in h.title.split()
               if fold(w) == h.role.split()[0] and w[:1].isupper())


def _story_s_former_holder(holder: RoleHolder, story: StoryRoles) -> Reason | None:
    """ "General Motors Chief Executive Rick Wagoner" under a story that calls him the chief
    executive's predecessor, or its former chief executive, and never the present one: an
    old photo, or the wrong person. A former holder of another side's role ("a former chief
    executive of AT&T") is not the caption's."""
    former = [h for h in story.former if h.surname == holder.surname and h.head == holder.head
              and same_whose(h, holder)]
    if not former or any(h.surname == holder.surname and h.head == holder.head for h in story.holders):
        return None
    present = next((h.name for h in story.holders if h.head == holder.head and same_whose(h, holder)), None)
    said = (f"a former {holder.role}" if former[0].title != "predecessor"
            else f"the predecessor of {present}" if present else "a predecessor in that role")
    message = (f"The caption names {holder.name} as {holder.title}, but the story calls {holder.name} {said}; "
               f"check whether the photo is old (then say so), or that it shows the story's person.")
    return make_reason(CAPTION_ROLE_OTHER, Severity.review, message, role=holder.role,
                       caption_person=holder.name, story_person=former[0].name, story_role=f"former {holder.role}")


def _story_person_described_otherwise(holder: RoleHolder, story: StoryRoles) -> Reason | None:
    """ "Congo's Health Minister Jean-Paul Mukendi" under a story that introduces "Jean-Paul
    Mukendi, a WHO epidemiologist" and never writes "minister" beside his name: a public office
    given to someone the story says is something else, with no office at all."""
    if holder.head not in _OFFICE_HEADS or any(h.surname == holder.surname for h in story.holders + story.former):
        return None
    described = story.described_as(holder.name)
    if described is None or names_a_role(described) or _CANDIDACY.search(described):
        return None  # "the candidate of the governing party" may hold an office too
    if any(holder.surname in words and holder.head in words for words in story.sentences):
        return None
    message = (f"The caption names {holder.name} as {holder.title}, but the story describes {holder.name} as "
               f"{described}; check the caption's title, or that the photo shows the story's person.")
    return make_reason(CAPTION_ROLE_OTHER, Severity.review, message, role=holder.role,
                       caption_person=holder.name, story_person=holder.name, story_role=described)


def _conflicting_offices(caption_holder: RoleHolder, story_holder: RoleHolder, places: ArticlePlaces) -> bool:
    if _never_one_another(caption_holder.role, story_holder.role):
        return True
    if caption_holder.role == story_holder.role:
        return (_other_places(caption_holder, story_holder) or _another_country_s(caption_holder, story_holder, places)
                or _federal_and_a_state_s(caption_holder, story_holder)
                or _federal_and_a_state_s(story_holder, caption_holder))
    if _of_a_body_the_story_never_names(caption_holder, places):
        return True
    one, two = caption_holder.role.split(), story_holder.role.split()
    portfolios = len(one) == 2 and len(two) == 2 and one[1] == two[1] and one[0] != two[0]
    if not portfolios or one[0] in OTHER_ROLE or two[0] in OTHER_ROLE:
        return False
    if stem(one[0]) == stem(two[0]):
        return False  # "Transportation Secretary" and "Transport Secretary"
    return (two[0] not in {fold(w) for w in caption_holder.title.split()}
            and one[0] not in {fold(w) for w in story_holder.title.split()})


def _other_places(one: RoleHolder, two: RoleHolder) -> bool:
    """One office of two places: "North Rhine-Westphalia's interior minister" and the story's
    "Rhineland-Palatinate's". Places the gazetteer knows conflict when they lie in different
    countries ("German" and "Germany" do not); two possessives it does not know ("a state's")
    conflict when they share no word. A place and a name it does not know may be one place
    ("U.S." and "American"), so they do not."""
    if one.qualified_after or two.qualified_after or not (one.qualifier and two.qualifier):
        return False
    places = [_place_of(h) for h in (one, two)]
    if all(places):
        provinces = all(p.kind == "region" for p in places) and places[0].name != places[1].name
        return provinces or places[0].countries.isdisjoint(places[1].countries)
    possessive = all(any(w.endswith(("'s", "’s")) for w in h.title.split()) for h in (one, two))
    return not any(places) and possessive and _own_words(one.qualifier).isdisjoint(_own_words(two.qualifier))


def _own_words(qualifier: str) -> set[str]:
    """ "newell" of "newell's old boys": a possessive's word is the name's."""
    return {re.sub(r"['’]s$", "", w) for w in re.split(r"[\s-]+", qualifier)}


def _of_a_body_the_story_never_names(caption_holder: RoleHolder, places: ArticlePlaces) -> bool:
    """ "Síle Ní Bhriain, chief executive of Cork Chamber" for the story's "Síle Ní Bhriain, the
    council's director of services": another role, of a body none of whose own words (not its
    town's) the story writes."""
    if not caption_holder.qualified_after:
        return False
    own = [w for w in caption_holder.qualifier.split()
           if w not in stop_words() and gazetteer().lookup(name_key(w)) is None]
    return bool(own) and not any(w in places.words for w in own)


def _another_country_s(caption_holder: RoleHolder, story_holder: RoleHolder, places: ArticlePlaces) -> bool:
    """ "Afghan Health Minister Aslam Qureshi" under a Pakistan story's "Federal Health Minister
    Aslam Qureshi": a federal or provincial office that says no country is of the country where
    the story happens. Without such a word the office may be a visitor's ("Prime Minister Modi"
    in Washington), so nothing is read."""
    if story_holder.qualifier or not story_holder.level or not caption_holder.qualifier:
        return False
    place = None if caption_holder.qualified_after else _place_of(caption_holder)
    return (place is not None and place.kind in ("country", "demonym") and bool(places.scene_countries)
            and place.countries.isdisjoint(places.scene_countries))


def _federal_and_a_state_s(federal: RoleHolder, state: RoleHolder) -> bool:
    """ "Federal Housing Minister Graham Whitlock" for the story's "Ontario Housing Minister
    Graham Whitlock": a country's office and a province's or state's are two offices."""
    place = None if state.qualified_after or not state.qualifier else _place_of(state)
    return (federal.level in _NATIONAL_LEVELS and not federal.qualifier
            and place is not None and place.kind == "region")


def _of_a_side_the_story_never_names(holder: RoleHolder, story: StoryRoles, places: ArticlePlaces) -> Reason | None:
    """ "Rayon Sports coach Mateus Silveira" under a final whose story gives its coaches as
    "Azam coach" and "KCCA coach" and never names Rayon Sports: the story's role, for a team,
    country or company it never mentions, held by someone it never names."""
    if not holder.qualifier or places.names_person(holder.name):
        return None
    if all(word in places.words for word in holder.qualifier.split()) or _a_story_country(holder, places):
        return None
    # "Susan Hinchcliffe, leader of Bradford Council" under a story of Leeds City Council's leader:
    # a side said after the role is compared with the story's sides said either way.
    sides = [h for h in story.holders if h.role == holder.role and h.qualifier
             and (holder.qualified_after or not h.qualified_after)]
    if not sides:
        return None
    names = list(dict.fromkeys(h.name for h in sides))[:3]
    theirs = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
    # "Rayon Sports" of "Rayon Sports coach", "Fiji" of "Fiji head coach", "Bradford Council" of
    # "leader of Bradford Council"
    side = " ".join(w for w in holder.title.split() if fold(re.sub(r"['’]s$", "", w)).replace(".", "")
                    in holder.qualifier.split())
    head = holder.title.split(" of ")[0].split()[-1]
    role = head if head.isupper() else head.lower()  # "CEO", "coach", "mayor"
    message = (f"The caption names {holder.name} as {holder.title}; the story gives the role of {role} "
               f"only to {theirs}, and never mentions {side}.")
    return make_reason(CAPTION_ROLE_OTHER, Severity.review, message, role=holder.role,
                       caption_person=holder.name, story_person=sides[0].name)


def _a_story_country(holder: RoleHolder, places: ArticlePlaces) -> bool:
    """ "Latvian Defence Minister" under a story that names Latvia: its people's word is the country."""
    place = _place_of(holder)
    return place is not None and place.kind in ("country", "demonym") and bool(place.countries & places.countries)


_CANDIDACY = re.compile(r"\b(?:candidates?|nominees?|contenders?|challengers?|members?|incumbents?)\b", re.IGNORECASE)


def _another_state_s(story_holder: RoleHolder, caption_holder: RoleHolder, places: ArticlePlaces) -> bool:
    """ "Michigan Gov. Rick Snyder" under an Ohio story whose "Gov. John Kasich" says no state:
    the story's unqualified office is its own state's, so a state its opening does not name
    holds another office."""
    if story_holder.qualifier or not caption_holder.qualifier or caption_holder.qualified_after:
        return False
    place = _place_of(caption_holder)
    return (place is not None and place.kind == "region"
            and name_key(caption_holder.qualifier) not in {name_key(t) for t in places.opening_towns})


def _place_of(holder: RoleHolder) -> Place | None:
    """The place whose office it is, where the gazetteer knows it: "ohio" of "Ohio Gov.", and a
    state's or province's adjective, "bavarian" of "Bavarian Interior Minister"."""
    place = gazetteer().lookup(name_key(holder.qualifier))
    if place is None and holder.qualifier.endswith("an"):
        region = gazetteer().lookup(name_key(holder.qualifier[:-1]))
        return region if region is not None and region.kind == "region" else None
    return place


def _story_person_given_another_part(holder: RoleHolder, story: StoryRoles) -> bool:
    """A person the story names, with no role of its own there and never in a sentence with this
    role, is in the story as someone else: the lawmaker who filed the motion captioned as the
    minister it censured. Offices have many names ("Chancellor", "finance minister"), so a
    person the story gives a role of another head may hold this one under another name; a
    story's "Deputy President" or "Palmeiras coach" is another part than the caption's
    "President" or "Flamengo coach", its "Finance Minister" the same as "Minister"."""
    head = holder.head
    own = [h.role.split() for h in story.holders if h.surname == holder.surname]
    if any(_never_one_another(holder.role, " ".join(role)) for role in own):
        return True  # the story's Prime Minister captioned as President
    if head in _OFFICE_HEADS and own and not any(role[-1] in _OFFICE_HEADS for role in own):
        return True  # the story's party treasurer captioned as Chief Minister
    if any(role[-1] != head or (holder.role == head and len(role) > 1 and role[0] not in OTHER_ROLE)
           for role in own):
        return False  # another office, or the caption's less exact name ("Minister") of its own
    # "Club president Raúl Bustos said Giménez had signed": the role is another's in that sentence.
    others = {h.surname for h in story.holders if h.head == head and h.surname != holder.surname}
    return bool(own) or not any(holder.surname in words and head in words and not others & words
                                for words in story.sentences)


def _may_show_a_past_office(parts: CaptionParts, published: date | None) -> bool:
    """A file photo, or one dated in an earlier year, may show its person in an office since
    left, or an office's past holder: no role of it is read against the story's."""
    return parts.file_photo or names_an_earlier_year(parts.scene, published)


def _never_one_another(role: str, other: str) -> bool:
    """Offices no newsroom writes for each other: a president is no prime minister, governor or
    mayor, none of them is a minister ("Governor Rafael Monteiro" of the central bank captioned
    as "Finance Minister"), and no office of government is a company's, team's or party's role."""
    one, two = (_SAME_OFFICE.get(r, r) for r in (role, other))
    if one != two and one in _DISTINCT_OFFICES and two in _DISTINCT_OFFICES:
        return True
    heads = {_as_minister(one), _as_minister(two)}
    if heads & {"judge", "justice"} and heads & (_COUNSEL | {"prosecutor"} | _GOVERNMENT_ONLY):
        return True  # the trial's prosecutor or a party's lawyer captioned as its judge; a mayor as a judge
    if heads & (_OFFICE_HEADS | {"prosecutor"}) and heads & _COUNSEL:
        return True  # the Crown prosecutor captioned as the defence barrister; the BMC's advocate as its commissioner
    if heads & _GOVERNMENT_ONLY and heads & _NO_PUBLIC_OFFICE:
        return True  # the story's finance minister captioned as a cocoa board's chief executive
    return "minister" in heads and bool(heads & _NOT_MINISTERS)


def _as_minister(role: str) -> str:
    """The head of a role, where a secretary with a portfolio is a minister ("Interior
    Secretary"); a general secretary may be its party's president too."""
    words = role.split()
    if words[-1] == "secretary" and len(words) == 2 and words[0] not in OTHER_ROLE | {"general"}:
        return "minister"
    return words[-1]


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    story = story_roles(ctx.prepared.full_text, ctx.prepared.units)
    places = story_places(ctx)
    people = caption_people_all(ctx)
    for index, figure in enumerate(ctx.prepared.article.figures):
        names = tuple(p.text for p in people[index])
        findings.add(index, *other_holder_reasons(figure.caption, story, places, ctx.prepared.published, names))
    return findings


SIGNAL = Signal(name="roles", codes=(CAPTION_ROLE_OTHER,), needs=frozenset(), run=_run)
