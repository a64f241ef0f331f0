"""The newsroom web form and report pages: server-rendered HTML, no JavaScript needed.

GET  /                                   the form (`?figures=N` shows N figure slots)
POST /                                   check the article -> 303 to its report, or the form again (422)
GET  /checks                             recent checks, newest first (`?before=<cursor>` pages on)
GET  /checks/{id}                        one report
GET  /checks/{id}/figures/{i}/thumbnail  the stored JPEG thumbnail of figure i
GET  /checks/{id}/figures/{i}/text-boxes the thumbnail with the text read in the photo boxed
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

import anyio
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from app.errors import CaptioncheckError, InputError
from app.http.problems import Problem
from app.http.session import CSRF_FIELD
from app.reports.evidence import (
    HOW_TO_ADD_WEIGHTS,
    IMAGE_CHECKS_OFF,
    image_checks_off,
    overlay_jpeg,
    photo_metadata,
    words_read,
)
from app.schema import rank_of
from app.service import CheckService
from app.web import login
from app.web.form import (
    DEFAULT_SLOTS,
    MORE_SLOTS,
    ArticleForm,
    apply_input_error,
    blank_form,
    build_article,
    form_limits,
    read_form,
    slot_count,
)
from app.web.pages import FIGURE_VERDICTS, HERE, render

_IMAGE_HEADERS = {"Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff"}
SCORE_LABELS = {
    "image_caption": "Photo fits caption",
    "caption_article": "Caption fits story",
    "image_article": "Photo fits story",
}

router = APIRouter(include_in_schema=False)


def mount(app: FastAPI) -> None:
    """Add the web pages (sign-in included) and their static files to `app`."""
    app.include_router(router)
    app.include_router(login.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="web-static")


def _service(request: Request) -> CheckService:
    return request.app.state.service


def _csrf_ok(request: Request, token: object) -> bool:
    session = getattr(request.state, "session", None)
    return session is not None and session.csrf_matches(token)


def _not_found(request: Request, message: str) -> HTMLResponse:
    return render(request, "not_found.html", {"message": message}, status=404)


def _form_page(request: Request, form: ArticleForm, status: int = 200) -> HTMLResponse:
    settings = _service(request).settings
    more = min(len(form.figures) + MORE_SLOTS, settings.max_figures)
    why_no_clip = _clip_unavailable(request)
    context = {"form": form, "max_figures": settings.max_figures, "more_slots": more,
               "max_image_mb": f"{settings.max_image_bytes / (1024 * 1024):g}",
               "no_clip": _banner(why_no_clip) if why_no_clip is not None else None}
    return render(request, "form.html", context, status)


def _clip_unavailable(request: Request) -> str | None:
    """Why this service runs without CLIP (set at start-up); None when image checks run."""
    why = getattr(request.app.state, "clip_unavailable", None)
    return why if isinstance(why, str) else None


def _banner(why: str | None) -> dict[str, str | None]:
    """The offline banner's text: image–caption checks are off, how to add the weights, and why."""
    return {"title": IMAGE_CHECKS_OFF, "how": HOW_TO_ADD_WEIGHTS, "why": why}


def _report_banner(request: Request, report: dict[str, Any]) -> dict[str, str | None] | None:
    """A report shows the banner when its photos were not compared with their captions, or when
    it ran without CLIP on a service that has none now (a caption-only check offline)."""
    off = image_checks_off(report)
    now = _clip_unavailable(request)
    if off is not None:
        return _banner(off.why or now)
    if now is not None and (report.get("models") or {}).get("clip") is None:
        return _banner(now)
    return None


@router.get("/", response_class=HTMLResponse, name="web-form")
async def form_page(request: Request, figures: str = str(DEFAULT_SLOTS)) -> HTMLResponse:
    return _form_page(request, blank_form(slot_count(figures, _service(request).settings)))


@router.post("/", response_class=HTMLResponse)
async def submit(request: Request) -> Response:
    service = _service(request)
    try:
        data = await request.form(**form_limits(service.settings))
    except (MultiPartException, StarletteHTTPException) as exc:
        # Starlette turns a parser refusal (too many fields or files, a part too large) into
        # HTTPException(400); a person should get the form back, not a JSON problem.
        reason = exc.detail if isinstance(exc, StarletteHTTPException) else str(exc)
        form = blank_form(DEFAULT_SLOTS)
        form.errors["form"] = f"The form could not be read ({reason}). Please fill it in again."
        return _form_page(request, form, 400)
    try:
        form, uploads = await read_form(data, service.settings)
        fresh_form = not _csrf_ok(request, data.get(CSRF_FIELD))
    finally:
        await data.close()
    if fresh_form:
        form.errors["form"] = ("This form had expired or came from another site, so nothing was checked. "
                               "Check the fields, choose the photos again and send it once more.")
        return _form_page(request, form, 403)
    built = build_article(form, uploads)
    if built is None:
        return _form_page(request, form, 422)
    article, figure_uploads = built
    try:
        with request.app.state.check_gate.enter():
            report = await anyio.to_thread.run_sync(lambda: service.run(article, figure_uploads, source="web"))
    except Problem as busy:  # the check queue is full
        form.errors["form"] = "The service is busy with other checks. Please send the form again in a few seconds."
        response = _form_page(request, form, busy.status)
        response.headers.update(busy.headers)
        return response
    except InputError as err:
        apply_input_error(form, err)
        return _form_page(request, form, 422)
    except CaptioncheckError as err:  # models or database unavailable: say so, keep the input
        form.errors["form"] = f"The check could not run: {err}"
        return _form_page(request, form, 503)
    return RedirectResponse(f"{request.scope.get('root_path', '')}/checks/{report.id}", status_code=303)


