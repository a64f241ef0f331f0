"""The article's part of a page's DOM: the main content chosen, navigation, ads and boxes removed."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

_ALWAYS_NOISE = (
    "script, style, template, iframe, form, nav, aside, button, svg, "
    "[role=navigation], [role=complementary], [role=contentinfo], [role=banner], [role=search], "
    "[aria-hidden=true], [hidden]"
)
_NOISE_TOKEN = re.compile(
    r"^(ads?|adv|advert\w*|adslot|dfp|gpt|sponsor\w*|promo\w*|outbrain|taboola|newsletter\w*|subscri\w*|"
    r"paywall|most-?(?:read|popular|viewed|shared|recent)|popular|trending|related|recommend\w*|read-?more|"
    r"more-stories|teasers?|share\w*|sharing|social|comments?|sidebar|widget\w*|breadcrumbs?|site-header|"
    r"site-footer|masthead|menu|navigation|main-nav|colophon)([-_][\w-]*)?$"
    r"|[-_]ads?$|[-_]ad[-_]",
    re.IGNORECASE,
)
_NOISE_LABEL = re.compile(r"most (read|popular|viewed)|advert|sponsored|related|recommended", re.IGNORECASE)
_CONTENT = (
    "[itemprop=articleBody], .entry-content, .post-content, .article-body, .article-content, "
    ".story-body, .story-content, main, [role=main]"
)
# A smaller container holding this share of the largest one's paragraph text is the article itself.
_ENOUGH_TEXT = 0.8


def parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def is_noise(node: LexborNode) -> bool:
    attrs = node.attributes
    tokens = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".split()
    if any(_NOISE_TOKEN.search(token) for token in tokens):
        return True
    return bool(_NOISE_LABEL.search(attrs.get("aria-label") or ""))


def inside_noise(node: LexborNode, root: LexborNode | None = None) -> bool:
    parent = node.parent
    while parent is not None and (root is None or parent.mem_id != root.mem_id) and parent.tag not in ("body", "html"):
        if parent.tag in ("nav", "aside", "footer") or is_noise(parent):
            return True
        parent = parent.parent
    return False


def content_root(tree: LexborHTMLParser) -> LexborNode | None:
    """The element holding the article: the <article> with most text, else the tightest content block."""
    articles = [n for n in tree.css("article") if not inside_noise(n) and not is_noise(n)]
    if articles:
        return max(articles, key=paragraph_chars)
    body = tree.body
    candidates = [n for n in tree.css(_CONTENT) if not inside_noise(n) and not is_noise(n)]
    if body is not None:
        candidates.append(body)
    if not candidates:
        return None
    most = max(paragraph_chars(n) for n in candidates)
    enough = [n for n in candidates if paragraph_chars(n) >= _ENOUGH_TEXT * most]
    return min(enough, key=lambda n: len(n.html or ""))


def strip_noise(root: LexborNode) -> None:
    """Remove what is not the article from `root` (in place)."""
    doomed = descendants(root, _ALWAYS_NOISE)
    # Without an article element, page headers and footers are the site's.
    doomed += descendants(root, "header, footer" if root.tag == "body" else "footer")
    doomed += [n for n in descendants(root, "[class], [id], [aria-label]") if is_noise(n)]
    marked = {node.mem_id for node in doomed}
    for node in doomed:
        if not _has_marked_ancestor(node, marked):  # a removed parent takes its children with it
            node.decompose()


def _has_marked_ancestor(node: LexborNode, marked: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in marked:
            return True
        parent = parent.parent
    return False


def descendants(node: LexborNode, selector: str) -> list[LexborNode]:
    """Matches of `selector` under `node`; lexbor's own css() also matches the node itself."""
    return [n for n in node.css(selector) if n.mem_id != node.mem_id]


def paragraph_chars(node: LexborNode) -> int:
    return sum(len(p.text(strip=True)) for p in node.css("p"))


def text_of(node: LexborNode) -> str:
    return " ".join(node.text(separator=" ").split())
