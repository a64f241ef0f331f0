"""Roles: a caption that gives the story's role to someone else.

Stories name who holds the role they are about ("Fiji coach Senirusi Seruvakula", "chief
executive Lars Lindqvist"); a photo of the wrong person is captioned with the same role
and another name ("Fiji head coach Ilaisa Vuniwai"). When the story gives a role to exactly
one person, and the caption gives that role, for the same team, country or company or
without saying which, to a person the story never names, the caption asks for review. Two
teams' coaches or two ministries' ministers are told apart by the words before the role
("Kaizer Chiefs coach", "Finance Minister"), and a former holder is no holder. Not governed
by the caption decision: none of its labelled data has such a pair, so this conflict stands
at review on its own, like the town and event checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.engine.caption_anatomy import split_caption
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Signal
from app.engine.signals.people_found import PARTICLES
from app.engine.signals.places import ArticlePlaces, story_places
from app.engine.text import CAPITALS, fold, stop_words
from app.schema import Reason
from app.settings import Severity

CAPTION_ROLE_OTHER = "caption_role_other"

# A role is one of these heads. Ranks that make another role are kept ("assistant coach");
# ranks that do not are dropped ("head coach" is the coach); offices with portfolios keep the
# word before them ("finance minister", "Health Secretary").
_HEADS = (
    "coach manager captain skipper executive ceo chairman chairwoman chairperson chair "
    "president minister governor mayor commissioner chancellor premier secretary director "
    "principal superintendent ambassador spokesman spokeswoman spokesperson justice judge treasurer"
).split()
_SAME_HEAD = {"ceo": "executive", "chairwoman": "chairman", "chairperson": "chairman",
              "chair": "chairman", "skipper": "captain", "spokeswoman": "spokesman",
              "spokesperson": "spokesman"}
_OTHER_ROLE = frozenset("assistant deputy vice associate co".split())  # "chief justice" too
_SAME_ROLE = frozenset("head senior".split())  # and "chief" before "executive" only
_PORTFOLIO_HEADS = frozenset("minister secretary director commissioner spokesman".split())
# Words before a role that make its holder not the present one, or not one person.
_NOT_HOLDER = frozenset("former ex then late previous past new incoming future acting interim".split())
_NAME_WORD = rf"[{CAPITALS}][\w'’-]+"
_PARTICLE = "|".join(sorted(PARTICLES))
_ROLE_NAME = re.compile(
    rf"(?P<before>(?:[\w'’.-]+[ \t]+){{0,3}})\b(?P<head>(?i:{'|'.join(_HEADS)}))\.?\s+"
    rf"(?P<name>{_NAME_WORD}(?:\s+(?:(?:{_PARTICLE})\s+)?{_NAME_WORD}){{1,2}})"
)
_NAME_THEN_ROLE = re.compile(  # "Maria Lindqvist, chief executive of Svea Kartong"
    rf"(?P<name>{_NAME_WORD}(?:\s+(?:(?:{_PARTICLE})\s+)?{_NAME_WORD}){{1,2}}),\s+(?:the\s+)?"
    rf"(?P<before>(?:[a-z][\w'’-]*\s+){{0,2}})\b(?P<head>(?i:{'|'.join(_HEADS)}))\b(?!\s+{_NAME_WORD})"
)
_SENTENCE_END = re.compile(r"(?:[!?;:,]|[^.]{4,}\.)$")  # "Suva." ends one; "U.S." does not
_QUALIFIER = re.compile(rf"((?:[{CAPITALS}][\w'’.-]*\s+){{0,2}}[{CAPITALS}][\w'’.-]*?)(?:['’]s)?\s*$")


@dataclass(frozen=True)
class RoleHolder:
    role: str  # "coach", "finance minister", "assistant coach"
    title: str  # as written: "Fiji head coach", "chief executive"
    qualifier: str  # "fiji", "kaizer chiefs"; empty when the text does not say whose
    name: str
    surname: str  # folded, to compare holders


def role_holders(text: str) -> list[RoleHolder]:
    holders = []
    for match in [*_ROLE_NAME.finditer(text), *_NAME_THEN_ROLE.finditer(text)]:
        before = _this_sentence(match.group("before").split())
        words = [fold(w.strip(".,;:")) for w in before]
        if words and words[-1] in _NOT_HOLDER or len(words) > 1 and words[-2] in _NOT_HOLDER:
            continue
        head = _SAME_HEAD.get(fold(match.group("head")), fold(match.group("head")))
        role, qualifier, title = _read_role(before, head)
        name = _drop_titles(match.group("name"))
        if name:
            holders.append(RoleHolder(role, " ".join([*title, match.group("head")]), qualifier, name,
                                      fold(name.split()[-1])))
    return holders


def _this_sentence(words: list[str]) -> list[str]:
    ends = [i for i, word in enumerate(words) if _SENTENCE_END.search(word)]
    return words[ends[-1] + 1:] if ends else words


def _read_role(before: list[str], head: str) -> tuple[str, str, list[str]]:
    """The role, whose it is, and the words before the head that say so, as written:
    "Fiji head coach" -> ("coach", "fiji", ["Fiji", "head"]); "Germany's Finance Minister" ->
    ("finance minister", "germany", ["Germany's", "Finance"])."""
    rest = list(before)
    role, modifiers = head, []
    last = fold(rest[-1].strip(".,;:")) if rest else ""
    if last in _SAME_ROLE or (last == "chief" and head == "executive"):
        modifiers = [rest.pop()]
    elif last in _OTHER_ROLE or last == "chief" or (
            head in _PORTFOLIO_HEADS and last and last not in stop_words() and not rest[-1].endswith(("'s", "’s"))):
        modifiers = [rest.pop()]
        role = f"{last} {head}"
    found = _QUALIFIER.search(" ".join(rest))
    written = found.group(0).split() if found and found.group(1) else []
    qualifier = fold(found.group(1)).replace(".", "") if found and found.group(1) else ""
    return role, qualifier, [*written, *modifiers]


def _drop_titles(name: str) -> str:
    words = name.split()
    while words and fold(words[0]) in _HEADS:
        words.pop(0)
    return " ".join(words) if len(words) >= 2 else ""


def other_holder_reasons(caption: str, story: list[RoleHolder], places: ArticlePlaces) -> list[Reason]:
    """`places`: the story's place analysis (done once per check), which holds its words."""
    for holder in role_holders(split_caption(caption).scene):
        if places.names_person(holder.name):
            continue  # the story names this person
        same = [h for h in story if h.role == holder.role
                and (not h.qualifier or not holder.qualifier or h.qualifier == holder.qualifier)]
        if len({h.surname for h in same}) != 1:
            continue  # nobody holds it in the story, or several do
        story_holder = same[0]
        message = (f"The caption names {holder.name} as {holder.title}, but the story gives that role "
                   f"to {story_holder.name}; check that the photo shows the story's person.")
        return [make_reason(CAPTION_ROLE_OTHER, Severity.review, message, role=holder.role,
                            caption_person=holder.name, story_person=story_holder.name)]
    return []


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    story = role_holders(ctx.prepared.full_text)
    places = story_places(ctx)
    for index, figure in enumerate(ctx.prepared.article.figures):
        findings.add(index, *other_holder_reasons(figure.caption, story, places))
    return findings


SIGNAL = Signal(name="roles", codes=(CAPTION_ROLE_OTHER,), needs=frozenset(), run=_run)
