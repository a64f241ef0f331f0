"""Async answers and callback URLs (options in the signed body): 202 at once, the result delivered signed, retried, recorded."""

from __future__ import annotations

import base64
import io
import json
import threading
import time

import httpx
import pytest

from app.engine import pixel_budget
from app.storage import ReportStore, WebhookLog
from app.webhooks.delivery import callback_id
from app.webhooks.signatures import SignatureError, verify
from tests.fixtures.space import SPACE
from tests.helpers import decoding_held
from tests.webhooks.conftest import OLD_SECRET, SECRET, encode, key, make_settings, new_id, serve, signed
from tests.webhooks.receiver import callback_receiver

SEED = {**SPACE, "figures": [{"caption": "The rocket lifts off from the launch site on Monday."}]}


@pytest.fixture(scope="module")
def async_service(tmp_path_factory, text_encoder, clip):
    settings = make_settings(tmp_path_factory.mktemp("async-hooks"), allow_private_urls=True,
                             webhook_retry_base_s=0.05, webhook_retry_attempts=3)
    with serve(settings, text_encoder, clip) as running:
        yield running


def _status(service, webhook_id: str) -> dict:
    return httpx.get(f"{service.url}/v1/hooks/prepublish/{webhook_id}").json()


def test_async_answers_202_and_delivers_a_signed_result(async_service):
    webhook_id = new_id()
    with callback_receiver() as cms:
        body = encode(SEED, **{"async": True, "callback_url": cms.url})
        response = async_service.post(body, signed(body, webhook_id=webhook_id))
        assert response.status_code == 202, response.text
        accepted = response.json()
        assert accepted["status"] == "accepted" and accepted["webhook_id"] == webhook_id
        assert accepted["check_id"] is None
        [delivery] = cms.wait_for(1)
    # Signed with the first configured secret only (the one the CMS holds now).
    message = verify([key(SECRET)], delivery.headers, delivery.body)
    assert message.webhook_id == callback_id(webhook_id)
    with pytest.raises(SignatureError):
        verify([key(OLD_SECRET)], delivery.headers, delivery.body)
    result = json.loads(delivery.body)
    assert result["type"] == "captioncheck.prepublish.result" and result["status"] == "done"
    assert result["webhook_id"] == webhook_id and result["decision"] == "allow" and result["check_id"]
    async_service.wait_idle()
    status = httpx.get(accepted["status_url"]).json()
    assert status["status"] == "done" and status["check_id"] == result["check_id"]
    assert status["callback"]["status"] == "delivered"
    assert [a["status_code"] for a in status["callback"]["attempts"]] == [200]


def test_callback_url_in_the_payload_makes_it_async(async_service):
    with callback_receiver() as cms:
        body = encode({**SEED, "callback_url": cms.url})
        response = async_service.post(body, signed(body))
        assert response.status_code == 202
        [delivery] = cms.wait_for(1)
    assert json.loads(delivery.body)["decision"] == "allow"


def test_callback_is_retried_after_a_failure(async_service):
    webhook_id = new_id()
    with callback_receiver(statuses=[500]) as cms:
        body = encode(SEED, callback_url=cms.url)
        async_service.post(body, signed(body, webhook_id=webhook_id))
        first, second = cms.wait_for(2)
    assert first.body == second.body
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    verify([key(SECRET)], second.headers, second.body)
    assert second.at - first.at >= 0.05  # the backoff
    async_service.wait_idle()
    callback = _status(async_service, webhook_id)["callback"]
    assert callback["status"] == "delivered"
    assert [(a["attempt"], a["status_code"]) for a in callback["attempts"]] == [(1, 500), (2, 200)]
    assert callback["attempts"][0]["error"] == "HTTP 500"


def test_callback_gives_up_after_the_last_attempt(async_service):
    webhook_id = new_id()
    with callback_receiver(statuses=[503, 503, 503]) as cms:
        body = encode(SEED, callback_url=cms.url)
        async_service.post(body, signed(body, webhook_id=webhook_id))
        cms.wait_for(3)
        async_service.wait_idle()
    status = _status(async_service, webhook_id)
    assert status["decision"] == "allow"  # the decision stays, whatever became of the callback
    assert status["callback"]["status"] == "failed" and len(status["callback"]["attempts"]) == 3


