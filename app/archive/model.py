"""Plain types of the archive, shared by the engine (no database needed) and the storage."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from app.engine.images import LoadedImage
    from app.schema import ArticleIn

MatchKind = Literal["exact", "near"]


@dataclass(frozen=True)
class EarlierUse:
    """One appearance of an archived image: the page or check it came from."""

    article_key: str
    article_url: str | None
    image_url: str | None
    headline: str
    caption: str
    credit: str | None
    published: date | None
    source: str  # audit | archive | api | web | webhook | ...
    seen_at: datetime | None = None


@dataclass(frozen=True)
class ArchiveMatch:
    use: EarlierUse
    kind: MatchKind  # exact: the same file; near: an edited copy (resized, recompressed, cropped...)
    distance: int  # perceptual-hash bits apart (0 for exact)
    similarity: float  # thumbnail correlation, 1.0 for exact


@dataclass(frozen=True)
class NewUse:
    """A figure to record: the image's page (or draft) and how it was captioned there."""

    caption: str
    credit: str | None
    image_url: str | None


class EarlierUses(Protocol):
    """What the Checker asks of an archive (app.archive.lookup.ArchiveLookup is one)."""

    def earlier_uses(self, image: LoadedImage, article: ArticleIn) -> list[ArchiveMatch]: ...


def article_key(url: str | None, article_id: str | None, headline: str) -> str:
    """One article's identity across records: its URL, else its id, else its headline."""
    if url:
        identity = f"url:{url.strip()}"
    elif article_id:
        identity = f"id:{article_id.strip()}"
    else:
        identity = f"headline:{' '.join(headline.split()).lower()}"
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()


def key_of(article: ArticleIn) -> str:
    return article_key(article.url, article.id, article.headline)
