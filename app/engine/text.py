"""Plain-text helpers: HTML reduced to text, sentence splitting, caption clean-up."""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from functools import lru_cache

import pysbd
from selectolax.lexbor import LexborHTMLParser as HTMLParser

# A capital letter as names are printed in Latin scripts ("Özdemir", "Łukasz", "Šefčovič"): a
# regex's [A-Z] stops at ASCII. For use inside a character class: f"[{CAPITALS}]".
CAPITALS = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_SPACE = re.compile(r"\s+")
# Blocks end a line; inline tags must not, or a sentence breaks around a link.
_BLOCK_END = re.compile(
    r"(<br\s*/?>|</(?:p|div|h[1-6]|li|dt|dd|blockquote|pre|tr|table|ul|ol|section|article|header|footer"
    r"|figure|figcaption|aside)\s*>)",
    re.IGNORECASE,
)
def html_to_text(value: str) -> str:
    """Reduce HTML to text as a reader sees it: a line per block (paragraph, heading, list
    item), inline tags such as <a> and <em> joined into their sentence; plain text passes
    through unchanged."""
    if not _TAG.search(value):
        return html.unescape(value).strip()
    tree = HTMLParser(_BLOCK_END.sub(r"\1\n", value))
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    root = tree.body or tree.root
    text = root.text(separator="") if root is not None else ""
    lines = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English function words ("the", "since", "by"), scikit-learn's list."""
    # Imported on first use: scikit-learn brings pandas and pyarrow (~60 MB resident), which
    # `serve` should not hold before its first check.
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = _SPACE.sub(" ", paragraph).strip()
        if paragraph:
            sentences.extend(s.strip() for s in _segmenter().segment(paragraph) if s.strip())
    return sentences


def content_stems(text: str) -> set[str]:
    """The stems of a text's words of three letters or more that are no function words:
    "villager" and "villages", "cheering" and "cheered" share one."""
    return {stem(w) for w in CONTENT_WORD.findall(fold(text)) if w not in stop_words()}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


CONTENT_WORD = re.compile(r"[a-z]{3,}")  # a folded word of three letters or more
_PER_THREAD = threading.local()


def _stemmer():
    """One stemmer per thread: a snowballstemmer object keeps its state while it works."""
    if not hasattr(_PER_THREAD, "stemmer"):
        import snowballstemmer

        _PER_THREAD.stemmer = snowballstemmer.stemmer("english")
    return _PER_THREAD.stemmer


def fold(text: str) -> str:
    """Lower-case, accent-free form for matching names across spellings."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


_NUMBER_WORDS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())} | {"a": 1,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}


def count_in(word: str) -> int | None:
    """The number a count is written with, in figures or words ("30", "Ten", "a"); None for
    another word."""
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.lower())