def test_async_without_callback_is_polled_and_replays_do_not_rerun(async_service):
    body = encode(SEED, **{"async": True})
    webhook_id = new_id()
    runs = len(async_service.runs)
    accepted = async_service.post(body, signed(body, webhook_id=webhook_id)).json()
    async_service.wait_idle()
    status = httpx.get(accepted["status_url"]).json()
    assert status["status"] == "done" and status["decision"] == "allow"
    replay = async_service.post(body, signed(body, webhook_id=webhook_id))
    assert replay.status_code == 200 and replay.json()["check_id"] == status["check_id"]
    assert len(async_service.runs) == runs + 1


def test_private_callback_urls_are_refused_unless_allowed(service):
    body = encode(SEED, callback_url="http://127.0.0.1:9/hook")
    response = service.post(body, signed(body))
    assert response.status_code == 422
    problem = response.json()
    assert problem["field"] == "callback_url" and "CAPTIONCHECK_ALLOW_PRIVATE_URLS" in problem["detail"]


def test_owed_callbacks_are_resumed_at_start(tmp_path, text_encoder, clip):
    settings = make_settings(tmp_path, allow_private_urls=True, webhook_retry_base_s=0.05)
    with callback_receiver() as cms:
        with ReportStore(settings.resolved_database_url()) as store:
            log = WebhookLog(store)
            log.claim("msg_owed", "0" * 64, callback_url=cms.url)
            log.finish("msg_owed", status="done", response_status=200, response={"decision": "block"},
                       decision="block", check_id="c1")
        with serve(settings, text_encoder, clip) as running:
            [delivery] = cms.wait_for(1)
            running.wait_idle()
            assert _status(running, "msg_owed")["callback"]["status"] == "delivered"
    assert json.loads(delivery.body)["decision"] == "block"
    verify([key(SECRET)], delivery.headers, delivery.body, now=time.time())


def _big_photo_article(clip) -> dict:
    buffer = io.BytesIO()
    clip.image("rocket").resize((3000, 2000)).save(buffer, "PNG")  # 6 MP decoded
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    return {**SPACE, "figures": [{"image": uri, "caption": "The rocket lifts off from the launch site on Monday."}]}


@pytest.mark.parametrize("release_after_s, status", [(0.5, "done"), (None, "failed")])
def test_an_accepted_check_waits_out_a_full_decoder(tmp_path, text_encoder, clip, monkeypatch,
                                                     release_after_s, status):
    settings = make_settings(tmp_path, max_decoded_megapixels_in_flight=7, overload_retry_after_s=1)
    monkeypatch.setattr(pixel_budget, "DECODE_WAIT_S", 0.3)
    with serve(settings, text_encoder, clip) as running, decoding_held(settings, 6_000_000) as release:
        if release_after_s is not None:  # the other check finishes while ours waits
            threading.Timer(release_after_s, release.set).start()
        webhook_id = new_id()
        body = encode(_big_photo_article(clip), **{"async": True})
        assert running.post(body, signed(body, webhook_id=webhook_id)).status_code == 202
        running.wait_idle()
        result = _status(running, webhook_id)
    assert result["status"] == status
    if status == "done":  # the decoder had room again by the second attempt
        assert result["decision"] == "allow" and result["check_id"]
    else:  # still full after every attempt: recorded as the overload it is, not a crash
        assert result["title"] == "Too busy" and "CAPTIONCHECK_MAX_DECODED_MEGAPIXELS_IN_FLIGHT" in result["detail"]


def test_an_accepted_check_over_the_pixel_budget_fails_as_images_too_large(tmp_path, text_encoder, clip):
    settings = make_settings(tmp_path, max_decoded_megapixels_per_request=1)  # the photo decodes to 6 MP
    with serve(settings, text_encoder, clip) as running:
        webhook_id = new_id()
        body = encode(_big_photo_article(clip), **{"async": True})
        assert running.post(body, signed(body, webhook_id=webhook_id)).status_code == 202
        running.wait_idle()
        result = _status(running, webhook_id)
    assert result["status"] == "failed" and result["title"] == "Images too large"
    assert result["field"] == "figures[0].image"
