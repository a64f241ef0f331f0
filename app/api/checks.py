"""/v1/checks: run a check (JSON or multipart) and read stored reports."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException

from app.engine.article import check_limits
from app.http.json_body import parse_json
from app.http.problems import Problem
from app.inputs import parse_article
from app.schema import ArticleIn, Report
from app.service import CheckService
from app.storage import CheckSummary

router = APIRouter(prefix="/v1/checks", tags=["checks"])

_ARTICLE_SCHEMA = ArticleIn.model_json_schema(ref_template="#/components/schemas/{model}")
_REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _ARTICLE_SCHEMA},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["article"],
                    "properties": {
                        "article": {"type": "string", "description": "the article JSON"},
                        "figure-0": {"type": "string", "format": "binary",
                                     "description": "image of figure 0 (figure-1, figure-2, ...)"},
                    },
                }
            },
        },
    }
}


def service_of(request: Request) -> CheckService:
    return request.app.state.service


@router.post("", status_code=201, response_model=Report, openapi_extra=_REQUEST_BODY)
async def create_check(request: Request) -> JSONResponse:
    """Check an article; answers 201 with the report and its Location."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        article, uploads = await _json_article(request), {}
    elif content_type == "multipart/form-data":
        article, uploads = await _multipart_article(request)
    else:
        raise Problem(415, "Unsupported media type",
                      "send the article as application/json, or as multipart/form-data with an "
                      "'article' field and figure-<index> files")
    service = service_of(request)
    check_limits(article, service.settings)  # before any image is fetched or decoded
    with request.app.state.check_gate.enter():  # 503 + Retry-After when the queue is full
        report = await anyio.to_thread.run_sync(lambda: service.run(article, uploads, source="api"))
    location = f"/v1/checks/{report.id}"
    return JSONResponse(report.model_dump(mode="json"), status_code=201, headers={"Location": location})


@router.get("/{check_id}", response_model=Report)
async def get_check(check_id: str, request: Request) -> JSONResponse:
    report = await anyio.to_thread.run_sync(service_of(request).store.get, check_id)
    if report is None:
        raise Problem(404, "Not found", f"no check with id {check_id!r}")
    return JSONResponse(report)


@router.get("")
async def list_checks(
    request: Request,
    limit: int = Query(20, ge=1, le=200, description="reports per page"),
    cursor: str | None = Query(None, description="next_cursor from the previous page"),
) -> JSONResponse:
    """Stored reports, newest first."""
    store = service_of(request).store
    try:
        page = await anyio.to_thread.run_sync(lambda: store.list(limit=limit, before=cursor))
    except ValueError as exc:
        raise Problem(422, "Invalid cursor", str(exc)) from None
    body = {"items": [_summary(item) for item in page.items], "next_cursor": page.next_cursor}
    headers = {}
    if page.next_cursor:
        headers["Link"] = f'</v1/checks?limit={limit}&cursor={page.next_cursor}>; rel="next"'
    return JSONResponse(body, headers=headers)


def _summary(item: CheckSummary) -> dict:
    return {**asdict(item), "href": f"/v1/checks/{item.id}"}


async def _json_article(request: Request) -> ArticleIn:
    return parse_article(parse_json(await request.body()))


async def _multipart_article(request: Request) -> tuple[ArticleIn, dict[int, bytes]]:
    settings = service_of(request).settings
    try:
        form = await request.form(max_files=settings.max_figures, max_fields=settings.max_figures + 10,
                                  max_part_size=settings.max_text_chars * 4)
    except MultiPartException as exc:
        raise Problem(400, "Malformed form", f"could not read the multipart body ({exc})") from None
    field = await _article_field(form.get("article"), settings.max_text_chars * 4)
    data = parse_json(field, what="the 'article' field", status=422, title="Invalid article", field="article")
    return parse_article(data), await _uploads(form, settings.max_image_bytes)


async def _article_field(value: str | UploadFile | None, max_bytes: int) -> str | bytes:
    """The article JSON, sent as a plain field or as a file part (curl -F article=@article.json)."""
    if value is None:
        raise Problem(422, "Invalid article", "the multipart body needs an 'article' field holding the article JSON",
                      field="article")
    if isinstance(value, str):
        return value
    data = await value.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Problem(413, "Article too large", f"the 'article' file is over the limit of {max_bytes:,} bytes",
                      field="article")
    return data


async def _uploads(form: Any, max_bytes: int) -> dict[int, bytes]:
    uploads: dict[int, bytes] = {}
    for name, value in form.multi_items():
        if name == "article":
            continue
        index = name.removeprefix("figure-")
        if not name.startswith("figure-") or not index.isdigit():
            raise Problem(422, "Invalid form field", f"unexpected field {name!r}: use article and figure-<index>",
                          field=name)
        if not isinstance(value, UploadFile):
            raise Problem(422, "Invalid form field", f"{name} must be a file", field=name)
        data = await value.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise Problem(413, "Image too large", f"{name} is over the limit of {max_bytes:,} bytes "
                          "(CAPTIONCHECK_MAX_IMAGE_BYTES)", field=name)
        uploads[int(index)] = data
    return uploads
