"""Functions the pool tests run in worker processes (importable there, as pickled work must be)."""

from __future__ import annotations

import os

from app.pipeline.decode import DecodedImage, DecodeOptions, decode_outcome

CRASH = b"crash the decoder"


def decode_or_crash(data: bytes, source: str, field: str, options: DecodeOptions) -> DecodedImage | str:
    """decode_outcome, except that these bytes kill the worker outright, as a decoder crash would."""
    if data == CRASH:
        os._exit(70)
    return decode_outcome(data, source, field, options)


def worker_pid(_: object = None) -> int:
    return os.getpid()
