"""Institutions are photographed where they sit: the organisation a caption shows, when the
story names it too ("IMF spokeswoman Julie Kozack during a briefing in Washington" under a
story about Argentina's talks with the IMF). The places signal then only notes the place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.engine.place_tokens import Token, fold, tokenize
from app.engine.signals.people_found import TITLE_WORDS
from app.engine.signals.place_mentions import find_mentions
from app.engine.signals.places_story import acronyms_in, initials_of_names
from app.engine.signals.stock_subjects import shows_a_stock_subject, stock_subject_owners
from app.engine.text import stop_words

if TYPE_CHECKING:
    from app.engine.signals.places_caption import CaptionPlace
    from app.engine.signals.places_story import ArticlePlaces

_SUBJECT_TOKENS = 3  # "IMF spokeswoman", "The ACP administration building", "U.N. humanitarian chief"
_BODY_INITIALS = 3  # "WHO", "OCHA"; two letters may be anyone's


def _initials_of_a_body(subject: list[Token], owner: bool) -> frozenset[str]:
    """What a long name opening the caption stands for ("World Health Organization": WHO), or a
    building's owner's; a title ("Minister of Health") is none."""
    if owner:
        return initials_of_names(subject)
    if not subject or subject[0].key in TITLE_WORDS:
        return frozenset()
    return frozenset(i for i in initials_of_names(subject) if len(i) >= _BODY_INITIALS)


def body_the_story_names(caption: str, found: list[CaptionPlace], places: ArticlePlaces) -> str | None:
    """The organisation a caption shows, when the story names it too: by the initials or long
    name that open the caption ("IMF spokeswoman … in Washington", "World Health Organization
    Director-General … in Geneva"; written so, not "Minister of Health"), or as the owner of a
    building or sign named before the place ("The headquarters of the Centers for Disease
    Control and Prevention in Atlanta"), by initials or by the long
    name they stand for. Elsewhere in a caption an organisation is a topic, not the subject
    ("…towards Paris in protest against EU rules"), and a long name may be a square ("Plaza
    San Martín")."""
    tokens = tokenize(caption)
    starts = [caption.find(p.parts[0]) for p in found]
    before = min((at for at in starts if at >= 0), default=len(caption))
    subject = [t for t in tokens if t.end <= before]
    owner = shows_a_stock_subject(caption[:before])
    subject = subject if owner else subject[:_SUBJECT_TOKENS]
    mentions = find_mentions(caption, tokens)
    named = acronyms_in(subject, mentions) | _initials_of_a_body(subject, owner)
    shared = named & places.acronyms
    if not shared and owner:
        shared = _owners_the_story_names(caption[:before], places)
    return min(shared) if shared else None


# Words that name many bodies ("the Police headquarters", "the Ministry's façade"): no one owner.
_GENERIC_OWNERS = frozenset("police ministry department council court office government parliament "
                            "city state national federal university hospital".split())


def _owners_the_story_names(subject: str, places: ArticlePlaces) -> frozenset[str]:
    """ "The Intel logo at the company's headquarters in Santa Clara" under a story about
    Intel's Ohio plant: a company's or brand's name just before its headquarters or logo, or
    after "the headquarters of", which the story names too (not a person's campaign office, nor
    a word many bodies share)."""
    found, common = set(), _GENERIC_OWNERS | TITLE_WORDS | stop_words()
    for owner in stock_subject_owners(subject):
        words = [w for w in owner.split() if fold(w) not in common]
        if words and all(fold(w) in places.name_words for w in words):
            found.add(" ".join(words))
    return frozenset(found)
