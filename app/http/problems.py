"""Errors as RFC 9457 problem details (application/problem+json), never a bare 500 for bad input."""

from __future__ import annotations

import logging
from html import escape
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.engine.encoders.batching import EncoderClosed
from app.engine.pixel_budget import DecodeBusy, ImagesTooLarge
from app.errors import InputError, ModelUnavailable
from app.storage import StorageError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("captioncheck.api")


class Problem(Exception):
    """Raise from a route to answer with a problem document."""

    def __init__(self, status: int, title: str, detail: str, *, headers: dict[str, str] | None = None,
                 **extra: object) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra
        self.headers = headers or {}


def wants_html(path: str, accept: str) -> bool:
    """A person's browser on a web-form page, rather than an API client."""
    return not path.startswith("/v1/") and "text/html" in accept


def html_error(status: int, title: str, detail: str) -> HTMLResponse:
    body = (
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>{t}</title>'
        '<link rel="stylesheet" href="/static/style.css"><main class="wrap">'
        '<h1>{t}</h1><p>{d}</p><p><a href="/">Back to the form</a></p></main></html>'
    ).format(t=escape(title), d=escape(detail))
    return HTMLResponse(body, status_code=status)


def problem_response(status: int, title: str, detail: str, *, headers: dict[str, str] | None = None,
                     **extra: object) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(_: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc.status, exc.title, exc.detail, headers=exc.headers, **exc.extra)

    @app.exception_handler(InputError)
    async def _bad_input(_: Request, exc: InputError) -> JSONResponse:
        extra = {"field": exc.field} if exc.field else {}
        return problem_response(422, "Invalid article", str(exc), **extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return problem_response(422, "Invalid request", f"{where}: {first.get('msg')}".strip(": "))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(exc.status_code, _title(exc.status_code), str(exc.detail),
                                headers=dict(exc.headers or {}))

    @app.exception_handler(ImagesTooLarge)
    async def _too_many_pixels(_: Request, exc: ImagesTooLarge) -> JSONResponse:
        return problem_response(413, "Images too large", exc.detail, field=exc.field)

    @app.exception_handler(DecodeBusy)
    async def _decoding_full(request: Request, exc: DecodeBusy) -> JSONResponse:
        retry = str(request.app.state.settings.overload_retry_after_s)
        return problem_response(503, "Too busy", str(exc), headers={"Retry-After": retry})

    @app.exception_handler(ModelUnavailable)
    async def _no_model(_: Request, exc: ModelUnavailable) -> JSONResponse:
        return problem_response(503, "Model unavailable", str(exc))

    @app.exception_handler(StorageError)
    async def _storage(_: Request, exc: StorageError) -> JSONResponse:
        log.error("database error: %s", exc)
        return problem_response(503, "Database unavailable", str(exc))

    @app.exception_handler(EncoderClosed)
    async def _shutting_down(_: Request, exc: EncoderClosed) -> JSONResponse:
        return problem_response(503, "Shutting down", "the service is stopping; retry shortly")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        detail = "The check could not be completed; the error was logged."
        if wants_html(request.url.path, request.headers.get("accept", "")):
            return html_error(500, "Something went wrong", detail)
        return problem_response(500, "Internal error", detail)


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
