"""Institutions are photographed where they sit: the organisation a caption shows, when the
story names it too ("IMF spokeswoman Julie Kozack during a briefing in Washington" under a
story about Argentina's talks with the IMF). The places signal then only notes the place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.engine.place_tokens import Token, tokenize
from app.engine.signals.dates import shows_a_stock_subject
from app.engine.signals.people_found import TITLE_WORDS
from app.engine.signals.place_mentions import find_mentions
from app.engine.signals.places_story import acronyms_in, initials_of_names

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
    named = acronyms_in(subject, find_mentions(caption, tokens)) | _initials_of_a_body(subject, owner)
    shared = named & places.acronyms
    return min(shared) if shared else None
