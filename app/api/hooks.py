"""POST /v1/hooks/prepublish: the CMS asks allow / review / block before an article goes out.

Signed per Standard Webhooks; idempotent on webhook-id (a replay gets the stored
answer, never a second check); ?async=1 or a callback URL answers 202 at once
and delivers the result to the callback.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse

from app.engine.article import check_limits
from app.http.access import is_local_request
from app.http.json_body import parse_json
from app.http.overload import CheckGate, Overloaded, Slot
from app.http.problems import PROBLEM_JSON, Problem
from app.payloads import UnknownPayloadShape, to_article
from app.schema import ArticleIn
from app.storage import WebhookEvent
from app.webhooks.callback_http import CallbackRefused, check_callback_url
from app.webhooks.decision import accepted
from app.webhooks.options import OPTIONS_KEY, QUERY_OPTIONS, read_options
from app.webhooks.prepublish import PrepublishHooks
from app.webhooks.signatures import (
    SECRETS_ENV,
    SignatureError,
    check_headers,
    check_webhook_id,
    parse_secrets,
    verify,
)

log = logging.getLogger("captioncheck.webhooks")
DUPLICATE_WAIT_S = 60.0  # how long a duplicate waits for the same id's check to finish
_POLL_S = 0.2


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = app.state.settings
    hooks = PrepublishHooks(app.state.service, settings, parse_secrets(settings.webhook_secrets))
    owed = await anyio.to_thread.run_sync(hooks.resume)
    if owed:
        log.info("resuming %d owed webhook callback(s)", owed)
    app.state.webhooks = hooks
    try:
        yield
    finally:
        await anyio.to_thread.run_sync(hooks.close)


router = APIRouter(prefix="/v1/hooks", tags=["webhooks"], lifespan=_lifespan)


@router.post("/prepublish")
async def prepublish(request: Request) -> JSONResponse:
    """Answer allow / review / block for a CMS article (article JSON, WordPress post or Arc XP story).

    Options (format, images, async, callback_url) travel in the signed body's `captioncheck` object."""
    hooks = _hooks(request)
    if hooks.keys:
        _refuse_unsigned(request, hooks.keys)
    _refuse_query_options(request)
    raw = await _read_body(request, hooks.settings.webhook_max_body_bytes)
    webhook_id = _authenticate(request, raw, hooks.keys)
    options, payload = read_options(parse_json(raw))
    article = _article(payload, options.format, options.images)
    check_limits(article, hooks.settings)  # InputError: 422 before anything is claimed or fetched
    callback, run_async = options.callback_url, options.answers_later
    if callback is not None:
        await _check_callback(callback, hooks)
    digest = hashlib.sha256(raw).hexdigest()
    claim = await anyio.to_thread.run_sync(
        lambda: hooks.log.claim(webhook_id, digest, callback_url=callback))
    base_url = str(request.base_url)
    if not claim.new:
        return await _replay(hooks, claim.event, digest, base_url, run_async)
    slot = await _slot(request.app.state.check_gate, hooks, webhook_id)
    if run_async:
        queued = await anyio.to_thread.run_sync(
            lambda: hooks.check_later(webhook_id, article, base_url, when_settled=slot.release))
        if not queued:
            await anyio.to_thread.run_sync(hooks.log.release, webhook_id)
            raise Problem(503, "Shutting down", "the service is stopping; retry shortly")
        return JSONResponse(accepted(webhook_id, base_url), status_code=202)
    with slot:
        body = await anyio.to_thread.run_sync(hooks.check_now, webhook_id, article, base_url)
    return JSONResponse(body)


@router.get("/prepublish/{webhook_id:path}")
async def prepublish_status(webhook_id: str, request: Request) -> JSONResponse:
    """What became of a pre-publish webhook: pending, done (with the decision) or failed; its callbacks."""
    hooks = _hooks(request)
    event = await anyio.to_thread.run_sync(hooks.log.get, webhook_id)
    if event is None:
        raise Problem(404, "Not found", f"no pre-publish webhook with id {webhook_id!r}")
    deliveries = await anyio.to_thread.run_sync(hooks.log.deliveries, webhook_id)
    body: dict[str, Any] = {**(event.response or {}), "status": event.status, "webhook_id": webhook_id}
    body.setdefault("check_id", event.check_id)
    if event.callback_url:
        body["callback"] = {"url": event.callback_url, "status": event.callback_status,
                            "attempts": [{"attempt": d.attempt, "status_code": d.status_code,
                                          "error": d.error, "at": d.at} for d in deliveries]}
    return JSONResponse(body)


def _hooks(request: Request) -> PrepublishHooks:
    return request.app.state.webhooks


