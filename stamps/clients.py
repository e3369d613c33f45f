"""Who is checking: the client of a public request (a shopper's phone, an app calling the API), as the salted
hash stored with each check (`scanning.hash_ip`), never the address; and the per-client limits of the public
look-ups, counted by `core.ratelimit` in a store shared by every server process. The verification page, the
fake-report form and the API's stamp check all count here, under the same keys, so a client has one allowance
for stamp look-ups whichever door it knocks on.

Behind a reverse proxy, REMOTE_ADDR is the proxy's: set PUBLIC_TRUSTED_PROXY_COUNT to the number of proxies
that append to X-Forwarded-For, and the client is read from there (the entry that many places from the
right; anything further left was written by the client and is not trusted)."""

from django.conf import settings

from core import ratelimit

from .scanning import hash_ip

LOOKUP = "lookup"
LOOKUP_WINDOW = 60


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


def allow(request, *, scope: str, limit: int, window: int) -> bool:
    """Count this request against the client's `limit` per `window` seconds (fixed windows); False once the
    limit is passed."""
    return ratelimit.hit(_key(request, scope), window=window) <= limit


def _key(request, scope: str) -> str:
    return f"public:{scope}:{client_hash(request)}"


def allow_lookup(request) -> bool:
    """One stamp look-up (page or API) against the client's STAMP_LOOKUP_RATE_PER_MINUTE."""
    return allow(request, scope=LOOKUP, limit=settings.STAMP_LOOKUP_RATE_PER_MINUTE, window=LOOKUP_WINDOW)


def allow_lookup_reading(request, key: str):
    """`allow_lookup`, and the shared cache's entry `key` read in the same round trip (the verification page
    needs the catalogue's version on every check). Returns (allowed, the value or None)."""
    count, value = ratelimit.hit_and_read(_key(request, LOOKUP), window=LOOKUP_WINDOW, read=key)
    return count <= settings.STAMP_LOOKUP_RATE_PER_MINUTE, value
