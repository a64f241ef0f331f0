"""Where a page's images are: references made absolute, srcset candidates chosen."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Enough pixels for CLIP (224 px) and a thumbnail without downloading a 4000 px original.
PREFERRED_WIDTH = 800
_DESCRIPTOR = re.compile(r"^(\d+(?:\.\d+)?)([wx])$")


def is_http(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def resolve(base: str, ref: str) -> str | None:
    """`ref` as an absolute URL (or, for a page read from a file, a local path); None if unusable."""
    ref = ref.strip()
    if not ref or ref.startswith(("javascript:", "about:", "blob:", "#")):
        return None
    if ref.startswith("data:"):
        return ref
    if is_http(base):
        absolute = urljoin(base, ref)
        return absolute if is_http(absolute) else None
    if ref.startswith("//"):
        return "https:" + ref
    if is_http(ref):
        return ref
    if ref.startswith("file://"):
        return unquote(urlsplit(ref).path)
    path = unquote(urlsplit(ref).path)  # a saved page's "img.jpg?w=320" is the file img.jpg
    return os.path.normpath(Path(base).parent / path) if path else None


def parse_srcset(value: str) -> list[tuple[str, float, str]]:
    """(url, size, unit) per candidate of a srcset; unit 'w' (width) or 'x' (density)."""
    candidates: list[tuple[str, float, str]] = []
    pos, end = 0, len(value)
    while pos < end:
        while pos < end and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < end and not value[pos].isspace():
            pos += 1
        url, descriptor = value[start:pos], ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            mark = pos
            while pos < end and value[pos] != ",":
                pos += 1
            descriptor = value[mark:pos].strip()
        if url:
            match = _DESCRIPTOR.match(descriptor)
            candidates.append((url, float(match[1]), match[2]) if match else (url, 1.0, "x"))
    return candidates


def best_candidate(candidates: list[tuple[str, float, str]]) -> str | None:
    """The smallest width-described candidate of at least PREFERRED_WIDTH, else the largest one."""
    if not candidates:
        return None
    widths = [c for c in candidates if c[2] == "w"]
    if widths:
        big_enough = [c for c in widths if c[1] >= PREFERRED_WIDTH]
        return (min(big_enough, key=lambda c: c[1]) if big_enough else max(widths, key=lambda c: c[1]))[0]
    return max(candidates, key=lambda c: c[1])[0]


def without_query(url: str) -> str:
    """The URL without query and fragment: renditions of one image often differ only there."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.scheme else parts.path
