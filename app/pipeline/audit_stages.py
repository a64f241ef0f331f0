"""The encode stage of a pages pipeline (audit), and what the decode workers are asked to make
for a page's images.

`EncodeStage.run` takes pages from a queue, encodes the images of as many pages as fill a
batch (and their captions, for the image-caption signal), and passes the pages on; the rows
reach the checks through `EncodeStage.provider`, an EncoderProvider whose CLIP answers from
them (PrecomputedClip) and otherwise is the one it wraps.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from app.engine.encoders.base import EncoderProvider, ImageTextEncoder, TextEncoder
from app.engine.encoders.memo import MemoTextEncoder
from app.engine.encoders.pixels import PixelSpec
from app.engine.images import LoadedImage
from app.errors import short_error
from app.pipeline.decode import DecodeOptions, FingerprintKind
from app.pipeline.encode import ImageEmbedder, PrecomputedClip, PreparedBatch
from app.pipeline.stages import StageProgress, StageQueue, StageThread
from app.settings import Settings

log = logging.getLogger(__name__)
W = TypeVar("W")
LINGER_S = 0.02  # how long a batch under half full waits for more pages


def decode_options(settings: Settings, spec: PixelSpec | None, fingerprint: FingerprintKind) -> DecodeOptions:
    """What the workers make for an image about to be checked: thumbnail, CLIP pixels, the
    fingerprint asked for, and the text in the photo when OCR is on."""
    return DecodeOptions.for_checks(settings, pixels=spec, fingerprint=fingerprint, ocr=True)


def prefill_words(models: EncoderProvider, images: Iterable[LoadedImage]) -> None:
    """Hand the words the workers read in the photos to the image-text signal's cache."""
    from app.engine.ocr.reading import cache_for

    cache = cache_for(models)
    for image in images:
        words, engine = getattr(image, "words", None), getattr(image, "words_engine", None)
        if words is not None and engine:
            cache.put((engine, image.sha256), words)


class EncodeStage(Generic[W]):
    """Batches of pages through CLIP. `images_of` and `texts_of` say what a page has to encode."""

    def __init__(self, encoders: EncoderProvider, batch_images: int, *,
                 images_of: Callable[[W], Sequence[LoadedImage]],
                 texts_of: Callable[[W], Sequence[str]] = lambda _: (),
                 sentences_of: Callable[[W], Sequence[str]] = lambda _: ()) -> None:
        self.base = encoders
        self.batch_images = max(1, batch_images)
        self.images_of, self.texts_of, self.sentences_of = images_of, texts_of, sentences_of
        self.clip: PrecomputedClip | None = None
        self.embedder: ImageEmbedder | None = None
        self.sentences: MemoTextEncoder | None = None
        self.provider = encoders.wrapping(text=self._wrap_text, clip=self._wrap)

    def _wrap_text(self, text: TextEncoder) -> TextEncoder:
        self.sentences = MemoTextEncoder(text)
        return self.sentences

    def _wrap(self, clip: ImageTextEncoder) -> ImageTextEncoder:
        self.clip = PrecomputedClip(clip)
        self.embedder = ImageEmbedder(clip)
        return self.clip

    def load(self) -> None:
        """Load CLIP (when weights can be had) and the sentence model; blocking."""
        self.provider.clip_or_none()
        self.provider.text()

    @property
    def spec(self) -> PixelSpec | None:
        """CLIP's resize and crop, for the decode workers; None when CLIP preprocesses itself."""
        return self.embedder.spec if self.embedder is not None else None

    def release(self, images: Iterable[LoadedImage]) -> None:
        """A page's rows are no longer needed (its check is done)."""
        if self.clip is not None:
            self.clip.drop([image.sha256 for image in images])

    async def run(self, inbox: StageQueue[W], out: StageQueue[W], prepare: StageThread, model: StageThread,
                  progress: StageProgress) -> None:
        """Until the inbox ends: batch, prepare (while the previous batch is in the model), encode, pass on."""
        running: asyncio.Task | None = None
        try:
            ended = False
            while not ended:
                works, ended = await inbox.batch(self.batch_images, lambda w: max(1, len(self.images_of(w))),
                                                 LINGER_S)
                prepared = await prepare.run(self._prepare, works) if works else None
                if running is not None:
                    await running  # one batch in the model at a time, pages passed on in order
                running = asyncio.create_task(self._forward(works, prepared, model, out, progress))
            if running is not None:
                await running
        finally:
            if running is not None and not running.done():
                running.cancel()
        await out.close()

    def _prepare(self, works: list[W]) -> _Prepared:
        images = [image for work in works for image in self.images_of(work)]
        prepared = _Prepared(sentences=[text for work in works for text in self.sentences_of(work)])
        if self.embedder is None or not images:
            return prepared
        try:
            prepared.captions = [text for work in works if self.images_of(work) for text in self.texts_of(work)]
            prepared.batch = self.embedder.prepare(images)
        except Exception as exc:  # noqa: BLE001  the checks encode what is missing themselves
            log.warning("preparing a batch of %d images failed: %s", len(images), short_error(exc))
        return prepared

    async def _forward(self, works: list[W], prepared: _Prepared | None, model: StageThread,
                       out: StageQueue[W], progress: StageProgress) -> None:
        if prepared is not None:
            await self._encode(works, prepared, model)
        progress.advance("encoded", sum(len(self.images_of(work)) for work in works))
        for work in works:
            await out.put(work)

    async def _encode(self, works: list[W], prepared: _Prepared, model: StageThread) -> None:
        """The batch's photos and captions through CLIP, its story sentences through the sentence
        model, in the model's thread: the checks then find them all encoded."""
        try:
            if prepared.batch is not None and self.embedder is not None and self.clip is not None:
                # Each page releases its rows after its check: held once per page showing the image.
                holds = Counter(sha for work in works for sha in {i.sha256 for i in self.images_of(work)})
                self.clip.add(await model.run(self.embedder.forward, prepared.batch), holds)
                if prepared.captions:  # by length: each chunk runs over its own longest caption (the encoder trims)
                    await model.run(self.clip.encode_texts, sorted(set(prepared.captions), key=len))
            if prepared.sentences:
                sentences = self.sentences or await model.run(self.provider.text)
                await model.run(sentences.encode, list(dict.fromkeys(prepared.sentences)))
        except Exception as exc:  # noqa: BLE001  a page's check then encodes (and fails) on its own
            log.warning("encoding a batch of %d pages failed: %s", len(works), short_error(exc))


@dataclass
class _Prepared:
    sentences: list[str]  # for the sentence model (the story's sentences and its captions)
    captions: list[str] = field(default_factory=list)  # for CLIP's text tower
    batch: PreparedBatch | None = None  # the photos, for CLIP's image tower
