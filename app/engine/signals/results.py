"""Results: a caption that gives a match to the side the story says lost.

"Colombia's Jhon Cordoba celebrates after scoring the winning goal" under "Argentina beat
Colombia to win Copa America": a photo of another match between the sides, or a caption written
from the wrong result. The story's result is read from its headline or first sentence ("X beat
Y", "X defeated Y", "X edge Y"); the caption's from its own words: a side's player scoring the
winning goal, try or run, the side celebrating its win over the other, or one side beating the
other. Only sides the story names in its result are compared, so a caption about another match
says nothing here. File photos and photos of an earlier year may show another meeting of the
sides and are not read. Not governed by the caption decision: none of its labelled data has such
a pair, so this conflict stands at review on its own, like the role and event checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.engine.caption_anatomy import split_caption
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Signal
from app.engine.signals.dates import names_an_earlier_year
from app.engine.text import CAPITALS, fold
from app.schema import Reason
from app.settings import Severity

CAPTION_RESULT_OTHER = "caption_result_other"

_SIDE = rf"[{CAPITALS}][\w'’.&-]*(?:\s+[{CAPITALS}][\w'’.&-]*){{0,2}}"
_BEAT = (r"beat|beats|defeat|defeats|defeated|edge|edges|edged|down|downs|downed|stun|stuns|stunned|rout|routs"
         r"|routed|thrash|thrashes|thrashed|crush|crushes|crushed|overcome|overcomes|overcame|upset|upsets")
_RESULT = re.compile(rf"(?P<winner>{_SIDE})\s+(?:{_BEAT})\s+(?P<loser>{_SIDE})")
# "Manchester City come from behind to beat Brighton", "gave Manchester City a 2-1 comeback win
# over Brighton": as stories also give a result.
_TO_BEAT = re.compile(rf"(?P<winner>{_SIDE})\s+(?:[a-z]+\s+){{1,4}}?to\s+(?:{_BEAT})\s+(?P<loser>{_SIDE})")
_GAVE_A_WIN = re.compile(rf"\bgave\s+(?P<winner>{_SIDE})\s+(?:a|an|the|their|its)\s+(?:[\w-]+\s+){{0,3}}?"
                         rf"(?:win|victory)\s+(?:over|against)\s+(?P<loser>{_SIDE})")
# "Colombia's Jhon Cordoba celebrates after scoring the winning goal": the side of the player
# who scored the decisive point.
_WINNING_SCORE = re.compile(
    rf"^(?:The\s+)?(?P<side>{_SIDE})['’]s?\s+.{{0,80}}?\b(?:the\s+|his\s+|her\s+)?(?:winning|match-winning|decisive)"
    r"\s+(?:goal|try|run|basket|penalty|point|touchdown)")
# "Brighton's Joel Ambrose celebrates after heading the late winner": the winner as a noun, after
# a verb of scoring (not "congratulates the winner").
_SCORED_THE_WINNER = re.compile(
    rf"^(?:The\s+)?(?P<side>{_SIDE})['’]s?\s+.{{0,80}}?\b(?:scor|head|hit|net|fir|slott|slot|curl|volley|tap|stab"
    r"|smash|drill|bundl|nod|pok|kick)\w*\s+(?:home\s+|in\s+)?(?:the|his|her|a)\s+(?:late\s+|last-gasp\s+"
    r"|stoppage-time\s+|injury-time\s+|dramatic\s+|extra-time\s+)?winner\b")
_CELEBRATED_WIN = re.compile(
    rf"(?P<winner>{_SIDE})\s+(?:players\s+|fans\s+)?celebrates?\s+(?:the|their|its|a)?\s*(?:\w+\s+)?(?:win|victory)"
    rf"\s+(?:over|against)\s+(?P<loser>{_SIDE})")


@dataclass(frozen=True)
class Result:
    winner: str  # folded
    loser: str
    written: str  # as the story writes it


def story_result(sentences: list[str]) -> Result | None:
    """The result the story leads with: its headline's, else its first sentence's. `sentences`:
    the headline, then the body's sentences (the prepared article's units)."""
    for text in sentences[:2]:
        match = _RESULT.search(text) or _TO_BEAT.search(text) or _GAVE_A_WIN.search(text)
        if match:
            return Result(_side(match.group("winner")), _side(match.group("loser")), match.group(0))
    return None


def result_reasons(caption: str, result: Result | None, published: date | None) -> list[Reason]:
    parts = split_caption(caption)
    if result is None or parts.file_photo or names_an_earlier_year(parts.scene, published):
        return []
    winner = _caption_winner(parts.scene)
    if winner is None or winner != result.loser:
        return []
    message = (f"The caption gives the match to {winner.title()}, but the story says "
               f"“{result.written}”; check the caption, or that the photo shows this match.")
    return [make_reason(CAPTION_RESULT_OTHER, Severity.review, message,
                        caption_winner=winner, story_winner=result.winner, story_loser=result.loser)]


def _caption_winner(scene: str) -> str | None:
    for pattern in (_RESULT, _CELEBRATED_WIN):
        match = pattern.search(scene)
        if match:
            return _side(match.group("winner"))
    match = _WINNING_SCORE.search(scene) or _SCORED_THE_WINNER.search(scene)
    return _side(match.group("side")) if match else None


def _side(text: str) -> str:
    """ "Colombia's" -> "colombia"."""
    return fold(re.sub(r"['’]s?$", "", text.strip().rstrip(".")))


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    result = story_result(ctx.prepared.units)
    for index, figure in enumerate(ctx.prepared.article.figures):
        findings.add(index, *result_reasons(figure.caption, result, ctx.prepared.published))
    return findings


SIGNAL = Signal(name="results", codes=(CAPTION_RESULT_OTHER,), needs=frozenset(), run=_run)
