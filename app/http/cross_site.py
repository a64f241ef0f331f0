"""Refusing state-changing requests that a browser sends on behalf of another site.

A web page anywhere (or another port of this machine) can make a browser POST a check,
a sign-in or a text/plain webhook to the service: with no API key, loopback-only mode
and the session cookie would let it through. Browsers say where such a request comes
from: `Sec-Fetch-Site` (same-origin, same-site, cross-site, none) and `Origin`. A request
carrying an API key or a webhook signature is not checked: a browser cannot attach either
header to a cross-site request without a CORS preflight, which the service never grants.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Set by the page's own origin, or by the person (address bar, bookmark): never by another site.
_OWN_FETCH_SITES = frozenset({"same-origin", "none"})
_CREDENTIAL_HEADERS = ("authorization", "webhook-signature")
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def cross_site_reason(method: str, headers: dict[str, str], own_hosts: tuple[str, ...]) -> str | None:
    """Why this request looks sent by another site (None when it does not, or needs no check).

    `headers` are lower-cased names; `own_hosts` the host[:port] values this service is reached by
    (its Host header, and a trusted proxy's X-Forwarded-Host)."""
    if method.upper() in SAFE_METHODS or any(headers.get(name) for name in _CREDENTIAL_HEADERS):
        return None
    fetch_site = headers.get("sec-fetch-site", "").strip().lower()
    if fetch_site:
        return None if fetch_site in _OWN_FETCH_SITES else f"the browser marked it Sec-Fetch-Site: {fetch_site}"
    origin = headers.get("origin")
    if origin is None:
        return None  # not a browser (curl, a CMS), or one that sends neither header
    if _host_of(origin) not in {_normal(host) for host in own_hosts if host}:
        return f"it came from the page at Origin: {origin[:100]}"
    return None


def _host_of(origin: str) -> str | None:
    """host[:port] of an Origin header, default port dropped; None for 'null' or garbage."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return host if port is None or str(port) == _DEFAULT_PORTS[parts.scheme] else f"{host}:{port}"


def _normal(host: str) -> str:
    """A Host header as _host_of writes an origin's: lower case, without :80 or :443."""
    value = host.strip().lower()
    for port in _DEFAULT_PORTS.values():
        value = value.removesuffix(f":{port}")
    return value
