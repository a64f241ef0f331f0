"""Archive tests: a fresh SQLite archive per test, sample-derived photos, and a CLIP stand-in for real photos."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.archive.lookup import ArchiveLookup
from app.archive.recorder import ArchiveRecorder
from app.archive.store import ArchiveStore
from app.engine.images import LoadedImage
from app.schema import ArticleIn, FigureIn
from app.settings import Settings
from app.storage import ReportStore

REPO = Path(__file__).resolve().parents[2]
SAMPLE_IMAGES = REPO / "samples" / "images"
PAGES = REPO / "samples" / "pages"


def photo(name: str) -> Image.Image:
    return Image.open(SAMPLE_IMAGES / f"{name}.jpg").convert("RGB")


def encoded(image: Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def loaded(image: Image.Image, source: str = "upload") -> LoadedImage:
    data = encoded(image)
    return LoadedImage(source, hashlib.sha256(data).hexdigest(), image.width, image.height, image)


def article(headline: str, caption: str, *, url: str | None = None, published: str | None = None,
            body: str = "The story as published.", image: str | None = None, credit: str | None = None) -> ArticleIn:
    return ArticleIn(url=url, headline=headline, body=body, published=published,
                     figures=[FigureIn(image=image, caption=caption, credit=credit)])


class Archive:
    """A store, a recorder and a lookup on one database."""

    def __init__(self, url: str, settings: Settings) -> None:
        self.reports = ReportStore(url)
        self.store = ArchiveStore(self.reports.engine)
        self.recorder = ArchiveRecorder(self.store)
        self.lookup = ArchiveLookup(self.store, settings)

    def add(self, image: Image.Image, headline: str, caption: str, *, url: str, published: str | None = None,
            source: str = "archive") -> LoadedImage:
        item = loaded(image, url + "#photo")
        self.recorder.record(article(headline, caption, url=url, published=published, image=item.source),
                             {0: item}, source=source)
        return item


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, models_dir=tmp_path / "models")


@pytest.fixture
def archive(settings: Settings) -> Iterator[Archive]:
    opened = Archive(settings.resolved_database_url(), settings)
    yield opened
    opened.reports.close()


class PhotoClip:
    """A CLIP stand-in that takes any photo: vectors from the image's colour and the text's hash."""

    name = "photo-test-encoder"

    def encode_images(self, images: list[Image.Image]) -> np.ndarray:
        rows = [np.asarray(img.convert("RGB").resize((4, 4)), dtype=np.float64).ravel() + 1.0 for img in images]
        return np.stack([_unit(np.resize(row, 64)) for row in rows]).astype(np.float32)

    def encode_texts(self, texts: list[str]) -> np.ndarray:
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
            rows.append(_unit(np.random.default_rng(seed).normal(size=64)))
        return np.stack(rows).astype(np.float32)


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / np.linalg.norm(vector)
