"""The documentation holds together: every relative link in README.md and docs/*.md points
to a file in the repository (and, for #anchors into Markdown, to a heading that exists),
and README.md stays a front page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

REPO = Path(__file__).resolve().parents[1]
README_LIMIT_BYTES = 15_000
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
_MARKDOWN = MarkdownIt("commonmark").enable("table")


def tokens(path: Path) -> list[Token]:
    return _MARKDOWN.parse(path.read_text("utf-8"))


def walk(items: list[Token]) -> Iterator[Token]:
    for token in items:
        yield token
        yield from walk(token.children or [])


def link_targets(path: Path) -> list[str]:
    """Targets of links and images, outside code blocks and code spans."""
    found: list[str] = []
    for token in walk(tokens(path)):
        if token.type == "link_open":
            found.append(str(token.attrGet("href")))
        elif token.type == "image":
            found.append(str(token.attrGet("src")))
    return found


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    items = tokens(path)
    for opening, inline in zip(items, items[1:]):
        if opening.type != "heading_open":
            continue
        text = "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))
        slug = github_anchor(text)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def broken_links(path: Path, root: Path = REPO) -> list[str]:
    problems: list[str] = []
    for target in link_targets(path):
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            continue  # http(s), mailto: not checked here (no network in tests)
        destination = (path.parent / unquote(parts.path)).resolve() if parts.path else path
        if not destination.is_relative_to(root):
            problems.append(f"{target}: outside the repository")
        elif not destination.exists():
            problems.append(f"{target}: no such file")
        elif parts.fragment and destination.suffix == ".md" and parts.fragment not in anchors(destination):
            problems.append(f"{target}: no heading #{parts.fragment} in {destination.relative_to(root)}")
    return problems


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_point_to_existing_files(document: Path) -> None:
    assert broken_links(document) == []


def test_the_documentation_pages_exist_and_link() -> None:
    names = {p.name for p in DOCUMENTS}
    required = {"api.md", "webhook.md", "audit.md", "archive.md", "security.md", "settings.md",
                "performance.md", "accuracy.md", "architecture.md", "contracts.md"}
    assert required <= names
    linked = {Path(urlsplit(t).path).name for t in link_targets(REPO / "README.md")}
    assert required <= linked, f"README.md does not link {sorted(required - linked)}"


def test_readme_is_a_front_page() -> None:
    size = (REPO / "README.md").stat().st_size
    assert size <= README_LIMIT_BYTES, f"README.md is {size} bytes; move detail into docs/"


def test_the_link_checker_catches_what_it_should(tmp_path: Path) -> None:
    """The checker itself: a missing file, a missing heading and a path out of the repository
    are reported; links in code and external URLs are not."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "api.md").write_text("# API\n\n## Errors\n", "utf-8")
    page = docs / "page.md"
    page.write_text(
        "# A heading: with `code`\n\n"
        "[ok](api.md#errors) [self](#a-heading-with-code) [web](https://example.org/x) ![img](api.md)\n"
        "[gone](nowhere.md) [bad anchor](api.md#no-such-heading) [out](../../etc/passwd)\n\n"
        "`[in code](missing.md)`\n\n```\n[in a block](missing-too.md)\n```\n",
        "utf-8",
    )
    assert broken_links(page, root=tmp_path) == [
        "nowhere.md: no such file",
        "api.md#no-such-heading: no heading #no-such-heading in docs/api.md",
        "../../etc/passwd: outside the repository",
    ]