@router.get("/checks", response_class=HTMLResponse, name="web-checks")
async def checks_page(request: Request, before: str | None = None) -> HTMLResponse:
    service = _service(request)
    try:
        page = await anyio.to_thread.run_sync(lambda: service.store.list(service.settings.page_size, before))
    except ValueError:
        return render(request, "checks.html", {"items": [], "next_cursor": None, "bad_cursor": True}, 400)
    items = [{**asdict(item), "when": _when(item.created_at)} for item in page.items]
    context = {"items": items, "next_cursor": page.next_cursor, "bad_cursor": False, "first": before is None}
    return render(request, "checks.html", context)


@router.get("/checks/{check_id}", response_class=HTMLResponse, name="web-check")
async def check_page(request: Request, check_id: str) -> HTMLResponse:
    report = await anyio.to_thread.run_sync(_service(request).store.get, check_id)
    if report is None:
        return _not_found(request, "There is no check with this id. It may have been deleted after "
                                   "the retention period, or the link is incomplete.")
    context = {"report": report, "created": _when(report.get("created_at")),
               "figures": [_figure_view(fig) for fig in report.get("figures", [])],
               "no_clip": _report_banner(request, report)}
    return render(request, "report.html", context)


@router.get("/checks/{check_id}/figures/{index}/thumbnail", name="web-thumbnail")
async def thumbnail(request: Request, check_id: str, index: str) -> Response:
    found = None
    if index.isdigit() and len(index) < 7:
        found = await anyio.to_thread.run_sync(_service(request).store.thumbnail, check_id, int(index))
    if found is None:
        return _not_found(request, "There is no stored photo for this figure.")
    data, mime = found
    return Response(data, media_type=mime, headers=_IMAGE_HEADERS)


@router.get("/checks/{check_id}/figures/{index}/text-boxes", name="web-text-boxes")
async def text_boxes(request: Request, check_id: str, index: str) -> Response:
    drawn = None
    if index.isdigit() and len(index) < 7:
        drawn = await anyio.to_thread.run_sync(_boxed_thumbnail, _service(request), check_id, int(index))
    if drawn is None:
        return _not_found(request, "No text was read in this figure's photo.")
    return Response(drawn, media_type="image/jpeg", headers=_IMAGE_HEADERS)


def _boxed_thumbnail(service: CheckService, check_id: str, index: int) -> bytes | None:
    """The stored thumbnail with the words read in the photo boxed; None when there is none."""
    report = service.store.get(check_id)
    figures = (report or {}).get("figures") or []
    figure = next((f for f in figures if isinstance(f, dict) and f.get("index") == index), None)
    found = service.store.thumbnail(check_id, index) if figure is not None else None
    return overlay_jpeg(found[0], figure) if found is not None and figure is not None else None


def _figure_view(figure: dict[str, Any]) -> dict[str, Any]:
    """A report figure with what the template shows: labels, ordered reasons, formatted scores."""
    # Most serious first; a severity this version does not know goes last.
    reasons = sorted(figure.get("reasons", []), key=lambda r: -rank_of(r.get("severity"), unknown=-1))
    scores = [(SCORE_LABELS.get(name, name), f"{value:.2f}")
              for name, value in (figure.get("scores") or {}).items() if isinstance(value, (int, float))]
    verdict = figure.get("verdict", "review")
    return {**figure, "number": figure.get("index", 0) + 1, "reasons": reasons, "score_rows": scores,
            "verdict": verdict if verdict in FIGURE_VERDICTS else "review",
            "metadata": photo_metadata(figure), "words": words_read(figure)}


def _when(stamp: object) -> str:
    """An ISO 8601 timestamp for people: '2024-05-01 14:03 UTC'."""
    if not isinstance(stamp, str):
        return ""
    try:
        parsed = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    zone = parsed.strftime(" %Z") if parsed.tzinfo else ""
    return parsed.strftime("%Y-%m-%d %H:%M") + zone
