"""Labelled data sets: image-caption pairs (NewsCLIPpings shape) or articles (dev.jsonl shape)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.errors import InputError
from app.inputs import JsonUnreadable, decode_json, parse_article
from app.schema import ArticleIn

Kind = Literal["pairs", "articles"]
FALSIFIED, PRISTINE = "falsified", "pristine"


@dataclass(frozen=True)
class Pair:
    image: Path
    caption: str
    falsified: bool


@dataclass(frozen=True)
class LabelledArticle:
    article: ArticleIn
    expected_flags: list[bool]  # per figure
    kinds: list[str | None]


def read_rows(path: Path) -> list[dict]:
    rows = []
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", source=str(path)) from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = decode_json(line)
        except JsonUnreadable as exc:
            raise InputError(exc.reason, source=f"{path}:{number}") from None
        if not isinstance(row, dict):
            raise InputError("each line must be a JSON object", source=f"{path}:{number}")
        rows.append(row | {"_line": number})
    if not rows:
        raise InputError("the data set is empty", source=str(path))
    return rows


def detect_kind(path: Path, rows: list[dict]) -> Kind:
    if "figures" in rows[0]:
        return "articles"
    if {"image", "caption", "label"} <= rows[0].keys():
        return "pairs"
    raise InputError("unknown data set shape: expected lines of {image, caption, label} "
                     "or articles with figures[].expected", source=f"{path}:{rows[0]['_line']}")


def load_pairs(path: Path, rows: list[dict]) -> list[Pair]:
    pairs = []
    for row in rows:
        where = f"{path}:{row['_line']}"
        label = str(row.get("label", "")).lower()
        if label not in (FALSIFIED, PRISTINE):
            raise InputError(f"label must be {PRISTINE!r} or {FALSIFIED!r}", source=where, field="label")
        if not isinstance(row.get("caption"), str) or not isinstance(row.get("image"), str):
            raise InputError("image and caption must be strings", source=where)
        image = Path(row["image"])
        pairs.append(Pair(image if image.is_absolute() else path.parent / image, row["caption"], label == FALSIFIED))
    return pairs


def load_articles(path: Path, rows: list[dict]) -> list[LabelledArticle]:
    out = []
    for row in rows:
        where = f"{path}:{row['_line']}"
        figures = row.get("figures") or []
        if not isinstance(figures, list) or not all(isinstance(f, dict) for f in figures):
            raise InputError("figures must be a list of objects", source=where, field="figures")
        expected = [f.get("expected") for f in figures]
        if any(e not in ("flag", "consistent") for e in expected):
            raise InputError("every figure needs expected: flag | consistent", source=where, field="figures")
        clean = {k: v for k, v in row.items() if k != "_line"}
        out.append(LabelledArticle(parse_article(clean, where), [e == "flag" for e in expected],
                                   [f.get("kind") for f in figures]))
    return out


def data_set_names(paths: list[Path]) -> list[str]:
    """A name per data set for reports and model provenance: the file name, or the path as
    given where two files share a name (two `dev.jsonl` must not be counted as one)."""
    names = [path.name for path in paths]
    return [str(path) if names.count(path.name) > 1 else path.name for path in paths]
