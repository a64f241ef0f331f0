"""HTML reduced to text the way a reader sees it: inline tags joined, blocks on their own lines."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from app.audit.urls import parse_srcset
from app.engine.text import html_to_text


def block_text(html: object) -> str:
    """Text with a line per block (paragraph, heading, list item); entities decoded.

    A CMS field of the wrong type (a number, a list) reads as no text, so the adapter's
    "missing or empty" error names the field instead of the service failing."""
    return html_to_text(html) if isinstance(html, str) and html.strip() else ""


def inline_text(html: object) -> str:
    """One line of text from an HTML fragment (a caption, a headline)."""
    return " ".join(block_text(html).splitlines())


def node_text(node: LexborNode | None) -> str:
    return inline_text(node.html) if node is not None else ""


def largest_in_srcset(srcset: str) -> str | None:
    """The widest candidate of an img srcset ("a.jpg 300w, b.jpg 1024w"), else its first."""
    candidates = parse_srcset(srcset)
    return max(candidates, key=lambda candidate: candidate[1])[0] if candidates else None
