"""What a story's body holds that is not its story: a wire service's staff lines ("(Reporting
by Ruma Paul in Dhaka; Editing by Martin Petty)"), currency notes ("($1 = 84.4 Indian
rupees)") and the agency in its dateline ("MONTREAL (The Canadian Press) —"). Their names and
places are the newsroom's, not the story's: a reporter's surname read as a town, a desk's city
read as where the story happens, an agency's "Canadian" read as a national story."""

from __future__ import annotations

import re

_STAFF = r"(?:(?:additional|further)\s+)?(?:reporting|writing|editing|compiled|reported|written|edited|compiling)"
# A whole line in brackets, or one that names two jobs ("Reporting by …; Editing by …"): a
# sentence that opens "Reporting by the BBC found…" is the story's own.
_STAFF_LINE = re.compile(
    rf"^\(\s*{_STAFF}\b[^()]*\bby\b[^()]*\)\.?$"
    rf"|^{_STAFF}\s+by\b[^.]*;\s*{_STAFF}\s+by\b[^.]*\.?$",
    re.IGNORECASE,
)
_CURRENCY_NOTE = re.compile(r"^\(\s*(?:[$€£¥₹]\s*1|1\s+[a-z]+)\s*=\s*[^()]{1,60}\)$", re.IGNORECASE)


# "(The Canadian Press)", "(Australian Associated Press)", "(Philippine News Agency)" between a
# dateline's town and its dash; "(AP)" and "(Reuters)" name no people or place.
_DATELINE_AGENCY = re.compile(
    r"^((?:[A-Z][\w.'’-]*,?\s+){1,5}?)\s*"
    r"\((?:The\s+)?[^()\n]{0,40}\b(?:Press|News|Agency|Service)\b[^()\n]{0,30}\)(?=\s*(?:—|–|--?)\s)")


def story_lines(body_text: str) -> str:
    """The body's lines (one per paragraph) without the wire's staff lines and currency notes,
    and without the agency in its dateline."""
    body_text = _DATELINE_AGENCY.sub(lambda m: m.group(1).rstrip(), body_text.lstrip(), count=1)
    kept = [line for line in body_text.split("\n") if not _not_the_story(line.strip())]
    return "\n".join(kept) if any(line.strip() for line in kept) else body_text


def _not_the_story(line: str) -> bool:
    return bool(_STAFF_LINE.match(line) or _CURRENCY_NOTE.match(line))
