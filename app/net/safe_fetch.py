"""Fetching a figure's image URL without letting the server be used as an SSRF proxy.

Each hop (the URL, then every redirect) is resolved once, every address it
resolves to is checked, and the connection goes to a checked address with the
real name carried in the Host header and TLS SNI. A DNS answer that changes
between the check and the connect (rebinding) therefore never reaches the
newsroom network.
"""

from __future__ import annotations

import io
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx
from PIL import Image, UnidentifiedImageError

import app
from app.errors import InputError, short_error
from app.settings import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]
Classifier = Callable[[IPAddress], str | None]

USER_AGENT = f"Captioncheck/{app.__version__} (+image fetch)"
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
_ACCEPT = "image/jpeg,image/png,image/webp,image/gif;q=0.9,*/*;q=0.1"
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_ALLOW_HINT = "set CAPTIONCHECK_ALLOW_PRIVATE_URLS=true to allow them"
_METADATA = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_FLAGS = ("unspecified", "loopback", "link_local", "multicast", "private", "reserved", "site_local")
_MAGIC = ((b"\xff\xd8\xff", "JPEG"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"))


def address_refusal(ip: IPAddress) -> str | None:
    """Why `ip` must not be fetched from (e.g. "loopback"), or None for a public address."""
    ip = _embedded_ipv4(ip) or ip
    if ip in _METADATA:
        return "cloud metadata"
    for flag in _FLAGS:
        if getattr(ip, f"is_{flag}", False):  # is_site_local exists for IPv6 only
            return flag.replace("_", "-")
    if ip.version == 4 and ip in _CGNAT:
        return "carrier-grade NAT"
    return None if ip.is_global else "not globally routable"


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    # IPv4-mapped, 6to4 and NAT64 addresses reach the IPv4 address inside them.
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def system_resolve(host: str, port: int) -> list[str]:
    """All addresses `host` resolves to, in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def sniff_image_format(data: bytes) -> str | None:
    """JPEG, PNG, WEBP or GIF when the bytes are one of those, else None."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    try:
        with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as opened:
            found = opened.format
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        return None
    return found if found in IMAGE_FORMATS else None


def fetch_image_bytes(
    url: str,
    settings: Settings,
    field: str,
    *,
    resolve: Resolver = system_resolve,
    classify: Classifier = address_refusal,
    ssl_context: ssl.SSLContext | None = None,
) -> bytes:
    """The bytes of the image at an http(s) URL; InputError for any refusal or failure.

    `resolve` and `classify` are seams for tests; `ssl_context` replaces the default
    (certifi) trust store, e.g. for a newsroom's private CA.
    """
    deadline = time.monotonic() + settings.fetch_timeout_s
    job = _Job(url, settings, field, deadline, resolve, classify, ssl_context)
    current = _parse_url(job, url)
    try:
        for hop in range(settings.max_redirects + 1):
            addresses = _checked_addresses(job, current, f" (redirected from {_show(url)})" if hop else "")
            result = _fetch_hop(job, current, addresses)
            if isinstance(result, bytes):
                return _require_image(result, url, field)
            current = result
    except httpx.TimeoutException as exc:
        raise job.error(_timed_out(job)) from exc
    except httpx.HTTPError as exc:
        raise job.error(f"could not fetch image {_show(url)} ({short_error(exc)})") from exc
    limit = settings.max_redirects
    raise job.error(f"too many redirects fetching {_show(url)} (over {limit}, CAPTIONCHECK_MAX_REDIRECTS)")


@dataclass(frozen=True)
class _Job:
    url: str  # as given, for messages
    settings: Settings
    field: str
    deadline: float  # time.monotonic() value
    resolve: Resolver
    classify: Classifier
    ssl_context: ssl.SSLContext | None

    def error(self, message: str) -> InputError:
        return InputError(message, field=self.field)


def _parse_url(job: _Job, text: str) -> httpx.URL:
    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, TypeError, ValueError, UnicodeError) as exc:
        raise job.error(f"not a valid URL: {_show(text)} ({short_error(exc)})") from exc
    via = "" if text == job.url else f" (redirected from {_show(job.url)})"
    if url.scheme not in ("http", "https"):
        scheme = f"{url.scheme}:" if url.scheme else "scheme-less"
        raise job.error(f"only http(s) image URLs are fetched, not {scheme} {_show(text)}{via}")
    if not url.raw_host:
        raise job.error(f"URL has no host: {_show(text)}{via}")
    if url.userinfo:
        raise job.error(f"URLs with a user name or password are not accepted{via}")
    return url


def _checked_addresses(job: _Job, url: httpx.URL, via: str) -> list[IPAddress]:
    host = url.raw_host.decode("ascii")
    try:
        found = [ipaddress.ip_address(a.split("%", 1)[0]) for a in job.resolve(host, _port(url))]
    except (OSError, UnicodeError, ValueError) as exc:
        raise job.error(f"could not resolve host {host} ({short_error(exc)})") from exc
    if not found:
        raise job.error(f"host {host} resolves to no address")
    if job.settings.allow_private_urls:
        return found
    for ip in found:
        reason = job.classify(ip)
        if reason:
            what = str(ip) if host == str(ip) else f"{host} resolves to {ip}"
            raise job.error(
                f"{what} ({reason}){via}: private/loopback addresses are not allowed ({_ALLOW_HINT})"
            )
    return found


def _fetch_hop(job: _Job, url: httpx.URL, addresses: list[IPAddress]) -> bytes | httpx.URL:
    """The body of a 200 answer, or the (syntax-checked) URL a redirect points to."""
    failure: httpx.ConnectError | None = None
    for ip in addresses:  # every one was checked; try the next only when connecting fails
        try:
            return _fetch_from(job, url, ip)
        except httpx.ConnectError as exc:
            failure = exc
    reason = short_error(failure) if failure else "no address answered"
    raise job.error(f"could not connect to {url.host} for {_show(job.url)} ({reason})")


def _fetch_from(job: _Job, url: httpx.URL, ip: IPAddress) -> bytes | httpx.URL:
    remaining = job.deadline - time.monotonic()
    if remaining <= 0:
        raise job.error(_timed_out(job))
    host = f"[{ip}]" if ip.version == 6 else str(ip)
    pinned = f"{url.scheme}://{host}:{_port(url)}{url.raw_path.decode('ascii')}"
    headers = {"Host": url.netloc.decode("ascii"), "User-Agent": USER_AGENT, "Accept": _ACCEPT}
    headers["Accept-Encoding"] = "identity"
    # httpcore passes the sni_hostname extension as server_hostname: SNI and certificate check.
    extensions = {"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else {}
    # A client per hop: a pooled TLS connection must never serve a host it was not verified for.
    verify: ssl.SSLContext | bool = job.ssl_context if job.ssl_context is not None else True
    with httpx.Client(trust_env=False, verify=verify, timeout=remaining, follow_redirects=False) as client:
        request = client.build_request("GET", pinned, headers=headers, extensions=extensions)
        response = client.send(request, stream=True)
        try:
            if response.status_code in _REDIRECT_CODES:
                return _redirect_target(job, url, response)
            if response.status_code != 200:
                status = f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
                raise job.error(f"image URL answered {status}: {_show(job.url)}")
            return _read_body(job, response)
        finally:
            response.close()


def _redirect_target(job: _Job, url: httpx.URL, response: httpx.Response) -> httpx.URL:
    location = response.headers.get("Location")
    if not location:
        raise job.error(f"{_show(job.url)} redirected (HTTP {response.status_code}) without a Location")
    try:
        target = str(url.join(location))
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
        raise job.error(f"{_show(job.url)} redirected to an invalid URL ({short_error(exc)})") from exc
    return _parse_url(job, target)


def _read_body(job: _Job, response: httpx.Response) -> bytes:
    limit = job.settings.max_image_bytes
    declared = response.headers.get("Content-Length", "").strip()
    if declared.isdigit() and int(declared) > limit:
        raise job.error(_too_big(int(declared), job.settings))
    chunks: list[bytes] = []
    received = 0
    for chunk in response.iter_bytes():
        received += len(chunk)
        if received > limit:
            raise job.error(_too_big(received, job.settings))
        # The read timeout is per read; a server that trickles bytes meets this wall clock instead.
        if time.monotonic() > job.deadline:
            raise job.error(_timed_out(job))
        chunks.append(chunk)
    return b"".join(chunks)


def _require_image(data: bytes, url: str, field: str) -> bytes:
    if sniff_image_format(data) is None:
        raise InputError(f"{_show(url)} {_describe(data)}", field=field)
    return data


def _describe(data: bytes) -> str:
    if not data:
        return "is not an image (the response is empty)"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in head:
        return "is not an image (looks like HTML)"
    if head.startswith(b"<?xml") or b"<svg" in head:
        return "is not an accepted image (looks like XML or SVG; JPEG, PNG, WebP or GIF needed)"
    if head[:1] in (b"{", b"["):
        return "is not an image (looks like JSON)"
    return "is not a JPEG, PNG, WebP or GIF image"


def _port(url: httpx.URL) -> int:
    return url.port or (443 if url.scheme == "https" else 80)


def _timed_out(job: _Job) -> str:
    limit = job.settings.fetch_timeout_s
    return f"timed out after {limit:g}s fetching {_show(job.url)} (CAPTIONCHECK_FETCH_TIMEOUT_S)"


def _too_big(size: int, settings: Settings) -> str:
    return (
        f"image is {size:,} bytes or more, over the limit of {settings.max_image_bytes:,} "
        "(CAPTIONCHECK_MAX_IMAGE_BYTES)"
    )


def _show(url: str) -> str:
    return url if len(url) <= 200 else url[:197] + "..."
