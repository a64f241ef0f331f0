"""JSON request bodies decoded with a depth limit: deep nesting is a 400, never a RecursionError.

The C parser itself gives up with RecursionError near the interpreter's recursion limit; a
body just inside that limit parses, but would then overflow the validators, the database's
JSON encoder or a report writer later on. No article, WordPress post or Arc XP story comes
near MAX_DEPTH, so anything deeper is refused as soon as it is decoded.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from app.http.problems import Problem

MAX_DEPTH = 64  # objects and arrays inside each other


def parse_json(raw: bytes | str, *, what: str = "the body", status: int = 400,
               title: str = "Malformed JSON", field: str | None = None) -> Any:
    """The decoded value; a `status` problem when `raw` is not JSON, a 400 when it nests too deeply."""
    extra = {"field": field} if field else {}
    try:
        data = json.loads(raw)
    except RecursionError:
        raise _too_deep(what, extra) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise Problem(status, title, f"{what} is not valid JSON ({exc})", **extra) from None
    except ValueError:  # the interpreter's cap on the digits of one integer (sys.get_int_max_str_digits)
        detail = f"{what} has a number longer than {sys.get_int_max_str_digits():,} digits"
        raise Problem(status, title, detail, **extra) from None
    if depth_over(data, MAX_DEPTH):
        raise _too_deep(what, extra)
    return data


def depth_over(value: Any, limit: int) -> bool:
    """True when objects and arrays nest more than `limit` deep (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if level > limit:
            return True
        stack.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _too_deep(what: str, extra: dict[str, str]) -> Problem:
    return Problem(400, "JSON nested too deeply",
                   f"{what} nests objects and arrays more than {MAX_DEPTH} levels deep", **extra)
