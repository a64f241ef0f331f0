"""Titles before a name: which words give a person an office, and how far back to read them.

Shared by the people signal and its checks of states' and cities' offices."""

from __future__ import annotations

CAPTION_OFFICE_ELSEWHERE = "caption_office_elsewhere"
# Offices that make a person an actor of some story: an unknown one asks for review.
OFFICE_WORDS = frozenset(
    "president vice prime minister secretary chancellor senator sen rep representative "
    "congressman congresswoman governor gov mayor king queen prince princess pope premier "
    "ambassador envoy speaker mp leader general".split()
)
TITLE_WINDOW = 4  # "US Rep.", "Speaker of the House", "Prime Minister of Japan"
PORTFOLIO_WINDOW = 8
TITLE_JOINERS = frozenset("of and for the &".split())


def office_words(text: str, name: str, offices: frozenset[str] = OFFICE_WORDS) -> list[str]:
    """The words before the name when they hold an office word, else none."""
    at = text.find(name)
    before = text[: max(at, 0)].split()[-TITLE_WINDOW:]
    return before if at >= 0 and any_of(before, offices) else []


def any_of(words: list[str], titles: frozenset[str]) -> bool:
    return any(w.strip(".,()").lower() in titles for w in words)


def long_title(text: str, name: str) -> list[str]:
    """A title of capitalised words longer than `TITLE_WINDOW` right before the name, when
    it holds an office word: "Egypt's Minister of Water Resources and Irrigation"."""
    at = text.find(name)
    words = text[: max(at, 0)].split()[-PORTFOLIO_WINDOW:]
    title: list[str] = []
    for word in reversed(words):
        if not (word[:1].isupper() or word in TITLE_JOINERS) or word.endswith((",", ";", ":")):
            break
        title.insert(0, word)
    return title if at >= 0 and any_of(title, OFFICE_WORDS) else []
