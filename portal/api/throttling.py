"""Each client (by address) gets ``settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api"]``
requests, counted in the default cache (Redis in production, shared by every web process).
Behind a proxy, ``REMOTE_ADDR`` must be the client's (DRF trusts ``X-Forwarded-For`` only
with ``NUM_PROXIES`` set)."""

from rest_framework.throttling import SimpleRateThrottle


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
