"""Opaque keyset cursors: the (created_at, id) of the last row of a page."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime, timezone


def encode_cursor(created_at: datetime, check_id: str) -> str:
    payload = json.dumps([created_at.astimezone(timezone.utc).isoformat(), check_id])
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The (created_at, id) in `cursor`; ValueError when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        stamp, check_id = json.loads(raw.decode("utf-8"))
        if not isinstance(stamp, str) or not isinstance(check_id, str):
            raise TypeError("wrong types")
        created_at = datetime.fromisoformat(stamp)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as err:
        raise ValueError(
            f"invalid cursor {cursor[:40]!r}: pass the next_cursor of a previous page unchanged"
        ) from err
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=timezone.utc)
    return created_at, check_id
