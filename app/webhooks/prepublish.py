"""The pre-publish webhook's work behind the route: run a check, record its decision, call back.

Blocking (model work and database writes): the route calls these from worker
threads. A decision is committed before anyone is told about it, and an accepted
async check (the CMS was told 202) is stored before it is queued: a shutdown or a
crash leaves it in the database, and the next start, or another service process on
the same database, runs it (see WebhookLog for the leases that decide who does).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import Any

from pydantic import ValidationError

from app.engine.pixel_budget import DecodeBusy, ImagesTooLarge
from app.errors import InputError, ModelUnavailable
from app.schema import ArticleIn, Report
from app.service import CheckService
from app.settings import Settings
from app.storage import StorageError, WebhookEvent, WebhookLog
from app.storage.webhooks import LEASE_S
from app.webhooks.decision import answer
from app.webhooks.delivery import CallbackDelivery
from app.webhooks.heartbeat import Heartbeat
from app.webhooks.jobs import JobRunner

log = logging.getLogger("captioncheck.webhooks")
SOURCE = "webhook"
_BUSY_ATTEMPTS = 3  # an accepted check meeting a full decoder tries this often before failing
Settled = Callable[[], None]


class PrepublishHooks:
    def __init__(self, service: CheckService, settings: Settings, keys: list[bytes], *,
                 lease_s: float = LEASE_S) -> None:
        self.service, self.settings, self.keys = service, settings, keys
        self.clip_unavailable = _why_no_clip(service)  # said in every answer
        self.log = WebhookLog(service.store, lease_s=lease_s)
        self.runner = JobRunner(settings.webhook_workers)
        # Callbacks are signed with the first secret: the one the CMS was given most recently.
        self.delivery = CallbackDelivery(self.log, settings, keys[0] if keys else None, self.runner)
        # Renewed three times per lease: a holder that misses one beat still keeps its work.
        self._heartbeat = Heartbeat(self._beat, lease_s / 3, name="captioncheck-webhook-leases")

    def check_now(self, webhook_id: str, article: ArticleIn, base_url: str) -> dict[str, Any]:
        """Check, record the decision (committed), return the answer. The claim is released on failure,
        so the CMS may send the same id again."""
        try:
            report = self.service.run(article, {}, source=SOURCE)
        except BaseException:
            self.log.release(webhook_id)
            raise
        body = self._answer(report, webhook_id, base_url)
        self.log.finish(webhook_id, status="done", response_status=200, response=body,
                        decision=body["decision"], check_id=report.id)
        return body

    def _answer(self, report: Report, webhook_id: str, base_url: str) -> dict[str, Any]:
        return answer(report, self.settings, webhook_id=webhook_id, base_url=base_url,
                      clip_unavailable=self.clip_unavailable)

    def check_later(self, webhook_id: str, article: ArticleIn, base_url: str,
                    when_settled: Settled | None = None) -> bool:
        """Store the claimed event's request, then queue its check (and callback). False when the
        service is stopping (nothing was promised: the caller answers 503 and releases the claim).

        `when_settled` runs once the check has run, or at shutdown if it had not started yet;
        a check not started by then stays stored and is run at the next start."""
        try:
            self.log.keep_work(webhook_id, {"article": article.model_dump(mode="json"), "base_url": base_url})
        except StorageError:
            with suppress(StorageError):  # nothing was promised: let the CMS send the id again
                self.log.release(webhook_id)
            raise
        job = partial(self._run_accepted, webhook_id, article, base_url, when_settled)
        queued = self.runner.submit(job, on_abandon=when_settled)
        if not queued and when_settled is not None:
            when_settled()
        return queued

    def resume(self) -> int:
        """Take up what earlier runs (or stopped processes) left owed: accepted checks and their
        callbacks; from now on keep this process's leases and adopt what others leave. How many."""
        owed = self._adopt()
        self._heartbeat.start()
        return owed

    def close(self) -> None:
        """Let running checks finish; leave queued ones stored, free for the next start to take."""
        self.runner.close()
        self._heartbeat.stop()
        try:
            self.log.let_go()
        except StorageError as exc:  # the leases then run out by themselves
            log.warning("could not give up webhook leases at shutdown: %s", exc)

    def _beat(self) -> None:
        self.log.renew()
        adopted = self._adopt()
        if adopted:
            log.info("took over %d webhook job(s) left by a stopped process", adopted)

    def _adopt(self) -> int:
        events = self.log.adopt()
        for event in events:
            if event.status == "pending":
                self._rerun(event)
            else:
                self.delivery.resume_one(event)
        return len(events)

    def _rerun(self, event: WebhookEvent) -> None:
        work = event.work or {}
        try:
            article = ArticleIn.model_validate(work.get("article"))
        except ValidationError:
            log.error("the stored request of webhook %s cannot be read; recording a failure", event.webhook_id)
            self._fail(event.webhook_id, 500, "Check failed", "the stored request could not be read again")
            return
        job = partial(self._check_and_call_back, event.webhook_id, article, str(work.get("base_url", "/")))
        if not self.runner.submit(job):
            log.warning("webhook %s not resumed: the service is stopping (resumed at next start)",
                        event.webhook_id)

    def _run_accepted(self, webhook_id: str, article: ArticleIn, base_url: str,
                      when_settled: Settled | None) -> None:
        try:
            self._check_and_call_back(webhook_id, article, base_url)
        finally:
            if when_settled is not None:
                when_settled()

    def _check_and_call_back(self, webhook_id: str, article: ArticleIn, base_url: str) -> None:
        try:
            report = self._run_when_there_is_room(article)
        except DecodeBusy as exc:
            event = self._fail(webhook_id, 503, "Too busy", str(exc))
        except InputError as exc:
            status = getattr(exc, "http_status", 422)
            title = "Images too large" if isinstance(exc, ImagesTooLarge) else "Invalid article"
            event = self._fail(webhook_id, status, title, exc.detail, field=exc.field)
        except Exception as exc:
            log.exception("async check of webhook %s failed", webhook_id)
            unavailable = isinstance(exc, (ModelUnavailable, StorageError))
            detail = str(exc) if unavailable else "the check could not be completed; the error was logged"
            event = self._fail(webhook_id, 503 if unavailable else 500, "Check failed", detail)
        else:
            body = self._answer(report, webhook_id, base_url)
            event = self.log.finish(webhook_id, status="done", response_status=200, response=body,
                                    decision=body["decision"], check_id=report.id, keep_lease=True)
        if event is not None:
            self.delivery.send(event)

    def _run_when_there_is_room(self, article: ArticleIn) -> Report:
        """An accepted check was promised: when decoding is full, wait and try again a few
        times rather than fail work the CMS will not send again."""
        for attempt in range(1, _BUSY_ATTEMPTS):
            try:
                return self.service.run(article, {}, source=SOURCE)
            except DecodeBusy:
                log.warning("async check waits for decoding room (attempt %d)", attempt)
                time.sleep(self.settings.overload_retry_after_s)
        return self.service.run(article, {}, source=SOURCE)

    def _fail(self, webhook_id: str, status: int, title: str, detail: str, **extra: Any) -> WebhookEvent | None:
        problem = {"type": "about:blank", "title": title, "status": status, "detail": detail,
                   **{k: v for k, v in extra.items() if v is not None}}
        return self.log.finish(webhook_id, status="failed", response_status=status, response=problem,
                               keep_lease=True)


def _why_no_clip(service: CheckService) -> str | None:
    """Why the service checks photos without CLIP (None when it has a model). Asked once: the
    service loaded (or failed to load) its model at start and remembers which."""
    encoders = service.checker.encoders
    if encoders.clip_or_none() is not None:
        return None
    return encoders.clip_error or "no CLIP model could be loaded"
