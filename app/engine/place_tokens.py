"""Words of a text as the place readers see them: folded keys, capitals, sentence starts,
and whether they join the word before into one name ("Sioux Center", "Bosnia-Herzegovina")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

FUNCTION_WORDS = frozenset(
    "a an the and or but of in on at to for from by with as into onto near over under "
    "this that these those its his her their our your my".split()
)
_TITLE_MIN_WORDS = 4
# "&" is a token read as "and", so "Trinidad & Tobago" is the country's name.
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)*|&")
_JOIN_GAP = re.compile(r"[ \t\u00a0]+|[ \t]*-[ \t]*")


@dataclass(frozen=True)
class Token:
    text: str
    key: str  # folded, possessive dropped
    start: int
    end: int
    cap: bool
    initial: bool  # first word of a sentence
    joins_prev: bool  # only a space or hyphen separates it from the previous token
    titled: bool = False  # in a Title Case line, where capitals say nothing about names


# Letters Unicode does not decompose into a base letter and a mark: "Đồng Nai" is Dong Nai and
# "Łódź" is Lodz as news writes them.
_UNMARKED = str.maketrans({"Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o",
                           "Ħ": "H", "ħ": "h", "ı": "i", "Þ": "Th", "þ": "th", "Æ": "Ae", "æ": "ae",
                           "Œ": "Oe", "œ": "oe"})


def fold(text: str) -> str:
    """Lower case without accents: 'Córdoba' and 'Cordoba' fold alike."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").translate(_UNMARKED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _token_key(word: str) -> str:
    if word == "&":
        return "and"
    key = fold(word)
    return key[:-2] if key.endswith("'s") else key.rstrip("'")


# A quotation opens a sentence of its own: placards reading "Save our water bodies".
_OPENS_QUOTE = re.compile(r"(?:^|\s)[\"“‘']$")


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        gap = text[tokens[-1].end : m.start()] if tokens else ""
        prev_short = bool(tokens) and len(tokens[-1].text) <= 3 and tokens[-1].cap
        ends_sentence = "\n" in gap or bool(_OPENS_QUOTE.search(gap)) or (
            bool(re.search(r"[.!?]", gap)) and not (prev_short and gap.strip() == ".")
        )
        word = m.group(0)
        tokens.append(Token(
            text=word, key=_token_key(word), start=m.start(), end=m.end(),
            cap=word[0].isupper(), initial=not tokens or ends_sentence,
            joins_prev=bool(tokens)
            and (bool(_JOIN_GAP.fullmatch(gap)) or (prev_short and gap == ". ")),
        ))
    return _mark_title_case(text, tokens)


def _mark_title_case(text: str, tokens: list[Token]) -> list[Token]:
    """Headlines such as "Heatwave Pushes Spain's Power Demand To Record"."""
    out: list[Token] = []
    line: list[Token] = []
    for tok in tokens + [None]:  # type: ignore[list-item]
        if line and (tok is None or "\n" in text[line[-1].end : tok.start]):
            words = [t for t in line if t.key not in FUNCTION_WORDS]
            titled = len(words) >= _TITLE_MIN_WORDS and all(t.cap for t in words)
            out += [replace(t, titled=True) for t in line] if titled else line
            line = []
        if tok is not None:
            line.append(tok)
    return out


_PLAIN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


def name_key(name: str) -> tuple[str, ...]:
    if _PLAIN.fullmatch(name):
        return tuple(name.lower().split())
    return tuple(_token_key(m.group(0)) for m in _TOKEN.finditer(name))
