"""Captioned figures in the article's markup: <figure>/<figcaption>, and images followed by a caption."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from app.audit.dom import descendants, text_of
from app.audit.model import FoundFigure
from app.audit.urls import best_candidate, parse_srcset, resolve

_CAPTION_TOKEN = re.compile(
    r"^(wp-caption-text|wp-element-caption|cutline|caption|figcaption)$|[-_]caption([-_][\w-]*)?$|^caption[-_]",
    re.IGNORECASE,
)
_CREDIT_TOKEN = re.compile(r"credit|copyright|byline|photographer|attribution|^source$|[-_]source$", re.IGNORECASE)
_CREDIT_ITEMPROP = {"copyrightHolder", "copyrightNotice", "creditText", "creator", "author"}
# "... Photo: Jane Doe/Agency" or "(Photograph: Agency)" closing a caption is its credit line.
_CREDIT_WORD = r"(?:Photo(?:graph)?|Picture|Credit|Foto)s?\s*(?:by\b|:)\s*"
_TRAILING_CREDIT = re.compile(
    rf"\s*(?:\({_CREDIT_WORD}(?P<inner>[^()]+)\)|\b{_CREDIT_WORD}(?P<plain>.+))\s*$"
)
_CREDIT_PREFIX = re.compile(r"^(photo(graph)?|picture|image|credit)s?\s*(by\b|:)\s*", re.IGNORECASE)
_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "srcset")
_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-hi-res-src", "data-full-src", "data-url", "src")
_SKIP_SOURCE_TYPES = ("image/avif", "image/jxl", "image/svg+xml")
_MIN_DATA_URI = 512  # shorter data: URIs are lazy-loading placeholders, not photos
_SKIPPED_SIBLINGS = ("noscript", "script", "br", "style", "source")


def find_figures(root: LexborNode, base: str) -> list[FoundFigure]:
    """Every captioned image under `root`, in page order."""
    found: list[FoundFigure] = []
    for node in root.css("figure, img"):
        if node.tag == "figure":
            figure = None if descendants(node, "figure") else _from_figure(node, base)
        elif not _has_ancestor(node, ("figure", "noscript"), root):
            figure = _from_captioned_img(node, base)
        else:
            continue
        if figure is not None:
            found.append(figure)
    return found


def _from_figure(figure: LexborNode, base: str) -> FoundFigure | None:
    image = next((img for img in figure.css("img") if image_source(img, base)), None)
    caption_node = next(iter(descendants(figure, "figcaption")), None) or _caption_child(figure)
    if image is None or caption_node is None:
        return None
    credit_nodes = [n for n in descendants(figure, "*") if _is_credit(n)]
    return _figure(image, caption_node, credit_nodes, base)


def _from_captioned_img(img: LexborNode, base: str) -> FoundFigure | None:
    node: LexborNode | None = img
    for _ in range(3):  # the img, its link or wrapper, and one more wrapper
        if node is None or node.tag in ("body", "article", "main"):
            return None
        following = _next_element(node)
        if following is not None:
            if _is_caption(following):
                source_img = img if image_source(img, base) else _noscript_img(img, base)
                if source_img is None:
                    return None
                return _figure(source_img, following, [n for n in descendants(following, "*") if _is_credit(n)], base)
            return None
        node = node.parent
    return None


def _figure(img: LexborNode, caption_node: LexborNode, credit_nodes: list[LexborNode], base: str) -> FoundFigure | None:
    credits = list(dict.fromkeys(text for n in credit_nodes if (text := text_of(n))))
    caption = text_of(caption_node)
    for credit in credits:
        caption = caption.replace(credit, " ")
    caption = " ".join(caption.split())
    credit = "; ".join(credits) or None
    trailing = _TRAILING_CREDIT.search(caption)
    if trailing and trailing.start() > 0:
        credit = credit or (trailing["inner"] or trailing["plain"]).strip()
        caption = caption[: trailing.start()].strip()
    if credit:
        credit = _CREDIT_PREFIX.sub("", credit).strip()
    if not caption:
        return None
    alt = (img.attributes.get("alt") or "").strip() or None
    return FoundFigure(image=image_source(img, base), caption=caption, credit=credit or None, alt=alt)


def image_source(img: LexborNode, base: str) -> str | None:
    """The image an <img> shows once loaded: srcset (and <picture> sources), lazy-load attributes, src."""
    attrs = img.attributes
    candidates = [c for name in _SRCSET_ATTRS for c in parse_srcset(attrs.get(name) or "")]
    parent = img.parent
    if parent is not None and parent.tag == "picture":
        for source in descendants(parent, "source"):
            if (source.attributes.get("type") or "").lower() not in _SKIP_SOURCE_TYPES:
                for name in _SRCSET_ATTRS:
                    candidates += parse_srcset(source.attributes.get(name) or "")
    usable = [c for c in candidates if not c[0].startswith("data:")]
    chosen = best_candidate(usable)
    if chosen is None:
        chosen = next((v for name in _SRC_ATTRS if _usable(v := (attrs.get(name) or "").strip())), None)
    return resolve(base, chosen) if chosen else None


def _usable(value: str) -> bool:
    return bool(value) and (not value.startswith("data:") or len(value) >= _MIN_DATA_URI)


def _noscript_img(img: LexborNode, base: str) -> LexborNode | None:
    following = _next_element(img, skip=())
    if following is not None and following.tag == "noscript":
        inner = next(iter(descendants(following, "img")), None)
        if inner is not None and image_source(inner, base):
            return inner
    return None


def _next_element(node: LexborNode, skip: tuple[str, ...] = _SKIPPED_SIBLINGS) -> LexborNode | None:
    sibling = node.next
    while sibling is not None:
        if sibling.tag == "-text" and (sibling.text() or "").strip():
            return None  # text between the image and the next element: not a caption pair
        if sibling.tag not in ("-text", "-comment") and sibling.tag not in skip:
            return sibling
        sibling = sibling.next
    return None


def _caption_child(figure: LexborNode) -> LexborNode | None:
    return next((n for n in descendants(figure, "*") if _is_caption(n)), None)


def _is_caption(node: LexborNode) -> bool:
    if node.tag == "figcaption":
        return True
    tokens = (node.attributes.get("class") or "").split()
    return any(_CAPTION_TOKEN.search(t) for t in tokens) or node.attributes.get("itemprop") == "caption"


def _is_credit(node: LexborNode) -> bool:
    tokens = (node.attributes.get("class") or "").split()
    return any(_CREDIT_TOKEN.search(t) for t in tokens) or node.attributes.get("itemprop") in _CREDIT_ITEMPROP


def _has_ancestor(node: LexborNode, tags: tuple[str, ...], root: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.mem_id != root.mem_id:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False
