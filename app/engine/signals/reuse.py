"""`image_reused`: a photo the archive has seen before, judged against its new caption.

An earlier use conflicts when it puts the photo in another place (caption places against
the earlier caption and headline, and the other way round), when it ran long before this
story (beyond CAPTIONCHECK_DATE_TOLERANCE_DAYS) while this caption presents it as current,
or when its caption described another event (sentence-model similarity of the captions).
A place or event conflict is a mismatch; age alone asks for review (stock and file photos
are often reused honestly). A caption that says file or archive photo makes the reuse
information, unless it places the photo somewhere else than the archive does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from app.engine.earlier_uses import ArchiveMatch, EarlierUse, EarlierUses
from app.engine.article import PreparedArticle
from app.engine.encoders.base import TextEncoder
from app.engine.images import LoadedImage
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Need, Signal
from app.engine.signals.dates import find_scene_dates, says_archive
from app.engine.signals.places import ArticlePlaces, agrees
from app.engine.signals.places_story import analyse_article_places
from app.engine.signals.places_caption import caption_places
from app.engine.signals.reuse_wording import describe_use, place_names, years_or_days
from app.schema import Reason
from app.settings import Severity

# Sentence-model cosine below which two captions describe different events. Same-event
# pairs worded differently score 0.5-0.9 with all-MiniLM-L6-v2; unrelated events 0.0-0.4.
IMAGE_REUSED = "image_reused"
EVENT_MIN_SIMILARITY = 0.3
MAX_JUDGED = 10  # earlier uses judged per figure (oldest first)
PLACE, DATE, EVENT = "place", "date", "event"


@dataclass(frozen=True)
class Judgement:
    match: ArchiveMatch
    conflicts: dict[str, str]  # kind -> a sentence saying what conflicts


def reuse_reasons(
    prepared: PreparedArticle,
    images: Mapping[int, LoadedImage],
    archive: EarlierUses,
    text: TextEncoder,
    tolerance_days: int,
    today: date | None = None,
) -> dict[int, list[Reason]]:
    """One `image_reused` reason per figure whose photo ran in another article before."""
    story = _Story(prepared, prepared.published or today or date.today(), tolerance_days)
    reasons: dict[int, list[Reason]] = {}
    for index, image in sorted(images.items()):
        matches = archive.earlier_uses(image, prepared.article)
        if matches:
            caption = prepared.article.figures[index].caption
            reasons[index] = [_reason(caption, matches, story, text)]
    return reasons


class _Story:
    """The story being checked: its date (today for an undated draft) and, per caption, its places."""

    def __init__(self, prepared: PreparedArticle, when: date, tolerance_days: int) -> None:
        self.prepared, self.when, self.tolerance_days = prepared, when, tolerance_days
        self._places: dict[str, ArticlePlaces] = {}

    def places(self, caption: str) -> ArticlePlaces:
        if caption not in self._places:
            self._places[caption] = analyse_article_places(f"{caption}\n{self.prepared.full_text}")
        return self._places[caption]


def _reason(caption: str, matches: list[ArchiveMatch], story: _Story, text: TextEncoder) -> Reason:
    judged = matches[:MAX_JUDGED]
    events = _event_similarities(caption, [m.use for m in judged], text)
    judgements = [Judgement(m, _conflicts(caption, m.use, story, sim)) for m, sim in zip(judged, events)]
    archive_caption = says_archive(caption)
    if archive_caption:
        judgements = [Judgement(j.match, {k: v for k, v in j.conflicts.items() if k == PLACE}) for j in judgements]
    chosen = max(judgements, key=lambda j: _judged_severity(j).rank)  # the oldest of the most severe
    severity = _judged_severity(chosen)
    if chosen.conflicts:
        tail = " ".join(chosen.conflicts.values())
    elif archive_caption:
        tail = "This caption says it is a file or archive photo."
    else:
        tail = "The earlier use agrees with this caption (same place and event)."
    if not chosen.match.use.trusted:
        tail += " That page came from a site not listed as trusted, so this asks for review at most."
    message = f"{describe_use(chosen.match)} {tail}{_others(len(matches))}"
    return make_reason(IMAGE_REUSED, severity, message, **_evidence(chosen, matches))


def _judged_severity(judgement: Judgement) -> Severity:
    """An earlier use from an untrusted site (any page an audit was pointed at) never blocks."""
    severity = _severity(judgement.conflicts)
    if not judgement.match.use.trusted and severity.rank > Severity.review.rank:
        return Severity.review
    return severity


def _severity(conflicts: Mapping[str, str]) -> Severity:
    if PLACE in conflicts or EVENT in conflicts:
        return Severity.mismatch
    return Severity.review if conflicts else Severity.info


def _conflicts(caption: str, use: EarlierUse, story: _Story, event_similarity: float) -> dict[str, str]:
    found: dict[str, str] = {}
    place = _place_conflict(caption, use, story)
    if place:
        found[PLACE] = place
    age = _age_conflict(caption, use, story)
    if age:
        found[DATE] = age
    if event_similarity < EVENT_MIN_SIMILARITY:
        found[EVENT] = "The earlier caption describes a different event."
    return found


def _place_conflict(caption: str, use: EarlierUse, story: _Story) -> str | None:
    then = analyse_article_places(f"{use.caption}\n{use.headline}")
    now_places = caption_places(caption)
    if then.located and now_places and not any(agrees(p, then) for p in now_places):
        return (f"Then it was placed in {place_names(then.names)}; this caption places it in "
                f"{place_names(tuple(p.name for p in now_places))}.")
    then_places = caption_places(use.caption)
    if not then_places:
        return None
    now = story.places(caption)
    if now.located and not any(agrees(p, now) for p in then_places):
        return (f"Then it was placed in {place_names(tuple(p.name for p in then_places))}, "
                f"which this story never mentions.")
    return None


def _age_conflict(caption: str, use: EarlierUse, story: _Story) -> str | None:
    if use.published is None or says_archive(caption):
        return None
    gap = (story.when - use.published).days
    if gap <= story.tolerance_days:
        return None
    if any(when <= use.published or abs((when - use.published).days) <= story.tolerance_days
           for _, when in find_scene_dates(caption)):
        return None  # the caption dates the photo to its time: nothing is presented as new
    return (f"It ran {years_or_days(gap)} before this story, and this caption does not say "
            "it is a file or archive photo.")


def _event_similarities(caption: str, uses: list[EarlierUse], text: TextEncoder) -> list[float]:
    """For each use, the caption's best cosine with the earlier caption or headline."""
    vectors = text.encode([caption, *(u.caption for u in uses), *(u.headline for u in uses)])
    sims = vectors[1:] @ vectors[0]
    n = len(uses)
    return [float(v) for v in np.maximum(sims[:n], sims[n:])]


