"""The API's throttles, counted like every other rate limit (`core.ratelimit`): in fixed windows, in the store
every server process shares. DRF's own throttles keep a list of request times per client in the cache, read
then written back, so concurrent requests overwrite each other's entries even in a shared cache."""

from rest_framework.throttling import ScopedRateThrottle

from core import ratelimit

from .models import ApiToken


class SharedScopedRateThrottle(ScopedRateThrottle):
    """`ScopedRateThrottle` (the view's `throttle_scope`, rates from DEFAULT_THROTTLE_RATES, the client from
    DRF's `get_ident` and NUM_PROXIES), counted by `core.ratelimit.hit`."""

    def allow_request(self, request, view) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        return ratelimit.hit(key, window=self.duration) <= self.num_requests

    def wait(self) -> float:
        return ratelimit.seconds_left(self.duration)


class TokenRateThrottle(SharedScopedRateThrottle):
    """Requests signed with a token, counted per token (whoever sends them), at API_TOKEN_RATE; other requests
    are left to the view's own throttles. A default throttle class, and on every view with throttles of its own."""

    scope = "token"

    def allow_request(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return ratelimit.hit(f"api-token:{token.prefix}", window=self.duration) <= self.num_requests
