"""Who may call what: API keys for /v1/*, logins for the web form, loopback when neither is set.

Keys are kept only as SHA-256 digests and compared with hmac.compare_digest;
a key is named in logs and rate limits by a short prefix of its digest, never
by the key itself.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from typing import Literal

from app.settings import Settings

Area = Literal["api", "hook", "web", "open"]
KEYS_ENV = "CAPTIONCHECK_API_KEYS"
USERS_ENV = "CAPTIONCHECK_WEB_USERS"
MIN_KEY_CHARS = 16
_OPEN_PATHS = ("/healthz", "/readyz", "/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect")
_RELAY_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


class ConfigError(ValueError):
    """A security setting is malformed; the message names it (never its secret value)."""


def area_of(path: str, method: str = "GET") -> Area:
    """Which rule guards a request: the API, the webhook (its own signatures), the web form, or none.

    Only POSTs to the webhook are signed; reading a webhook's status takes an API key like /v1/checks.
    """
    if (path.startswith("/v1/hooks/") or path == "/v1/hooks") and method == "POST":
        return "hook"
    if path.startswith("/v1/") or path == "/v1" or path == "/metrics":
        return "api"
    if path in _OPEN_PATHS or path.startswith("/static/"):
        return "open"
    return "web"


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_local_request(client: str | None, headers: dict[str, str]) -> bool:
    """From this machine, naming this machine, and not relayed by a proxy."""
    relayed = any(name in headers for name in _RELAY_HEADERS)
    return is_loopback(client) and is_loopback_host_header(headers.get("host")) and not relayed


def is_loopback_host_header(value: str | None) -> bool:
    """A Host header naming this machine (a defence against DNS rebinding in open mode)."""
    if not value:
        return True  # HTTP/1.0 without Host: the client address check still applies
    if value.startswith("["):
        name = value[1:value.find("]")] if "]" in value else value
    else:
        name = value.split(":")[0] if value.count(":") <= 1 else value
    return name.lower() in _LOOPBACK_NAMES or is_loopback(name)


@dataclass(frozen=True)
class ApiKeys:
    digests: tuple[bytes, ...]

    @classmethod
    def parse(cls, text: str | None) -> ApiKeys:
        keys = [item.strip() for item in (text or "").split(",") if item.strip()]
        for number, key in enumerate(keys, start=1):
            if len(key) < MIN_KEY_CHARS:
                raise ConfigError(f"{KEYS_ENV}: key number {number} is shorter than {MIN_KEY_CHARS} "
                                  "characters (make one with: python -c \"import secrets; "
                                  "print(secrets.token_urlsafe(32))\")")
        return cls(tuple(hashlib.sha256(key.encode()).digest() for key in keys))

    def __bool__(self) -> bool:
        return bool(self.digests)

    def match(self, presented: str) -> str | None:
        """The key's name (`key-<digest prefix>`) when `presented` is one of the keys, else None."""
        digest = hashlib.sha256(presented.encode("utf-8", "surrogateescape")).digest()
        found: bytes | None = None
        for candidate in self.digests:  # every key compared: no early exit
            if hmac.compare_digest(digest, candidate):
                found = candidate
        return f"key-{found.hex()[:8]}" if found is not None else None


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


@dataclass(frozen=True)
class TrustedProxies:
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]

    @classmethod
    def parse(cls, text: str | None) -> TrustedProxies:
        networks = []
        for item in (text or "").split(","):
            if item.strip():
                try:
                    networks.append(ipaddress.ip_network(item.strip(), strict=False))
                except ValueError:
                    raise ConfigError(f"CAPTIONCHECK_TRUSTED_PROXIES: {item.strip()!r} is not an "
                                      "address or network") from None
        return cls(tuple(networks))

    def trusts(self, host: str | None) -> bool:
        try:
            address = ipaddress.ip_address(host or "")
        except ValueError:
            return False
        return any(address in network for network in self.networks)


@dataclass(frozen=True)
class AccessPolicy:
    api_keys: ApiKeys
    user_header: str | None
    proxies: TrustedProxies
    web_users: frozenset[str]  # names in CAPTIONCHECK_WEB_USERS
    address_header: str | None = None  # where a trusted proxy passes the client's address

    @classmethod
    def from_settings(cls, settings: Settings, web_users: frozenset[str]) -> AccessPolicy:
        header = (settings.trusted_user_header or "").strip().lower() or None
        address = (settings.client_address_header or "").strip().lower() or None
        return cls(ApiKeys.parse(settings.api_keys), header, TrustedProxies.parse(settings.trusted_proxies),
                   web_users, address)

    @property
    def web_protected(self) -> bool:
        return bool(self.web_users) or self.user_header is not None

    def client_address(self, peer: str | None, headers: dict[str, str]) -> str | None:
        """The client's address: what a trusted proxy says in address_header, else the peer's.

        A list (X-Forwarded-For) names every hop, each appended by the proxy it reached: the
        client is the rightmost address no trusted proxy holds (what is left of it, anyone may forge)."""
        if self.address_header is None or not self.proxies.trusts(peer):
            return peer
        hops = [hop.strip() for hop in headers.get(self.address_header, "").split(",") if hop.strip()]
        try:
            addresses = [str(ipaddress.ip_address(hop)) for hop in hops]
        except ValueError:
            return peer
        outside = [address for address in addresses if not self.proxies.trusts(address)]
        return outside[-1] if outside else (addresses[0] if addresses else peer)

    def proxy_user(self, client: str | None, headers: dict[str, str]) -> str | None:
        """The user a trusted proxy vouches for; None from anyone else."""
        if self.user_header is None or not self.proxies.trusts(client):
            return None
        return headers.get(self.user_header, "").strip()[:200] or None
