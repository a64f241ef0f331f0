"""Plain types of the archive's storage side; the engine-facing types live in app.engine.earlier_uses."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.schema import ArticleIn



@dataclass(frozen=True)
class NewUse:
    """A figure to record: the image's page (or draft) and how it was captioned there."""

    caption: str
    credit: str | None
    image_url: str | None


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
