"""The pre-publish webhook's work behind the route: run a check, record its decision, call back.

Blocking (model work and database writes): the route calls these from worker
threads. A decision is committed before anyone is told about it.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from app.errors import InputError, ModelUnavailable
from app.schema import ArticleIn
from app.service import CheckService
from app.settings import Settings
from app.storage import StorageError, WebhookLog
from app.webhooks.decision import answer
from app.webhooks.delivery import CallbackDelivery
from app.webhooks.jobs import JobRunner

log = logging.getLogger("captioncheck.webhooks")
SOURCE = "webhook"


class PrepublishHooks:
    def __init__(self, service: CheckService, settings: Settings, keys: list[bytes]) -> None:
        self.service, self.settings, self.keys = service, settings, keys
        self.log = WebhookLog(service.store)
        self.runner = JobRunner(settings.webhook_workers)
        # Callbacks are signed with the first secret: the one the CMS was given most recently.
        self.delivery = CallbackDelivery(self.log, settings, keys[0] if keys else None, self.runner)

    def check_now(self, webhook_id: str, article: ArticleIn, base_url: str) -> dict[str, Any]:
        """Check, record the decision (committed), return the answer. The claim is released on failure,
        so the CMS may send the same id again."""
        try:
            report = self.service.run(article, {}, source=SOURCE)
        except BaseException:
            self.log.release(webhook_id)
            raise
        body = answer(report, self.settings, webhook_id=webhook_id, base_url=base_url)
        self.log.finish(webhook_id, status="done", response_status=200, response=body,
                        decision=body["decision"], check_id=report.id)
        return body

    def check_later(self, webhook_id: str, article: ArticleIn, base_url: str) -> bool:
        """Queue the check (and its callback); False when the service is stopping."""
        job = partial(self._check_and_call_back, webhook_id, article, base_url)
        # Not started before shutdown: forget the claim, so the CMS can send the same id again.
        return self.runner.submit(job, on_abandon=partial(self.log.release, webhook_id))

    def resume(self) -> int:
        return self.delivery.resume()

    def close(self) -> None:
        self.runner.close()

    def _check_and_call_back(self, webhook_id: str, article: ArticleIn, base_url: str) -> None:
        try:
            report = self.service.run(article, {}, source=SOURCE)
        except InputError as exc:
            self._fail(webhook_id, 422, "Invalid article", exc.detail, field=exc.field)
        except Exception as exc:
            log.exception("async check of webhook %s failed", webhook_id)
            unavailable = isinstance(exc, (ModelUnavailable, StorageError))
            detail = str(exc) if unavailable else "the check could not be completed; the error was logged"
            self._fail(webhook_id, 503 if unavailable else 500, "Check failed", detail)
        else:
            body = answer(report, self.settings, webhook_id=webhook_id, base_url=base_url)
            self.log.finish(webhook_id, status="done", response_status=200, response=body,
                            decision=body["decision"], check_id=report.id)
        event = self.log.get(webhook_id)
        if event is not None:
            self.delivery.send(event)

    def _fail(self, webhook_id: str, status: int, title: str, detail: str, **extra: Any) -> None:
        problem = {"type": "about:blank", "title": title, "status": status, "detail": detail,
                   **{k: v for k, v in extra.items() if v is not None}}
        self.log.finish(webhook_id, status="failed", response_status=status, response=problem)
