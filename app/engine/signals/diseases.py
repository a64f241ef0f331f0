"""Diseases: a caption about one epidemic under a story about another.

Outbreak stories are alike to a sentence model: health workers, clinics, queues, spraying,
vaccination. What tells a cholera story's photo from a polio campaign's, or a dengue ward's
from a coronavirus clean-up, is the disease the caption names. When the story's headline or
opening names a disease, and the caption names another that the story never mentions, the
caption asks for review. A story that mentions the caption's disease anywhere ("unlike
COVID-19, dengue spreads by mosquito") leaves it alone. Not governed by the caption decision:
none of its labelled data has such a pair, so this conflict stands at review on its own,
like the event and role checks.
"""

from __future__ import annotations

import re

from app.engine.caption_anatomy import split_caption
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Signal
from app.engine.signals.dates import says_portrait
from app.engine.signals.places_wording import join
from app.schema import Reason
from app.settings import Severity

CAPTION_DISEASE_OTHER = "caption_disease_other"

# Each disease as written in news text. Words that are also ordinary words or places count
# only in the forms that cannot be them: "AIDS" in capitals, "Lassa fever", "Marburg virus";
# "plague" is left out, being mostly a verb.
_DISEASES: dict[str, str] = {
    "COVID-19": r"(?i:covid(?:-19)?|coronavirus|sars-cov-2)",
    "cholera": r"(?i:cholera)",
    "dengue": r"(?i:dengue)",
    "measles": r"(?i:measles)",
    "malaria": r"(?i:malaria)",
    "Ebola": r"(?i:ebola)",
    "mpox": r"(?i:mpox|monkeypox)",
    "polio": r"(?i:polio(?:myelitis)?)",
    "typhoid": r"(?i:typhoid)",
    "Zika": r"(?i:zika)",
    "influenza": r"(?i:influenza|flu|bird flu|avian flu|H5N1)",
    "tuberculosis": r"(?i:tuberculosis)",
    "yellow fever": r"(?i:yellow fever)",
    "Lassa fever": r"(?i:lassa fever)",
    "diphtheria": r"(?i:diphtheria)",
    "meningitis": r"(?i:meningitis)",
    "chikungunya": r"(?i:chikungunya)",
    "HIV": r"HIV|AIDS",
    "anthrax": r"(?i:anthrax)",
    "rabies": r"(?i:rabies)",
    "Marburg virus": r"(?i:marburg virus|marburg virus disease)",
    "Nipah virus": r"(?i:nipah)",
    "SARS": r"SARS(?!-CoV)",
    "MERS": r"MERS",
    "hepatitis": r"(?i:hepatitis)",
    "smallpox": r"(?i:smallpox)",
}
_PATTERNS = {name: re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])") for name, pattern in _DISEASES.items()}
_OPENING_UNITS = 3  # the headline and the first two sentences say what the story is about


def diseases_in(text: str) -> list[str]:
    """The diseases a text names, in the order of `_DISEASES`."""
    return [name for name, pattern in _PATTERNS.items() if pattern.search(text)]


def other_disease_reasons(caption: str, story_text: str, opening: str) -> list[Reason]:
    """`opening`: the headline and first sentences, which name the story's disease."""
    story_diseases = diseases_in(opening)
    if not story_diseases or says_portrait(caption):
        return []  # a portrait's occasion ("pictured during a COVID-19 briefing") is not its subject
    mentioned = set(diseases_in(story_text))
    other = [name for name in diseases_in(split_caption(caption).scene) if name not in mentioned]
    if not other:
        return []
    message = (f"The caption is about {join(other)}, but the story is about {join(story_diseases)} and never "
               f"mentions {join(other)}; check that the photo belongs to the story.")
    return [make_reason(CAPTION_DISEASE_OTHER, Severity.review, message,
                        caption_diseases=other, story_diseases=story_diseases)]


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    opening = "\n".join(ctx.prepared.units[:_OPENING_UNITS])
    for index, figure in enumerate(ctx.prepared.article.figures):
        findings.add(index, *other_disease_reasons(figure.caption, ctx.prepared.full_text, opening))
    return findings


SIGNAL = Signal(name="diseases", codes=(CAPTION_DISEASE_OTHER,), needs=frozenset(), run=_run)
