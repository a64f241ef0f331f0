"""The web form behind a sign-in: logins, a trusted proxy's header, session cookie, CSRF, headers."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest

from app.http.passwords import check_login, hash_password, parse_users, verify_password
from tests.api.secured import build, from_elsewhere, running
from tests.fixtures.space import space_clip
from tests.web import BODY, HEADLINE, ROCKET_CAPTION

PASSWORD = "correct horse battery staple"
USERS = f"alice:{hash_password(PASSWORD, iterations=1000)},bob:{hash_password('another password!', 1000)}"


@pytest.fixture(scope="module")
def site(tmp_path_factory, text_encoder):
    folder = tmp_path_factory.mktemp("sign-in")
    with running(folder, text_encoder, space_clip(), web_users=USERS) as (url, _):
        yield url


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def _sign_in(http: httpx.Client, password: str = PASSWORD, next_path: str = "/checks") -> httpx.Response:
    page = http.get(f"/login?next={next_path}")
    fields = {"username": "alice", "password": password, "next": next_path, "csrf_token": _token(page.text)}
    return http.post("/login", data=fields)


def _article(token: str) -> dict[str, str]:
    return {"csrf_token": token, "headline": HEADLINE, "body": BODY, "caption-0": ROCKET_CAPTION, "figures": "1"}


def test_pages_redirect_to_sign_in_and_posts_are_refused(site):
    with httpx.Client(base_url=site) as http:
        page = http.get("/checks/abc")
        assert page.status_code == 303 and page.headers["location"] == "/login?next=/checks/abc"
        assert http.post("/", data={"headline": "x"}).status_code == 401
        assert http.get("/static/style.css").status_code == 200


def test_sign_in_sets_a_hardened_cookie_and_leads_on(site):
    with httpx.Client(base_url=site) as http:
        response = _sign_in(http)
        assert response.status_code == 303 and response.headers["location"] == "/checks"
        cookie = response.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie  # plain http here
        listing = http.get("/checks")
        assert listing.status_code == 200 and "Sign out alice" in listing.text


def test_wrong_password_unknown_name_and_missing_token_are_refused(site):
    with httpx.Client(base_url=site) as http:
        wrong = _sign_in(http, password="guess")
        assert wrong.status_code == 401 and "Wrong name or password" in wrong.text
        assert "set-cookie" not in wrong.headers or "alice" not in wrong.headers["set-cookie"]
        no_token = http.post("/login", data={"username": "alice", "password": PASSWORD})
        assert no_token.status_code == 403
        assert http.get("/").status_code == 303


def test_next_never_leads_off_site(site):
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        with httpx.Client(base_url=site) as http:
            assert _sign_in(http, next_path=target).headers["location"] == "/"


def test_form_posts_need_the_session_token(site):
    with httpx.Client(base_url=site, timeout=60) as http:
        _sign_in(http)
        token = _token(http.get("/").text)
        forged = http.post("/", data=_article("forged-token"), files={"image-0": ("", b"", "image/png")})
        assert forged.status_code == 403 and "expired or came from another site" in forged.text
        real = http.post("/", data=_article(token), files={"image-0": ("", b"", "image/png")})
        assert real.status_code == 303, real.text
        report = http.get(real.headers["location"])
        assert report.status_code == 200 and report.headers["cache-control"] == "no-store"


def test_sign_out_ends_the_session(site):
    with httpx.Client(base_url=site) as http:
        _sign_in(http)
        token = _token(http.get("/").text)
        out = http.post("/logout", data={"csrf_token": token})
        assert out.status_code == 303 and "Max-Age=0" in out.headers["set-cookie"]
        assert http.get("/").status_code == 303


def test_every_response_carries_security_headers(site):
    with httpx.Client(base_url=site) as http:
        for response in (http.get("/login"), http.get("/healthz"), http.get("/nothing-here")):
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["x-frame-options"] == "DENY"
            assert response.headers["referrer-policy"] == "same-origin"
            assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert "script-src 'self'" in http.get("/login").headers["content-security-policy"]


def test_trusted_proxy_header_signs_in_only_from_the_proxy(tmp_path, text_encoder):
    header = {"x-forwarded-user": "carol"}
    with running(tmp_path, text_encoder, space_clip(), trusted_user_header="X-Forwarded-User") as (url, _):
        page = httpx.get(f"{url}/", headers=header)
        assert page.status_code == 200 and "Sign out carol" in page.text
        assert httpx.get(f"{url}/").status_code == 303  # no header: sign in
    app = build(tmp_path / "b", text_encoder, None, trusted_user_header="X-Forwarded-User",
                trusted_proxies="10.1.1.1")
    assert from_elsewhere(app, "GET", "/", client="127.0.0.1", headers=header).status_code == 303


def test_without_sign_in_configured_the_form_is_for_this_machine_only(tmp_path, text_encoder):
    app = build(tmp_path, text_encoder, None)
    refused = from_elsewhere(app, "GET", "/", headers={"accept": "text/html"})
    assert refused.status_code == 403 and "CAPTIONCHECK_WEB_USERS" in refused.text
    assert refused.headers["content-type"].startswith("text/html")


def test_passwords_and_user_lists():
    encoded = hash_password("s3cret password", iterations=1000)
    assert verify_password("s3cret password", encoded) and not verify_password("s3cret passwore", encoded)
    assert not verify_password("x", "garbage") and not verify_password("x", "md5$1$a$b")
    users = parse_users(USERS)
    assert set(users) == {"alice", "bob"}
    assert check_login(users, "alice", PASSWORD) and not check_login(users, "mallory", PASSWORD)
    with pytest.raises(ValueError, match="entry number 2"):
        parse_users("alice:" + encoded + ",bob:plaintext")


def test_sign_in_attempts_are_limited_per_address(tmp_path, text_encoder):
    with running(tmp_path, text_encoder, space_clip(), web_users=USERS) as (url, _):
        with httpx.Client(base_url=url) as http:
            answers = [_sign_in(http, password="guess").status_code for _ in range(11)]
    assert answers[:10] == [401] * 10 and answers[10] == 429


def test_session_cookie_is_signed_and_secure_over_https():
    from app.http.access import AccessPolicy
    from app.http.guard import secure_request
    from app.settings import Settings
    from app.http.session import COOKIE, SessionCodec

    codec = SessionCodec("a-session-secret", 60)
    header = codec.set_cookie(codec.new(user="alice"), secure=True)
    assert header.startswith(f"{COOKIE}=") and "Secure" in header and "HttpOnly" in header
    value = header.split(";")[0]
    assert codec.load(value).user == "alice"
    assert codec.load(value[:-2] + "xx") is None  # tampered
    assert SessionCodec("another-secret", 60).load(value) is None
    policy = AccessPolicy.from_settings(Settings(trusted_proxies="10.0.0.0/8"), frozenset())
    assert secure_request("http", "10.1.2.3", {"x-forwarded-proto": "https"}, policy)
    assert not secure_request("http", "203.0.113.9", {"x-forwarded-proto": "https"}, policy)
    assert secure_request("https", None, {}, policy)



def _sign_in_answers(app, peer: str, forwarded: list[str]) -> list[int]:
    """Sign-in posts from `peer` (no lifespan needed: the limit answers before any route), each
    saying its client is `forwarded`; in-process, so no token refills between them."""
    async def post_all() -> list[int]:
        transport = httpx.ASGITransport(app=app, client=(peer, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://captioncheck.example") as http:
            return [(await http.post("/login", data={"username": "alice", "password": "guess"},
                                     headers={"x-forwarded-for": hop})).status_code for hop in forwarded]

    return asyncio.run(post_all())


@pytest.mark.parametrize("peer, proxy_settings, shared", [
    ("10.0.0.2", {"client_address_header": "X-Forwarded-For"}, False),  # our proxy says who the client is
    ("10.0.0.2", {}, True),  # header not configured: everyone behind the proxy is one address
    ("192.0.2.50", {"client_address_header": "X-Forwarded-For"}, True),  # not our proxy: header ignored
])
def test_sign_in_limit_keys_on_the_trusted_proxys_client_address(tmp_path, text_encoder, peer, proxy_settings,
                                                                 shared):
    app = build(tmp_path, text_encoder, None, web_users=USERS, trusted_proxies="10.0.0.0/8", **proxy_settings)
    # Ten attempts (refused for want of a CSRF token, but counted), then the limit; then another
    # client, then the first again with a forged entry before the address the proxy appended.
    answers = _sign_in_answers(app, peer, ["198.51.100.1"] * 11 + ["198.51.100.2", "203.0.113.66, 198.51.100.1"])
    assert answers[:11] == [403] * 10 + [429]
    assert answers[11:] == ([429, 429] if shared else [403, 429])

def test_client_address_is_the_rightmost_untrusted_hop():
    from app.http.access import AccessPolicy
    from app.settings import Settings

    policy = AccessPolicy.from_settings(
        Settings(client_address_header="X-Forwarded-For", trusted_proxies="10.0.0.0/8"), frozenset())
    hops = {"x-forwarded-for": "198.51.100.7, 203.0.113.5, 10.0.0.3"}
    assert policy.client_address("10.0.0.2", hops) == "203.0.113.5"
    assert policy.client_address("192.0.2.1", hops) == "192.0.2.1"  # not from a trusted proxy
    assert policy.client_address("10.0.0.2", {}) == "10.0.0.2"
    assert policy.client_address("10.0.0.2", {"x-forwarded-for": "10.0.0.9"}) == "10.0.0.9"
    assert policy.client_address("10.0.0.2", {"x-forwarded-for": "not-an-address"}) == "10.0.0.2"