async def _slot(gate: CheckGate, hooks: PrepublishHooks, webhook_id: str) -> Slot:
    """A place in the check queue; when it is full the claim is let go (the CMS may retry) and 503."""
    try:
        return gate.try_enter()
    except Overloaded:
        await anyio.to_thread.run_sync(hooks.log.release, webhook_id)
        raise gate.problem() from None


def _refuse_query_options(request: Request) -> None:
    """400 for decision options in the query string: the signature covers the body only."""
    given = [name for name in QUERY_OPTIONS if name in request.query_params]
    if given:
        raise Problem(400, "Options belong in the signed body",
                      f"{', '.join(given)} in the query string is outside the webhook signature; send it inside "
                      f'the signed body instead, e.g. {{"{OPTIONS_KEY}": {{"images": "skip", "async": true}}, ...}}')


def _refuse_unsigned(request: Request, keys: list[bytes]) -> None:
    """401 for missing, malformed or expired signing headers, before any of the body is read."""
    try:
        check_headers(keys, request.headers)
    except SignatureError as exc:
        client = request.client.host if request.client else "unknown"
        log.warning("refused a pre-publish webhook from %s: %s", client, exc)
        raise Problem(401, "Webhook signature refused", str(exc)) from None


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, read as a stream that stops at `limit` bytes (413 past it)."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise _too_large(limit)
    return bytes(body)


def _too_large(limit: int) -> Problem:
    return Problem(413, "Webhook body too large",
                   f"webhook bodies are limited to {limit:,} bytes (CAPTIONCHECK_WEBHOOK_MAX_BODY_BYTES); "
                   "images travel by URL, not inside the body")


def _authenticate(request: Request, raw: bytes, keys: list[bytes]) -> str:
    """The request's webhook-id once it is known to come from the CMS; 401 otherwise."""
    client = request.client.host if request.client else "unknown"
    if keys:
        try:
            return verify(keys, request.headers, raw).webhook_id
        except SignatureError as exc:
            log.warning("refused a pre-publish webhook from %s: %s", client, exc)
            raise Problem(401, "Webhook signature refused", str(exc)) from None
    if not is_local_request(client, {k.lower(): v for k, v in request.headers.items()}):
        raise Problem(401, "Webhook secrets not configured",
                      f"{SECRETS_ENV} is not set, so unsigned webhooks are taken from this machine only; "
                      f"set {SECRETS_ENV} to the secret(s) the CMS signs with (whsec_<base64>)")
    given = request.headers.get("webhook-id")
    try:
        return check_webhook_id(given) if given else f"unsigned_{uuid.uuid4().hex}"
    except SignatureError as exc:
        raise Problem(400, "Invalid webhook-id", str(exc)) from None


def _article(data: Any, format_name: str | None, images: str) -> ArticleIn:
    try:
        _, article = to_article(data, format_name)
    except UnknownPayloadShape as exc:
        raise Problem(422, "Unknown payload shape", exc.detail) from None
    if images == "skip":
        figures = [figure.model_copy(update={"image": None}) for figure in article.figures]
        article = article.model_copy(update={"figures": figures})
    return article


async def _check_callback(url: Any, hooks: PrepublishHooks) -> None:
    if not isinstance(url, str):
        raise Problem(422, "Invalid callback URL", "callback_url must be a string", field="callback_url")
    try:
        await anyio.to_thread.run_sync(check_callback_url, url, hooks.settings)
    except CallbackRefused as exc:
        raise Problem(422, "Invalid callback URL", str(exc), field="callback_url") from None


async def _replay(hooks: PrepublishHooks, event: WebhookEvent, digest: str, base_url: str,
                  run_async: bool) -> JSONResponse:
    """The stored answer for a webhook-id seen before; never a second check."""
    if event.payload_sha256 != digest:
        raise Problem(409, "webhook-id reused",
                      f"webhook-id {event.webhook_id!r} was already used for a different payload: a retry "
                      "must resend the same body; a new request needs a new webhook-id")
    if event.status == "pending" and run_async:
        return JSONResponse(accepted(event.webhook_id, base_url), status_code=202)
    deadline = asyncio.get_running_loop().time() + DUPLICATE_WAIT_S
    current: WebhookEvent | None = event
    while current is not None and current.status == "pending":
        if asyncio.get_running_loop().time() > deadline:
            raise Problem(409, "Still being checked",
                          f"webhook {event.webhook_id!r} is still being checked; send it again shortly")
        await asyncio.sleep(_POLL_S)
        current = await anyio.to_thread.run_sync(hooks.log.get, event.webhook_id)
    if current is None:
        raise Problem(409, "Earlier attempt failed",
                      f"the first request with webhook-id {event.webhook_id!r} failed before a decision; "
                      "send it again")
    status = current.response_status or 200
    return JSONResponse(current.response or {}, status_code=status, headers={"webhook-replayed": "true"},
                        media_type=PROBLEM_JSON if status >= 400 else None)
