"""Scraped text made safe to store and to print: no terminal escapes, no text-reordering tricks.

Pages are written by strangers. An ESC or C1 byte in a caption would reach the terminal as a
control sequence (move the cursor, retitle the window, hide lines); bidi overrides make text
read differently from what it is; lone surrogates (from JSON "\\ud800") cannot be stored.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides and isolates,
# lone surrogates. Kept: tab, newline, and the LRM/RLM/ALM marks that right-to-left text needs.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_TAB_NEWLINE = re.compile("[\t\n]")  # URL parsers drop them (WHATWG URL standard)
_MAX_FAILURE = 300  # characters of an unforeseen error's text kept


def clean_text(text: str) -> str:
    """`text` without control characters (tab and newline kept) and bidi overrides."""
    return _UNSAFE.sub("", text)


def clean_url(url: str) -> str:
    """`url` with control characters and bidi overrides percent-encoded, as browsers fetch it."""
    kept = _TAB_NEWLINE.sub("", url.strip())
    return _UNSAFE.sub(lambda m: quote(m.group().encode("utf-8", "surrogatepass")), kept)


def unforeseen(exc: BaseException) -> str:
    """An unexpected error as one safe line: its text may quote the page that caused it."""
    return clean_text(" ".join(f"{type(exc).__name__}: {exc}".split())[:_MAX_FAILURE])
