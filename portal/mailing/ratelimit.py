"""Sign-up attempts counted in the cache: per IP address and per email address.

A fixed window per limit (an hour for an IP address, a day for an email address), keyed by
a keyed hash of what is counted (no address in the cache). When the cache is unavailable
(``portal.core.cache.ResilientRedisCache`` answering as a dummy cache, or any cache error) the
attempt is allowed: the form keeps working and the per-address limit of the confirmation
emails is then not applied.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

logger = logging.getLogger("portal.mailing")

HOUR = 60 * 60
DAY = 24 * HOUR


def _hit(scope: str, value: str, *, limit: int, window: int) -> bool:
    """Count one attempt; False once there were more than ``limit`` in the window."""
    if limit <= 0:  # 0 turns the limit off
        return True
    digest = salted_hmac(f"portal.mailing.ratelimit.{scope}", value,
                         algorithm="sha256").hexdigest()[:32]
    key = f"mailing:rl:{scope}:{digest}:{int(time.time() // window)}"
    try:
        cache.add(key, 0, timeout=window)
        count = cache.incr(key)
    except ValueError:  # no such key: a dummy cache, or Redis is down
        return True
    except Exception as error:  # noqa: BLE001 - any other cache failure: let people in
        logger.warning("Sign-up rate limit not applied (cache error: %s).", error)
        return True
    return count <= limit


def allow_ip(ip: str) -> bool:
    return _hit("ip", ip or "unknown", limit=settings.MAILING_SIGNUPS_PER_IP_PER_HOUR,
                window=HOUR)


def allow_address(email: str) -> bool:
    return _hit("address", email.lower(), limit=settings.MAILING_SIGNUPS_PER_ADDRESS_PER_DAY,
                window=DAY)