def _others(total: int) -> str:
    if total <= 1:
        return ""
    return f" It ran {total - 1} other time{'s' if total > 2 else ''} before too (see evidence)."


def _evidence(chosen: Judgement, matches: list[ArchiveMatch]) -> dict[str, object]:
    use, match = chosen.match.use, chosen.match
    return {
        "earlier_url": use.article_url, "earlier_headline": use.headline,
        "earlier_published": use.published.isoformat() if use.published else None,
        "earlier_caption": use.caption, "earlier_credit": use.credit, "earlier_image": use.image_url,
        "match": match.kind, "distance": match.distance, "similarity": match.similarity,
        "conflicts": sorted(chosen.conflicts), "earlier_uses": len(matches), "earlier_source": use.source,
        "other_uses": [
            {"url": m.use.article_url, "headline": m.use.headline,
             "published": m.use.published.isoformat() if m.use.published else None, "match": m.kind}
            for m in matches if m is not chosen.match
        ][:5],
    }


def _run(ctx: CheckContext) -> Findings:
    assert ctx.archive is not None  # guaranteed by Need.ARCHIVE
    found = reuse_reasons(ctx.prepared, ctx.images, ctx.archive, ctx.models.text(),
                          ctx.settings.date_tolerance_days, ctx.today)
    return Findings(reasons=found)


SIGNAL = Signal(
    name="reuse",
    codes=(IMAGE_REUSED,),
    needs=frozenset({Need.IMAGES, Need.ARCHIVE, Need.TEXT}),
    run=_run,
)
