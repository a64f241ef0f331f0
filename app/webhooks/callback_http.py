"""Callback URLs: checked like image URLs (no private addresses unless allowed), posted to pinned.

The POST goes to an address that was checked, with the real name in the Host
header and TLS SNI, so a DNS answer that changes after the check cannot turn a
callback into a request into the newsroom network. Redirects are not followed.
Only the status matters: the answer's body is read up to a small cap and for no
longer than the callback timeout, so a CMS (or what poses as one) sending an endless
or dripping body cannot hold a worker or fill its memory.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass

import httpx

import app
from app.net.safe_fetch import IPAddress, Resolver, address_refusal, system_resolve
from app.settings import Settings

USER_AGENT = f"Captioncheck/{app.__version__} (+webhook callback)"
MAX_URL_CHARS = 2000
MAX_ANSWER_BYTES = 64 * 1024


class CallbackRefused(ValueError):
    """The callback URL may not be used; the message says why."""


@dataclass(frozen=True)
class CallbackTarget:
    url: httpx.URL
    addresses: list[IPAddress]


def check_callback_url(text: str, settings: Settings, resolve: Resolver = system_resolve) -> CallbackTarget:
    """The parsed URL and its checked addresses; CallbackRefused when it may not be called."""
    url = _parse(text)
    host = url.raw_host.decode("ascii")
    try:
        found = [ipaddress.ip_address(a.split("%", 1)[0]) for a in resolve(host, _port(url))]
    except (OSError, UnicodeError, ValueError) as exc:
        raise CallbackRefused(f"could not resolve the callback host {host} ({exc})") from exc
    if not found:
        raise CallbackRefused(f"the callback host {host} resolves to no address")
    if not settings.allow_private_urls:
        for ip in found:
            reason = address_refusal(ip)
            if reason:
                raise CallbackRefused(
                    f"the callback host {host} resolves to {ip} ({reason}): private/loopback callback "
                    "URLs are not allowed (set CAPTIONCHECK_ALLOW_PRIVATE_URLS=true to allow them)"
                )
    return CallbackTarget(url, found)


def post(target: CallbackTarget, body: bytes, headers: dict[str, str], timeout_s: float) -> int:
    """POST `body` to the first checked address that connects; the HTTP status. httpx.HTTPError on failure."""
    failure: httpx.HTTPError | None = None
    for ip in target.addresses:
        try:
            return _post_to(target.url, ip, body, headers, timeout_s)
        except httpx.ConnectError as exc:
            failure = exc
    raise failure or httpx.ConnectError(f"no address of {target.url.host} answered")


def _post_to(url: httpx.URL, ip: IPAddress, body: bytes, headers: dict[str, str], timeout_s: float) -> int:
    host = f"[{ip}]" if ip.version == 6 else str(ip)
    pinned = f"{url.scheme}://{host}:{_port(url)}{url.raw_path.decode('ascii')}"
    sent = {**headers, "Host": url.netloc.decode("ascii"), "User-Agent": USER_AGENT,
            "Content-Type": "application/json"}
    extensions = {"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else {}
    with httpx.Client(trust_env=False, timeout=timeout_s, follow_redirects=False) as client:
        request = client.build_request("POST", pinned, content=body, headers=sent, extensions=extensions)
        response = client.send(request, stream=True)
        try:
            _read_capped(response, MAX_ANSWER_BYTES, time.monotonic() + timeout_s)
        finally:
            response.close()
        return response.status_code


def _read_capped(response: httpx.Response, max_bytes: int, deadline: float) -> int:
    """Read (and drop) the body until `max_bytes` or `deadline`, whichever comes first; bytes read.
    Raw bytes: a compressed body is never inflated."""
    seen = 0
    for chunk in response.iter_raw():
        seen += len(chunk)
        if seen >= max_bytes or time.monotonic() >= deadline:
            break
    return seen


def _parse(text: str) -> httpx.URL:
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_URL_CHARS:
        raise CallbackRefused(f"callback_url must be an http(s) URL of at most {MAX_URL_CHARS} characters")
    try:
        url = httpx.URL(text.strip())
    except (httpx.InvalidURL, TypeError, ValueError, UnicodeError) as exc:
        raise CallbackRefused(f"callback_url is not a valid URL ({exc})") from exc
    if url.scheme not in ("http", "https") or not url.raw_host:
        raise CallbackRefused("callback_url must be an absolute http(s) URL")
    if url.userinfo:
        raise CallbackRefused("callback_url must not carry a user name or password")
    return url


def _port(url: httpx.URL) -> int:
    return url.port or (443 if url.scheme == "https" else 80)
