"""What extraction finds on a page, before it becomes an article for the engine."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from app.schema import ArticleIn, FigureIn


class NoArticleFound(Exception):
    """The page has no article text (a section front, a search page, an error page)."""


@dataclass(frozen=True)
class FoundFigure:
    image: str | None  # absolute URL, local path or data: URI
    caption: str
    credit: str | None = None
    alt: str | None = None
    origin: str = "html"  # "html" (the markup) or "json-ld"

    def merged(self, other: "FoundFigure") -> "FoundFigure":
        """This figure with what `other` (the same image elsewhere on the page) adds."""
        return replace(self, credit=self.credit or other.credit, alt=self.alt or other.alt)


@dataclass(frozen=True)
class ExtractedPage:
    url: str
    headline: str
    body: str
    published: str | None
    figures: list[FoundFigure] = field(default_factory=list)
    dropped_figures: int = 0  # over CAPTIONCHECK_MAX_FIGURES

    def article(self) -> ArticleIn:
        figures = [FigureIn(image=f.image, caption=f.caption, alt=f.alt, credit=f.credit) for f in self.figures]
        return ArticleIn(url=self.url, headline=self.headline, body=self.body,
                         published=self.published, figures=figures)
