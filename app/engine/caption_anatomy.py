"""Caption anatomy: the scene a caption describes, split from its credit line and file-photo wording.

Wire and newspaper captions end with who made the photo ("Photograph: Jane Doe/Reuters",
"(AP Photo/John Roe, File)", "Credit...Jane Doe for The New York Times", "Getty Images").
Those names are not people in the scene and those agencies are not places, so every check
reads only the scene; the credit is kept for the report and "file photo" wording is kept as
a flag the date checks respect. Gallery furniture ("Slide 1 of 12", "Caption:") says nothing
about the scene either and is dropped. A chart or map ("Graphic: …") is marked as one: its
places and dates are those of its data, not of a photo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.engine.text import CAPITALS

_AGENCIES = (
    r"AP|AFP|Reuters|Getty(?: Images)?|EPA|PA|Shutterstock|Alamy|iStock|Bloomberg|Xinhua|"
    r"ANP|DPA|Anadolu|NurPhoto|SOPA|Zuma|Sipa|UPI|TASS|Kyodo|Yonhap|PTI|ANI|IANS|AAP|Invision"
)
_CREDIT_WORDS = (
    r"(?:photo(?:graph)?s?|foto(?:grafie|grafía)?|pictures?|image(?:\s+credit)?s?|credit(?:s)?|illustration|courtesy|source)"
)
# A parenthesised or bracketed credit anywhere: "(AFP photo)", "(Photo by X)", "[Reuters]",
# "(Submitted by X)", "(Supplied)": in brackets these words credit; in running text they may not.
_BRACKETED = re.compile(
    rf"[(\[](?=[^()\[\]]*(?:\b{_CREDIT_WORDS}\b|\b(?:submitted|supplied)\b|\b(?:{_AGENCIES})\b|/|©))"
    rf"[^()\[\]]{{0,160}}[)\]]",
    re.IGNORECASE,
)
# A credit that runs to the end: "Photograph: X/PA", "Photo by X", "Credit...X", "© X", "X/Getty Images".
_TRAILING = re.compile(
    rf"(?:(?<=[\s.,;:)\]])|^)(?:{_CREDIT_WORDS}\s*(?:by\b|:|\.{{2,}}|…|-|–)|credit(?=[A-Z])|©|\bhide caption\b|\b(?:{_AGENCIES})\s*/\s*\w)"
    r".*$",
    re.IGNORECASE | re.DOTALL,
)
_AGENCY_TAIL = re.compile(
    rf"(?:(?<=[\s.,;:])|^)(?:[{CAPITALS}][\w'’.-]*(?:\s+[{CAPITALS}][\w'’.-]*){{0,3}}\s*/\s*)?(?:{_AGENCIES})"
    rf"(?:\s*(?:/|via|-|–)\s*(?:{_AGENCIES}))?(?:\s+(?:Photo|Images|file))?\s*\W*$"
)
# A by-line of names and outlets joined by slashes, alone or after the last sentence:
# "Paul Moseley/Fort Worth Star-Telegram/TNS via Getty Images".
_NAME = rf"[{CAPITALS}][\w'’.&-]*"
_SLASH_CREDIT = re.compile(
    rf"(?:^|(?<=[.!?]\s)){_NAME}(?:\s+{_NAME}){{0,3}}(?:\s*/\s*{_NAME}(?:\s+{_NAME}){{0,4}})+"
    rf"(?:\s+via\s+{_NAME}(?:\s+{_NAME}){{0,2}})?\s*\W*$"
)
# "… in Sudan. Credit Ashraf Shazly/Agence France-Presse": "Credit" and a name after the last
# sentence (run into the name, "CreditHiroko …", it is read by _TRAILING).
_CREDIT_THEN_NAME = re.compile(rf"(?:^|(?<=[.!?]\s))Credit\s+(?=[{CAPITALS}]).*$", re.DOTALL)
# A photographer's name and e-mail address closing the caption: "Roberto Koltun rkoltun@elnuevoherald.com".
_EMAIL_CREDIT = re.compile(rf"(?:(?<=\s)|^)(?:{_NAME}\s+){{1,3}}[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$")
# A bare name closing the caption after its last sentence, with no full stop of its own: the
# photographer ("… the breakout movie of 2016. Dale Robinette").
_BYLINE_NAME = re.compile(rf"(?<=[.!?]\s)[{CAPITALS}][a-z'’-]+(?:\s+[{CAPITALS}][a-z'’-]+){{1,2}}\s*$")
# A by-line in brackets closing the caption, as Australian newsrooms write it: an outlet and its
# photographer, "(ABC News: Tom Garrick)", "(AAP: Dan Himbrechts)", or after the last sentence
# the photographer alone, "… Queens Square, Sydney. (Daniel Kerr)".
_BRACKETED_BYLINE = re.compile(
    rf"\((?:{_NAME}(?:\s+{_NAME}){{0,3}}:\s*{_NAME}|(?<=[.!?]\s\()(?<![A-Z][.!?]\s\(){_NAME})"
    rf"(?:\s+{_NAME}){{1,2}}\)\s*$"
)
_FILE_PHOTO = re.compile(
    r"\b(?:file|archive|archival|handout)\s+(?:photo|picture|image|footage)s?\b|\bfile\s*[:)]|,\s*file\)"
    r"|^\s*file\b|\bin this (?:\d{4} )?(?:file )?(?:photo|picture|image)\b",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
# "Graphic: Argentina's monthly inflation rate", "Map - The route of the new line", "Chart:".
_GRAPHIC_LEAD = re.compile(r"^\s*(?:info)?(?:graphic|chart|graph|map)\s*(?::|[–-]\s)\s*", re.IGNORECASE)
# A slideshow's position and labels at the start: "Slide: 1 / of 2 .", "Image 3 of 12:", "2 of 8 ",
# "Caption:". A bare "N/M" is left alone ("9/11 responders"): only a label word makes it a counter.
_GALLERY_LEAD = re.compile(
    r"^\s*(?:(?:(?:slide|image|photo|picture|gallery)\s*:?\s*\d{1,3}\s*(?:/|of)\s*(?:of\s*)?\d{1,3}"
    r"|\d{1,3}\s+of\s+\d{1,3})\b\s*[.:|–-]?\s*)?(?:caption\s*:\s*)?",
    re.IGNORECASE,
)
# "FILE PHOTO: ..." / "File photo - ..." at the start says nothing about the scene.
_FILE_PHOTO_LEAD = re.compile(r"^\s*(?:a\s+)?(?:file|archive)\s+(?:photo|picture)\s*(?:of\b|[:\-–]\s*)?", re.IGNORECASE)


@dataclass(frozen=True)
class CaptionParts:
    scene: str  # what the photo shows, credits removed
    credit: str | None  # the credit line as written, if any
    file_photo: bool  # the caption says the photo is not new
    graphic: bool = False  # a chart or map, not a photo: its places and dates are of its data


def split_caption(caption: str) -> CaptionParts:
    text = _SPACE.sub(" ", caption).strip()
    file_photo = bool(_FILE_PHOTO.search(text))
    graphic = bool(_GRAPHIC_LEAD.match(text))
    credits: list[str] = []

    def keep(match: re.Match[str]) -> str:
        credits.append(match.group(0).strip(" ()[]"))
        return " "

    scene = _FILE_PHOTO_LEAD.sub("", _GRAPHIC_LEAD.sub("", _GALLERY_LEAD.sub("", text, count=1)))
    scene = _BRACKETED.sub(keep, scene)
    scene = _CREDIT_THEN_NAME.sub(keep, scene)
    scene = _TRAILING.sub(keep, scene)
    scene = _EMAIL_CREDIT.sub(keep, scene.rstrip())
    scene = _BRACKETED_BYLINE.sub(keep, scene.rstrip())
    scene = _BYLINE_NAME.sub(keep, scene.rstrip())
    scene = _SLASH_CREDIT.sub(keep, scene.rstrip())
    scene = _AGENCY_TAIL.sub(keep, scene.rstrip())
    scene = _SPACE.sub(" ", scene).strip(" -–|,;")
    credit = "; ".join(c for c in credits if c) or None
    return CaptionParts(scene or "", credit, file_photo, graphic)


def scene_of(caption: str) -> str:
    """The scene text, or the caption itself when it is nothing but a credit."""
    return split_caption(caption).scene or caption.strip()
