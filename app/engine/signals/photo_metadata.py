"""What the photo file says about itself (IPTC, XMP, EXIF, GPS, C2PA) against the caption and story.

The metadata is read from the original bytes when the image is decoded
(app/engine/photo_metadata). Its absence is never a flag: content systems strip it. What
the file says is always shown (`photo_metadata_found`), so a reviewer sees it beside the
draft caption; a place or date that disagrees gives `photo_metadata_conflict`, a declared
generative-AI source `image_ai_generated`, and content credentials their verdict.
"""

from __future__ import annotations

from typing import Any

from app.engine.photo_metadata import PhotoMetadata, Provenance
from app.engine.photo_metadata.compare_dates import DateConflict, date_conflict, file_date
from app.engine.photo_metadata.compare_places import FilePlace, PlaceConflict, file_places, place_conflict
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Need, Signal
from app.engine.signals.dates_messages import how_long
from app.engine.signals.places import ArticlePlaces
from app.engine.signals.places_story import analyse_article_places
from app.errors import short_error
from app.schema import Reason
from app.settings import Severity

PHOTO_METADATA_CONFLICT = "photo_metadata_conflict"
IMAGE_AI_GENERATED = "image_ai_generated"
PROVENANCE_VERIFIED = "provenance_verified"
PROVENANCE_INVALID = "provenance_invalid"
PHOTO_METADATA_UNREADABLE = "photo_metadata_unreadable"
PHOTO_METADATA_FOUND = "photo_metadata_found"
# IPTC digital source types (http://cv.iptc.org/newscodes/digitalsourcetype/) that declare AI.
AI_SOURCE_TYPES = {
    "trainedAlgorithmicMedia": "was made by a generative AI model",
    "compositeWithTrainedAlgorithmicMedia": "was partly made or edited with generative AI",
    "compositeSynthetic": "is a composite that includes synthetic elements",
}
_MAX_LISTED = 3
_SHOWN = (("caption", "caption"), ("place", "place"), ("date", "date"), ("camera_time", "camera time"),
          ("credit", "credit"), ("byline", "by"), ("digital_source_type", "source type"))


def metadata_reasons(ctx: CheckContext, index: int, meta: PhotoMetadata) -> list[Reason]:
    caption = ctx.prepared.article.figures[index].caption
    reasons = [*_conflicts(ctx, caption, meta), *_ai_reasons(meta)]
    if meta.provenance is not None:
        reasons.append(_provenance_reason(meta.provenance))
    if meta.problems:
        reasons.append(make_reason(
            PHOTO_METADATA_UNREADABLE, Severity.info,
            "Some of the photo file's metadata could not be read and was ignored: " + "; ".join(meta.problems[:3]),
            problems=list(meta.problems),
        ))
    if not meta.empty:
        reasons.append(_summary_reason(meta))
    return reasons


def _conflicts(ctx: CheckContext, caption: str, meta: PhotoMetadata) -> list[Reason]:
    reasons: list[Reason] = []
    place = place_conflict(meta, caption, lambda: _combined_places(ctx, caption))
    if place is not None:
        reasons.append(_place_reason(place))
    published = ctx.prepared.published
    when = date_conflict(meta, caption, ctx.prepared.full_text, published or ctx.today, published is not None,
                         ctx.settings.date_tolerance_days)
    if when is not None:
        reasons.append(_date_reason(when, published is not None))
    return reasons


def _combined_places(ctx: CheckContext, caption: str) -> ArticlePlaces:
    return ctx.memo(f"caption_and_story_places:{caption}",
                    lambda: analyse_article_places(f"{caption}\n{ctx.prepared.full_text}"))


def _place_reason(conflict: PlaceConflict) -> Reason:
    file = conflict.file
    said = _file_says(file)
    if conflict.distance_km is not None:
        caption = _join(conflict.caption_places)
        message = f"{said}, {conflict.distance_km:,.0f} km from {caption}, where the caption places it."
    elif conflict.caption_places:
        message = (f"{said}, but the caption places it in {_join(conflict.caption_places)} "
                   f"and the story names {_join(conflict.story_places)}.")
    else:
        message = f"{said}, but the caption and story name only {_join(conflict.story_places)}."
    return make_reason(
        PHOTO_METADATA_CONFLICT, conflict.severity, message,
        kind="place", source=file.source, field=file.field, value=file.value,
        file_countries=sorted(file.place.countries), caption_places=list(conflict.caption_places),
        story_places=list(conflict.story_places[:10]), distance_km=conflict.distance_km,
        also_disagree=list(conflict.others),
    )


def _file_says(file: FilePlace) -> str:
    if file.source == "gps":
        return f"The photo's GPS position ({file.value}) is near {file.place.name}"
    return f"The photo file places it in {file.value} ({file.source.upper()} {file.field})"


def _date_reason(conflict: DateConflict, published: bool) -> Reason:
    file = conflict.file
    story = f"the story's date ({conflict.story_date.isoformat()})" if published else "today, the draft's date"
    said = f"The photo file dates it to {file.when.isoformat()} ({file.source.upper()} {file.field})"
    if conflict.problem == "after":
        message = f"{said}, after {story}."
    elif conflict.problem == "caption":
        message = f"{said}, but the caption dates it to {_join(conflict.caption_dates)}."
    else:
        message = (f"{said}, {how_long((conflict.story_date - file.when).days)} before {story}, but the caption "
                   "presents it as current (it does not say file or archive photo).")
    return make_reason(
        PHOTO_METADATA_CONFLICT, conflict.severity, message,
        kind="date", source=file.source, field=file.field, value=file.value,
        file_date=file.when.isoformat(), story_date=conflict.story_date.isoformat(),
        caption_dates=list(conflict.caption_dates), days_before=(conflict.story_date - file.when).days,
    )


