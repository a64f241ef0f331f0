#!/usr/bin/env python3
"""Which top-level packages of app/ import which, and any cycles between them.

Usage: python3 scripts/import_graph.py [--check]
  Prints one line per package with the packages it imports (imports inside functions
  included), then the cycles. --check exits 1 when there is a cycle or when the engine
  imports an interface, storage or archive package.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
# The engine must stay free of these: it knows nothing of HTTP, the CLI, storage or the archive.
ENGINE_FORBIDDEN = {"api", "web", "http", "webhooks", "cli", "audit", "storage", "archive", "service", "net"}


def top_level(path: Path) -> str:
    rel = path.relative_to(APP)
    return rel.parts[0].removesuffix(".py")


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "app" and len(parts) > 1:
                found.add(parts[1])
    return found


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    packages = {top_level(p) for p in APP.rglob("*.py") if p.name != "__init__.py" or p.parent != APP}
    for path in APP.rglob("*.py"):
        source = top_level(path)
        for target in imported_packages(path):
            if target != source and target in packages | {p.removesuffix(".py") for p in packages}:
                edges[source].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """Strongly connected components with more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[tuple[str, ...]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(tuple(sorted(component)))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def main() -> int:
    edges = graph()
    for source in sorted(edges):
        print(f"{source:12} -> {', '.join(sorted(edges[source]))}")
    found = cycles(edges)
    engine_bad = sorted(edges.get("engine", set()) & ENGINE_FORBIDDEN)
    print("cycles:", "; ".join(" <-> ".join(c) for c in found) or "none")
    print("engine imports from interface/storage/archive:", ", ".join(engine_bad) or "none")
    if "--check" in sys.argv and (found or engine_bad):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
