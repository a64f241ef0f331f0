"""Errors every interface maps to its own answer (CLI exit code, HTTP status)."""

from __future__ import annotations


class CaptioncheckError(Exception):
    """Base class; `str(err)` is a message a person can act on."""

    exit_code = 1


class InputError(CaptioncheckError):
    """The input is wrong: says which file, line and field."""

    exit_code = 2

    def __init__(self, message: str, *, source: str | None = None, field: str | None = None):
        self.source = source
        self.field = field
        self.detail = message
        where = ": ".join(part for part in (source, field) if part)
        super().__init__(f"{where}: {message}" if where else message)


class ModelUnavailable(CaptioncheckError):
    """Model weights cannot be had; the message says how to provide them."""

    exit_code = 3


def short_error(exc: BaseException) -> str:
    """An exception as a short phrase for a message: its text (else its type), cut at 160 characters."""
    text = str(exc) or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "..."