def _ai_reasons(meta: PhotoMetadata) -> list[Reason]:
    declared = [(s.source, s.field, s.value) for s in meta.of("digital_source_type")]
    if meta.provenance is not None:
        declared = [("c2pa", "c2pa.actions digitalSourceType", v) for v in meta.provenance.source_types] + declared
    for source, field, value in declared:
        code = value.rstrip("/").rsplit("/", 1)[-1]
        if code in AI_SOURCE_TYPES:
            signed = source == "c2pa" and meta.provenance is not None and meta.provenance.state != "invalid"
            message = (f"The photo file declares that the image {AI_SOURCE_TYPES[code]} "
                       f"({source.upper()} {field}: {code}){' in signed content credentials' if signed else ''}.")
            return [make_reason(IMAGE_AI_GENERATED, Severity.mismatch, message,
                                source=source, field=field, value=value, signed=signed)]
    return []


def _provenance_reason(provenance: Provenance) -> Reason:
    signer = provenance.signer or "an unnamed signer"
    evidence = _provenance_evidence(provenance)
    if provenance.state == "invalid":
        failed = ", ".join(provenance.failures[:_MAX_LISTED]) or "validation failed"
        return make_reason(
            PROVENANCE_INVALID, Severity.info,
            f"The photo carries C2PA content credentials from {signer} that do not validate ({failed}): "
            "the image or its manifest changed after signing, or the manifest is damaged.",
            **evidence,
        )
    trust = ("its certificate chains to a configured trust anchor" if provenance.state == "trusted" else
             "the signature is intact, but the signer's certificate is not among the trust anchors "
             "(CAPTIONCHECK_C2PA_TRUST_ANCHORS), so who signed is unconfirmed")
    return make_reason(
        PROVENANCE_VERIFIED, Severity.info,
        f"The photo carries valid C2PA content credentials signed by {signer}; {trust}.",
        **evidence,
    )


def _provenance_evidence(provenance: Provenance) -> dict[str, Any]:
    return {
        "source": "c2pa", "state": provenance.state, "signer": provenance.signer,
        "trusted": provenance.state == "trusted", "signed_at": provenance.signed_at,
        "generator": provenance.generator, "failures": list(provenance.failures),
    }


def _summary_reason(meta: PhotoMetadata) -> Reason:
    summary = photo_summary(meta)
    shown = [f"{label}: {summary[key].rstrip('.')}" for key, label in _SHOWN if isinstance(summary.get(key), str)]
    if isinstance(summary.get("gps"), dict) and summary["gps"]["near"]:
        shown.append(f"GPS: near {summary['gps']['near']}")
    if meta.provenance is not None:
        shown.append(f"content credentials: {meta.provenance.state}, signed by {meta.provenance.signer or 'unknown'}")
    message = "The photo file says: " + ("; ".join(shown) if shown else "only technical details") + "."
    return make_reason(PHOTO_METADATA_FOUND, Severity.info, message, **summary)


def photo_summary(meta: PhotoMetadata) -> dict[str, Any]:
    """What the file says about itself, compactly, with where each value came from."""
    summary: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for key, kind in (("caption", "caption"), ("camera_time", "camera_time"), ("byline", "byline"),
                      ("credit", "credit"), ("source", "source"), ("camera", "camera"),
                      ("digital_source_type", "digital_source_type")):
        stated = meta.first(kind)  # type: ignore[arg-type]
        if stated is not None:
            summary[key], sources[key] = stated.value, stated.label
    places = file_places(meta)
    place = next((p for p in places if p.source in ("iptc", "xmp") and not p.from_caption), None)
    if place is not None:
        summary["place"], sources["place"] = place.value, f"{place.source.upper()} {place.field}"
    when = file_date(meta)
    if when is not None:
        summary["date"], sources["date"] = when.when.isoformat(), f"{when.source.upper()} {when.field}"
    if meta.gps is not None:
        near = next((p.place.name for p in places if p.position == (meta.gps.latitude, meta.gps.longitude)), None)
        summary["gps"] = {"latitude": round(meta.gps.latitude, 6), "longitude": round(meta.gps.longitude, 6),
                          "near": near}
        sources["gps"] = meta.gps.field
    if meta.provenance is not None:
        summary["provenance"] = _provenance_evidence(meta.provenance)
    summary["sources"] = sources
    return summary


def _join(items: tuple[str, ...] | list[str]) -> str:
    listed = list(items)[:_MAX_LISTED]
    if not listed:
        return "no place"
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} and {listed[-1]}"


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    for index, image in sorted(ctx.images.items()):
        if image.metadata is not None and index < ctx.figure_count:
            findings.add(index, *_guarded_reasons(ctx, index, image.metadata))
    return findings


def _guarded_reasons(ctx: CheckContext, index: int, meta: PhotoMetadata) -> list[Reason]:
    # The values compared come from an untrusted file: whatever they hold, the check goes on.
    try:
        return metadata_reasons(ctx, index, meta)
    except Exception as exc:  # noqa: BLE001
        return [make_reason(PHOTO_METADATA_UNREADABLE, Severity.info,
                            f"The photo file's metadata could not be compared ({short_error(exc)}); ignored.",
                            problems=[short_error(exc)])]


SIGNAL = Signal(
    name="photo_metadata",
    codes=(PHOTO_METADATA_CONFLICT, IMAGE_AI_GENERATED, PROVENANCE_VERIFIED, PROVENANCE_INVALID,
           PHOTO_METADATA_UNREADABLE, PHOTO_METADATA_FOUND),
    needs=frozenset({Need.IMAGES}),
    run=_run,
)
