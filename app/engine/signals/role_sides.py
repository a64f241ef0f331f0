"""Whose a role is: the same team, company or body, as stories and captions write it ("Manukau
Rovers" and "Rovers", "MEDC" and "Michigan Economic Development Corp."), or the story's own
side ("club president")."""

from __future__ import annotations

from app.engine.signals.role_holders import RoleHolder

_OWN_SIDE = frozenset("club team company party side firm".split())
_CLUB_WORDS = frozenset("fc sc cf afc club".split())
# "Greater Amman Municipality" is Amman's: words that make a town's name its government's.
_TOWN_BODY_WORDS = frozenset("greater municipality municipal metropolitan council corporation".split())
_NOT_INITIALS = frozenset({"of", "the", "and", "&", "for"})
_FEWEST_INITIALS = 3


def same_whose(story_holder: RoleHolder, caption_holder: RoleHolder) -> bool:
    """Whose role: the same, or one of them does not say. "Mayor Ann Bell of Elizabeth" says
    it of a town among many, and is not the story's unqualified "Mayor Bill de Blasio"."""
    story_whose, caption_whose = (own_side(h.qualifier) for h in (story_holder, caption_holder))
    if same_body(story_whose, caption_whose):
        return True
    if story_holder.body and caption_holder.qualified_after and caption_whose.split()[-1:] == [story_holder.body]:
        return True  # "the trust's chief executive" and "chief executive of Royal Cornwall Hospitals NHS Trust"
    return not caption_holder.qualified_after and not (story_whose and caption_whose)


def own_side(qualifier: str) -> str:
    """ "Club president Raúl Bustos": the story's own club, as if it said no whose."""
    return "" if qualifier in _OWN_SIDE else qualifier


def same_body(one: str, other: str) -> bool:
    return one == other or _shortened(one, other) or _initials_of(one, other) or _initials_of(other, one)


def _initials_of(acronym: str, name: str) -> bool:
    """ "medc" of "(michigan) economic development corp": the body's initials, or the last of
    them, where the words before the role were cut short."""
    initials = "".join(w[0] for w in name.split() if w not in _NOT_INITIALS)
    return (" " not in acronym and len(initials) >= _FEWEST_INITIALS and len(acronym) >= len(initials)
            and acronym.endswith(initials))


def _shortened(one: str, other: str) -> bool:
    """ "rovers" of "Manukau Rovers coach", "royal" of "Kumasi Royal FC": a side's name and its
    last word, as stories shorten it; "amman" of "Greater Amman Municipality Mayor"."""
    short, long = sorted(([w for w in q.split() if w not in _CLUB_WORDS | _TOWN_BODY_WORDS] for q in (one, other)),
                         key=len)
    return bool(short) and long[-len(short):] == short
