"""Sentences about an earlier use, so every renderer (JSON, table, form, HTML) shows the facts."""

from __future__ import annotations

from datetime import date

from app.engine.earlier_uses import ArchiveMatch

_MAX_QUOTE = 200


def describe_use(match: ArchiveMatch) -> str:
    """ "This photo ran on 8 March 2019 under 'House passes voting bill' (https://...), captioned '...'." """
    use = match.use
    subject = "This photo" if match.kind == "exact" else "A copy of this photo (resized, recompressed or cropped)"
    when = f"on {long_date(use.published)}" if use.published else "before"
    where = f" ({use.article_url})" if use.article_url else ""
    return f"{subject} ran {when} under '{_quote(use.headline)}'{where}, captioned '{_quote(use.caption)}'."


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def years_or_days(days: int) -> str:
    years = days / 365.25
    if years >= 1.5:
        return f"{years:.1f}".removesuffix(".0") + " years" if years < 10 else f"{years:.0f} years"
    if days >= 60:
        return f"{round(days / 30.44)} months"
    return f"{days} days"


def place_names(names: tuple[str, ...]) -> str:
    shown = list(dict.fromkeys(names))[:3]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _quote(text: str) -> str:
    flat = " ".join(text.split()).rstrip(".")
    return flat if len(flat) <= _MAX_QUOTE else flat[: _MAX_QUOTE - 1].rstrip() + "…"
