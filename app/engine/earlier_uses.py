"""What the engine asks of an archive of published photos: earlier uses of an image.

The engine defines this interface and knows nothing of how an archive stores or finds
photos; `app.archive.lookup.ArchiveLookup` implements it over the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from app.engine.images import LoadedImage
    from app.schema import ArticleIn

MatchKind = Literal["exact", "near"]
# Ends the source of a use recorded from a site not listed in CAPTIONCHECK_ARCHIVE_TRUSTED_SITES.
UNTRUSTED_SOURCE = ":untrusted"


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
    source: str  # audit | audit:untrusted | archive | api | web | webhook | ...
    seen_at: datetime | None = None

    @property
    def trusted(self) -> bool:
        """False for a page audited from a site the operator has not listed as trusted."""
        return not self.source.endswith(UNTRUSTED_SOURCE)


@dataclass(frozen=True)
class ArchiveMatch:
    use: EarlierUse
    kind: MatchKind  # exact: the same file; near: an edited copy (resized, recompressed, cropped...)
    distance: int  # perceptual-hash bits apart (0 for exact)
    similarity: float  # thumbnail correlation, 1.0 for exact


class EarlierUses(Protocol):
    """Earlier uses of an image in other articles, not published after this one; oldest first."""

    def earlier_uses(self, image: LoadedImage, article: ArticleIn) -> list[ArchiveMatch]: ...
