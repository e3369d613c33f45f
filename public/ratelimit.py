"""Per-client limits for the public pages that touch the database on every request (stamp checks, fake
reports), counted by `core.ratelimit` in a store shared by every server process (the database, or Redis when
REDIS_URL is set). A client is its address's salted hash (`stamps.scanning.hash_ip`), never the address.

Behind a reverse proxy, REMOTE_ADDR is the proxy's: set PUBLIC_TRUSTED_PROXY_COUNT to the number of proxies
that append to X-Forwarded-For, and the client is read from there (the entry that many places from the
right; anything further left was written by the client and is not trusted)."""

from django.conf import settings
from django.shortcuts import render

from core import ratelimit
from core.errors import back_url
from stamps.scanning import hash_ip


def client_ip(request) -> str:
    proxies = settings.PUBLIC_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_hash(request) -> str:
    """The request's client as the salted hash stored with checks and used for limits (computed once)."""
    if not hasattr(request, "_public_client_hash"):
        request._public_client_hash = hash_ip(client_ip(request))
    return request._public_client_hash


def lookup_limit() -> int:
    return settings.STAMP_LOOKUP_RATE_PER_MINUTE


def report_limit() -> int:
    return settings.FAKE_REPORT_RATE_PER_HOUR


def follow_limit() -> int:
    return settings.FAKE_REPORT_FOLLOW_RATE_PER_HOUR


def allow(request, *, scope: str, limit: int, window: int) -> bool:
    """Count this request against the client's `limit` per `window` seconds (fixed windows); False once the
    limit is passed."""
    return ratelimit.hit(f"public:{scope}:{client_hash(request)}", window=window) <= limit


def too_many(request, *, window: int):
    """The 429 page, in Vietnamese, with Retry-After and a way back."""
    context = {"minutes": max(1, window // 60), "back_url": back_url(request)}
    response = render(request, "public/too_many.html", context, status=429)
    response["Retry-After"] = str(window)
    response["Cache-Control"] = "no-store"
    return response
