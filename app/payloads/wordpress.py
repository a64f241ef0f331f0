"""A WordPress REST API post object (GET /wp-json/wp/v2/posts/<id>, optionally ?_embed) as an article.

Figures come from the rendered content: block-editor `<figure>` (innermost, so a
gallery gives one figure per photo) and classic-editor `div.wp-caption`. The
image is the lazy-load source when there is one (data-src), else src, else the
widest srcset candidate. Figures without a caption are not checked. The body is
the content without its figures, so captions never count as story text.
"""

from __future__ import annotations

from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from app.errors import InputError
from app.inputs import parse_article
from app.payloads.html import block_text, inline_text, largest_in_srcset, node_text
from app.schema import ArticleIn

SOURCE = "wordpress post"
_FIGURES = "figure, div.wp-caption"
_IMAGE_ATTRS = ("data-src", "data-lazy-src", "data-orig-file", "src")


def looks_like(data: dict[str, Any]) -> bool:
    return isinstance(data.get("title"), dict) and isinstance(data.get("content"), dict)


def to_article(post: dict[str, Any]) -> ArticleIn:
    headline = inline_text(_rendered(post, "title"))
    if not headline:
        raise InputError("title.rendered is missing or empty", source=SOURCE, field="title.rendered")
    tree = LexborHTMLParser(_rendered(post, "content") or "<p></p>")
    figures = [*_featured_image(post), *_content_figures(tree)]
    body = _body_without_figures(tree) or block_text(_rendered(post, "excerpt"))
    if not body:
        raise InputError("content.rendered has no text besides its figures", source=SOURCE,
                         field="content.rendered")
    article = {
        "id": None if post.get("id") is None else str(post["id"]),
        "url": post.get("link") or None,
        "headline": headline,
        "body": body,
        "published": _date(post),
        "figures": figures,
    }
    return parse_article(article, source=SOURCE)


def _date(post: dict[str, Any]) -> str | None:
    for key in ("date", "date_gmt"):
        value = post.get(key)
        if isinstance(value, str) and value.strip() and not value.startswith("0000"):  # WP's "no date"
            return value
    return None


def _rendered(post: dict[str, Any], key: str) -> str:
    value = post.get(key)
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def _content_figures(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    figures = []
    for node in tree.css(_FIGURES):
        if any(inner != node for inner in node.css(_FIGURES)):
            continue  # a gallery or wrapper: its inner figures are taken one by one
        figure = _figure(node)
        if figure is not None:
            figures.append(figure)
    return figures


def _figure(node: LexborNode) -> dict[str, Any] | None:
    img = node.css_first("img")
    caption = node_text(node.css_first("figcaption") or node.css_first(".wp-caption-text"))
    if img is None or not caption:
        return None
    return {"image": _image_url(img), "caption": caption, "alt": img.attributes.get("alt") or None}


def _image_url(img: LexborNode) -> str | None:
    attrs = img.attributes
    for name in _IMAGE_ATTRS:
        value = (attrs.get(name) or "").strip()
        if value:
            return value
    srcset = attrs.get("data-srcset") or attrs.get("srcset") or ""
    return largest_in_srcset(srcset)


def _featured_image(post: dict[str, Any]) -> list[dict[str, Any]]:
    """The featured image, when the post was fetched with ?_embed and it has a caption."""
    embedded = post.get("_embedded")
    media = embedded.get("wp:featuredmedia") if isinstance(embedded, dict) else None
    first = media[0] if isinstance(media, list) and media and isinstance(media[0], dict) else {}
    caption = inline_text(_rendered(first, "caption"))
    if not caption or not first.get("source_url"):
        return []
    return [{"image": first["source_url"], "caption": caption, "alt": first.get("alt_text") or None}]


def _body_without_figures(tree: LexborHTMLParser) -> str:
    for node in tree.css(_FIGURES):
        node.decompose()
    root = tree.body
    return block_text(root.html) if root is not None else ""
