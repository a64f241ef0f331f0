"""The FastAPI application: models and database opened once, in the lifespan.

The one module of app.http that knows the routes: it assembles the API (app.api) and the
web form (app.web) behind the shared access, limits and observability of app.http.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI

from app import __version__
from app.api import checks, health, hooks
from app.engine.checker import Checker
from app.engine.encoders.base import EncoderProvider
from app.engine.encoders.batching import BatchingClipEncoder, BatchingTextEncoder
from app.engine.encoders.cached import CachedImageEncoder, clip_cache_key
from app.engine.encoders.memo import MemoTextEncoder
from app.http.access import AccessPolicy
from app.http.guard import AccessGuard
from app.http.headers import SecurityHeaders
from app.http.limits import BodySizeLimit
from app.http.metrics import CountingService, Metrics, metrics_router
from app.http.observe import RequestObserver
from app.http.overload import CheckGate
from app.http.passwords import parse_users
from app.http.problems import install_problem_handlers
from app.http.ratelimit import RateLimiter
from app.http.session import SessionCodec
from app.pipeline.pool import DecodePool
from app.service import CheckService
from app.settings import Settings, get_settings
from app.storage import EmbeddingStore, ReportStore
from app.web.routes import mount as mount_web_form

log = logging.getLogger("captioncheck.api")


def create_app(settings: Settings | None = None, encoders: EncoderProvider | None = None,
               decoder: DecodePool | None = None) -> FastAPI:
    """The service. `encoders` lets a caller supply already-loaded (or test) encoders; `decoder`,
    a decode pool for the uploads, which the app then owns, starts once ready and stops at shutdown
    (else one is made here, its workers started by the first upload, unless
    CAPTIONCHECK_DECODE_WORKERS=0)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        provider = encoders or EncoderProvider.from_settings(settings)
        store = ReportStore(settings.resolved_database_url())
        shared = await anyio.to_thread.run_sync(_SharedEncoders, provider, settings, store)
        purged = await anyio.to_thread.run_sync(store.purge, settings.retention_days)
        if purged:
            log.info("deleted %d reports older than %d days", purged, settings.retention_days)
        pool = decoder or (DecodePool(settings.decode_workers) if settings.decode_workers != 0 else None)
        service = CheckService(settings, Checker(settings, shared.provider), store, decoder=pool)
        app.state.service = CountingService(service, app.state.metrics)
        app.state.clip_unavailable = shared.clip_unavailable
        app.state.models_loaded = True
        if decoder is not None:  # `captioncheck serve`: its workers start now that the service is ready
            threading.Thread(target=decoder.start, name="captioncheck-decode-start", daemon=True).start()
        try:
            yield
        finally:
            app.state.models_loaded = False
            shared.close()
            store.close()
            if pool is not None:
                await anyio.to_thread.run_sync(pool.close)

    app = FastAPI(title="Captioncheck", version=__version__, lifespan=lifespan,
                  description="Checks that news photos, their captions and the story belong together.")
    app.state.settings = settings
    install_problem_handlers(app)
    _install_security(app, settings)
    app.include_router(health.router)
    app.include_router(checks.router)
    app.include_router(hooks.router)
    app.include_router(metrics_router)
    mount_web_form(app)
    return app


def _install_security(app: FastAPI, settings: Settings) -> None:
    """Access, limits and observability; ConfigError for a malformed security setting."""
    users = parse_users(settings.web_users)
    sessions = SessionCodec(settings.session_secret, settings.session_max_age_s)
    policy = AccessPolicy.from_settings(settings, frozenset(users))
    gate = CheckGate(settings.max_pending_checks, settings.overload_retry_after_s)
    app.state.web_users, app.state.sessions, app.state.access = users, sessions, policy
    app.state.check_gate = gate
    app.state.metrics = Metrics(lambda: gate.pending)
    # Added innermost first: the observer sees every answer, the body limit only admitted requests.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(AccessGuard, policy=policy, sessions=sessions,
                       limiter=RateLimiter(settings.rate_limit_per_min))
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestObserver, metrics=app.state.metrics)


class _SharedEncoders:
    """Both models loaded once, behind micro-batching queues shared by all requests, with
    image embeddings cached by content hash (in the database) and text embeddings in memory,
    so re-checking an unchanged article runs no model."""

    def __init__(self, provider: EncoderProvider, settings: Settings, store: ReportStore) -> None:
        wait = settings.batch_wait_ms
        self.text = BatchingTextEncoder(provider.text(), max_batch=settings.batch_size, max_wait_ms=wait)
        text = MemoTextEncoder(self.text)
        loaded = provider.clip() if settings.require_clip else provider.clip_or_none()
        # Why CLIP is off, for /readyz and the form's banner; None when image checks run.
        self.clip_unavailable = provider.clip_error if loaded is None else None
        if loaded is None:
            self.clip = None
            self.provider = EncoderProvider(lambda: text, lambda: provider.clip())
            return
        self.clip = BatchingClipEncoder(loaded, max_batch=settings.batch_size, max_wait_ms=wait)
        clip = CachedImageEncoder(self.clip, EmbeddingStore(store.engine), clip_cache_key(self.clip.inner, settings))
        self.provider = EncoderProvider(lambda: text, lambda: clip)

    def close(self) -> None:
        self.text.close()
        if self.clip is not None:
            self.clip.close()
