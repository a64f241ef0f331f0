"""An input article prepared once for all signals: plain text, sentences, limits checked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.errors import InputError
from app.schema import ArticleIn
from app.settings import Settings
from app.engine.caption_anatomy import scene_of
from app.engine.story_anatomy import story_lines
from app.engine.text import html_to_text, split_sentences


@dataclass(frozen=True)
class PreparedArticle:
    article: ArticleIn
    body_text: str
    units: list[str]  # headline, then body sentences
    scene_captions: list[str]
    published: date | None

    @property
    def full_text(self) -> str:
        return f"{self.article.headline}\n{self.body_text}"

    @property
    def headline_and_lead(self) -> str:
        return " ".join(self.units[:2])


def prepare_article(article: ArticleIn, settings: Settings) -> PreparedArticle:
    check_limits(article, settings)
    if not html_to_text(article.headline):
        raise InputError("headline has no text once HTML is removed", field="headline")
    body_text = html_to_text(article.body)
    if not body_text:
        raise InputError("body has no text once HTML is removed", field="body")
    body_text = story_lines(body_text)
    units = [article.headline.strip(), *split_sentences(body_text)]
    captions = [scene_of(f.caption) for f in article.figures]
    return PreparedArticle(article, body_text, units, captions, article.published_date())


def check_limits(article: ArticleIn, settings: Settings) -> None:
    if len(article.figures) > settings.max_figures:
        raise InputError(
            f"{len(article.figures)} figures, over the limit of {settings.max_figures} "
            "(CAPTIONCHECK_MAX_FIGURES)",
            field="figures",
        )
    size = len(article.headline) + len(article.body)
    if size > settings.max_text_chars:
        raise InputError(
            f"headline and body are {size:,} characters, over the limit of "
            f"{settings.max_text_chars:,} (CAPTIONCHECK_MAX_TEXT_CHARS)",
            field="body",
        )
    for index, figure in enumerate(article.figures):
        if len(figure.caption) > 5_000:
            raise InputError("caption longer than 5,000 characters", field=f"figures[{index}].caption")
