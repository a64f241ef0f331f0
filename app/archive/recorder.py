"""Adding an article's images to the archive: fingerprints for new images, a use per figure."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from app.archive.fingerprint import Fingerprint, fingerprint_of
from app.archive.model import NewUse, key_of
from app.archive.provenance import RecordPolicy
from app.archive.store import ArchiveStore, ArticleMeta, Entry
from app.engine.encoders.base import EncoderProvider
from app.engine.images import LoadedImage
from app.schema import ArticleIn

Embeddings = Mapping[str, tuple[str, bytes]]  # image SHA-256 -> (model, float32 bytes)


class ArchiveRecorder:
    def __init__(self, store: ArchiveStore, policy: RecordPolicy | None = None) -> None:
        self.store = store
        self.policy = policy or RecordPolicy()  # by default an audited page of any site is not recorded

    def record(
        self,
        article: ArticleIn,
        images: Mapping[int, LoadedImage],
        *,
        source: str,
        embeddings: Embeddings | None = None,
    ) -> int:
        """Record every figure of `article` that has a loaded image; returns how many were stored.

        The article's earlier record (same URL, else id, else headline) is replaced. An audited
        page is recorded only as the policy allows, its source marking an untrusted site.
        """
        prepared = self.prepare(article, images, source=source, embeddings=embeddings)
        return 0 if prepared is None else self.store.record(*prepared)

    def prepare(
        self,
        article: ArticleIn,
        images: Mapping[int, LoadedImage],
        *,
        source: str,
        embeddings: Embeddings | None = None,
        known: set[str] | None = None,
    ) -> tuple[ArticleMeta, list[Entry]] | None:
        """What `record` writes, without writing it (bulk writers batch it: app.archive.bulk);
        None when the policy keeps the article out. `known`: hashes the archive has (looked up
        when not given), whose fingerprints are not needed."""
        recorded_as = self.policy.source_for(source, article.url)
        if recorded_as is None:
            return None
        if known is None:
            known = self.store.known([image.sha256 for image in images.values()])
        fingerprints: dict[str, Fingerprint] = {}
        entries: list[Entry] = []
        for index, image in sorted(images.items()):
            if image.sha256 not in known and image.sha256 not in fingerprints:
                fingerprints[image.sha256] = fingerprint_of(image)
            figure = article.figures[index]
            use = NewUse(caption=figure.caption, credit=figure.credit, image_url=_image_url(figure.image))
            entries.append(Entry(image.sha256, image.width, image.height, fingerprints.get(image.sha256),
                                 use, (embeddings or {}).get(image.sha256)))
        meta = ArticleMeta(key_of(article), article.url, article.headline, article.published_date(), recorded_as)
        return meta, entries


def loaded_clip_embeddings(encoders: EncoderProvider, images: Mapping[int, LoadedImage]) -> Embeddings:
    """CLIP vectors of `images` when CLIP is already loaded (from its cache when it has one); else none."""
    if not images or not encoders.clip_loaded:
        return {}
    encoder = encoders.clip()
    loaded = list(images.values())
    by_hash = getattr(encoder, "encode_loaded_images", None)
    vectors = by_hash(loaded) if by_hash is not None else encoder.encode_images([i.image for i in loaded])
    model = str(getattr(encoder, "model_key", encoder.name))
    return {img.sha256: (model, np.asarray(row, dtype="<f4").tobytes()) for img, row in zip(loaded, vectors)}


def _image_url(source: str | None) -> str | None:
    """Where the image came from, unless it was inline data."""
    if not source or source.startswith("data:"):
        return None
    return source
