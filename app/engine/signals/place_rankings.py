"""Places a text ranks something against ("one of Europe's busiest hubs", "one of Canada's
tightest rental markets"), which are not where its events happen."""

from __future__ import annotations

from app.engine.place_tokens import Token
from app.engine.signals.place_mentions import Mention

_COMPARISON_REACH = 6  # tokens back from a continent to "one of"


def in_a_comparison(m: Mention, tokens: list[Token], kinds: tuple[str, ...] = ("continent", "area")) -> bool:
    """ "one of Europe's busiest hubs", "one of the largest markets in West Africa", "among the
    biggest in Asia": the continent or region is what the story's place is ranked against, not
    where the story happens. A ranking of the region's own ("the worst floods in Central
    Europe") is not one of many, and stays its scene. `kinds`: the kinds of place read so."""
    if m.place.kind not in kinds:
        return False
    after = tokens[m.end] if m.end < len(tokens) and tokens[m.end].joins_prev else None
    superlative = m.possessive and after is not None and _superlative(after.key)
    if superlative and _ranks_a_member(tokens, m.end):
        return True  # "Africa's most industrialised economy" is South Africa, not Africa
    j = m.first - 1
    while j >= 0 and m.first - j <= _COMPARISON_REACH and tokens[j + 1].joins_prev:
        key = tokens[j].key
        superlative = superlative or _superlative(key)
        if key == "among" or (key == "of" and j and tokens[j - 1].key == "one" and tokens[j].joins_prev):
            return superlative
        j -= 1
    return False


# What a continent's superlative ranks when it names one of its members: "Africa's most
# industrialised economy", "Asia's biggest airline". Its worst floods or hottest summer happen there.
_RANKED_MEMBERS = frozenset(
    "economy city country nation market airport hub port bank company carrier airline lender insurer "
    "exporter producer miner employer retailer club university".split())
_MEMBER_REACH = 4  # tokens after the continent: "most", a word or two, then the member


def _ranks_a_member(tokens: list[Token], end: int) -> bool:
    for j in range(end, min(end + _MEMBER_REACH, len(tokens))):
        if not tokens[j].joins_prev:
            return False
        if tokens[j].key in _RANKED_MEMBERS:
            return True
    return False


def _superlative(key: str) -> bool:
    return key == "most" or (len(key) > 5 and key.endswith("est") and key not in _NOT_SUPERLATIVE)


_NOT_SUPERLATIVE = frozenset("interest forest protest harvest request conquest manifest southwest northwest "
                             "midwest suggest arrest".split())
