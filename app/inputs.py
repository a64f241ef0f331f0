"""Reading articles from JSON / JSONL text, with errors that name the file, line and field."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from app.errors import InputError
from app.schema import ArticleIn


@dataclass(frozen=True)
class ArticleInput:
    """One article from a source, or the error that stopped it from being read."""

    source: str  # "file.jsonl:3"
    base_dir: Path | None
    article: ArticleIn | None = None
    error: InputError | None = None


class JsonUnreadable(ValueError):
    """Text that json cannot decode: `reason` for a person, `line` when the parser knows it."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def decode_json(text: str) -> object:
    """json.loads whose every failure is a JsonUnreadable, never a RecursionError or a bare ValueError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonUnreadable(f"malformed JSON ({exc.msg} at column {exc.colno})", exc.lineno) from None
    except RecursionError:
        raise JsonUnreadable("malformed JSON (objects and arrays nested too deeply)") from None
    except ValueError:  # the interpreter's cap on the digits of one integer (sys.get_int_max_str_digits)
        raise JsonUnreadable(f"malformed JSON (a number longer than {sys.get_int_max_str_digits():,} digits)") from None


def parse_article(data: object, source: str | None = None) -> ArticleIn:
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object, got {type(data).__name__}", source=source)
    try:
        return ArticleIn.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(_describe(first), source=source, field=_field_path(first["loc"])) from exc


def read_articles(path: str, stdin_text: str | None = None) -> Iterator[ArticleInput]:
    """Articles from a .json file (object or list), a .jsonl file, or '-' (stdin)."""
    if path == "-":
        yield from _from_text(stdin_text or "", "<stdin>", Path.cwd(), jsonl=None)
        return
    file = Path(path)
    try:
        text = file.read_text("utf-8")
    except FileNotFoundError:
        yield ArticleInput(path, None, error=InputError("file not found", source=path))
        return
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
        yield ArticleInput(path, None, error=InputError(f"cannot read file ({exc})", source=path))
        return
    jsonl = True if file.suffix.lower() in (".jsonl", ".ndjson") else None
    yield from _from_text(text, path, file.resolve().parent, jsonl=jsonl)


def _from_text(text: str, name: str, base_dir: Path, jsonl: bool | None) -> Iterator[ArticleInput]:
    if not text.strip():
        yield ArticleInput(name, base_dir, error=InputError("no input (empty)", source=name))
        return
    if jsonl is None:
        try:
            whole = decode_json(text)
        except JsonUnreadable as exc:
            if not _first_line_is_json(text):
                where = f"{name}:{exc.line}" if exc.line else name
                yield ArticleInput(name, base_dir, error=InputError(exc.reason, source=where))
                return
        else:
            yield from _from_document(whole, name, base_dir)
            return
    yield from _from_lines(text, name, base_dir)


def _first_line_is_json(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        decode_json(first)
    except JsonUnreadable:
        return False
    return True


def _from_document(whole: object, name: str, base_dir: Path) -> Iterator[ArticleInput]:
    items = whole if isinstance(whole, list) else [whole]
    for number, item in enumerate(items):
        source = f"{name}[{number}]" if isinstance(whole, list) else name
        yield _one(item, source, base_dir)


def _from_lines(text: str, name: str, base_dir: Path) -> Iterator[ArticleInput]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source = f"{name}:{number}"
        try:
            data = decode_json(line)
        except JsonUnreadable as exc:
            yield ArticleInput(source, base_dir, error=InputError(exc.reason, source=source))
            continue
        yield _one(data, source, base_dir)


def _one(data: object, source: str, base_dir: Path) -> ArticleInput:
    try:
        return ArticleInput(source, base_dir, article=parse_article(data, source))
    except InputError as exc:
        return ArticleInput(source, base_dir, error=exc)


def _field_path(loc: tuple) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(article)"


def _describe(error: dict) -> str:
    if error["type"] == "missing":
        return "required field is missing"
    return str(error["msg"]).removeprefix("Value error, ")
