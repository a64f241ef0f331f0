"""Stock subjects: a headquarters, a logo, a façade or a skyline, pictured once and reused for
years. An old date on one is noted, not flagged, and one of a body the story names is set where
that body sits."""

from __future__ import annotations

import re

# "The headquarters of Kessler Automotive in Stuttgart, March 14, 2023.": an old date on one is
# noted, not flagged, until it is `stale_years` old.
_OWNED_SUBJECTS = r"headquarters|head office|logos?|fa[cç]ade|storefront|shopfront"  # someone's
_STOCK_SUBJECT = re.compile(rf"\b(?:{_OWNED_SUBJECTS}|exterior|skyline|general view)\b", re.IGNORECASE)
_WHERE_IT_HAPPENS = re.compile(r"\b(?:at|inside)\s+(?:the\s+)?$", re.IGNORECASE)
_STOCK_WORDS = rf"(?:{_OWNED_SUBJECTS})"
_OWNER = r"[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2}"
# "The Intel logo", "Intel's headquarters", "the headquarters of the Centers for Disease Control".
_OWNED = re.compile(rf"\b({_OWNER})(?:['’]s)?\s+{_STOCK_WORDS}\b|\b{_STOCK_WORDS}\s+of\s+(?:the\s+)?({_OWNER})")


def stock_subject_owners(scene: str) -> list[str]:
    """Whose headquarters, logo or façade the caption shows, as written before or after it."""
    return [match.group(1) or match.group(2) for match in _OWNED.finditer(scene)]


def shows_a_stock_subject(scene: str) -> bool:
    """A headquarters, logo, façade or skyline: pictures reused for years; not a headquarters
    where something happens ("Councillors vote at the headquarters of the council")."""
    return any(not _WHERE_IT_HAPPENS.search(scene, 0, match.start()) for match in _STOCK_SUBJECT.finditer(scene))
