"""Network access on behalf of users: fetching image URLs without becoming an SSRF proxy."""

from app.net.safe_fetch import (
    USER_AGENT,
    address_refusal,
    fetch_image_bytes,
    sniff_image_format,
    system_resolve,
)

__all__ = ["USER_AGENT", "address_refusal", "fetch_image_bytes", "sniff_image_format", "system_resolve"]
