"""A Redis cache that degrades to "no cache" while Redis is unreachable.

Everything the portal keeps in its cache can be recomputed: rendered public pages, the
home page's key figures, allauth's sign-in rate limits. So when Redis is down a page must
still render and a partner must still be able to sign in: every operation that fails with
a connection error or a time-out logs one warning (at most one every
``WARN_EVERY_SECONDS``) and answers as Django's dummy cache does (``get`` gives the
default, ``set`` and ``add`` store nothing); for ``RETRY_AFTER_SECONDS`` the process then
does not try Redis again, so a server that is unreachable (not just refusing) does not cost
a time-out per request.

What could not be written while Redis was unreachable is not silently lost: the first time a
process reaches Redis again after an outage it saw, it sends :data:`cache_recovered`
before doing anything else, and the public page cache answers by bumping its version
(``portal.core.pagecache``), since a change made meanwhile could not. Redis keeps its data on
disk in production, so without this the pages from before the change would come back.

It also keeps one Redis client per connection pool (:class:`ReusedClientRedisCacheClient`):
Django's client builds a new ``redis.Redis`` for every operation, and building one (its
table of response callbacks) costs more than the round trip to Redis itself.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections import OrderedDict

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal

logger = logging.getLogger("portal.core.cache")

# Sent (with ``cache``, the backend) when a process reaches Redis again after an outage it
# saw, before the operation that reached it.
cache_recovered = Signal()

RETRY_AFTER_SECONDS = 5.0
WARN_EVERY_SECONDS = 60.0

_MISSES = {
    "get": lambda args, kwargs: kwargs.get("default", args[1] if len(args) > 1 else None),
    "get_many": lambda args, kwargs: {},
    "has_key": lambda args, kwargs: False,
    # As Django's DummyCache: "added" (a caller's lock, such as allauth's rate-limit lock,
    # must not wait for a cache that is not there).
    "add": lambda args, kwargs: True,
    "set": lambda args, kwargs: None,
    "set_many": lambda args, kwargs: [],
    "touch": lambda args, kwargs: False,
    "delete": lambda args, kwargs: False,
    "delete_many": lambda args, kwargs: None,
    "clear": lambda args, kwargs: False,
    "get_or_set": None,  # built on get and add, which already degrade
}


def _unavailable_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, with one ``redis.Redis`` per connection pool instead of
    a new one per operation.

    A ``redis.Redis`` holds no connection of its own: each command takes one from the pool
    and gives it back (Django's caches are per thread, so each thread has its own backend,
    pool and client), and the pool starts afresh in a forked process (a Celery or gunicorn
    worker) as before.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        # Django's private _get_connection_pool and _client: if the installed Django
        # changes them, tests/architecture/test_patched_internals.py fails, naming them.
        pool = self._get_connection_pool(write)
        # Pools are kept for the life of the client (``self._pools``): an id is never reused.
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering as a miss while Redis is unavailable."""

    _down_until = 0.0
    _warned_at = 0.0
    # Whether this process saw an outage it has not yet announced the end of.
    _saw_outage = False

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _unavailable(self, operation: str, error: BaseException) -> None:
        now = time.monotonic()
        cls = type(self)
        cls._down_until = now + RETRY_AFTER_SECONDS
        cls._saw_outage = True
        if now - cls._warned_at >= WARN_EVERY_SECONDS:
            cls._warned_at = now
            logger.warning(
                "Cache unavailable (%s failed: %s); serving without the cache for now.",
                operation, error,
            )

    @property
    def is_down(self) -> bool:
        return time.monotonic() < type(self)._down_until

    def _usable(self) -> bool:
        """Whether to try Redis now; after an outage this process saw, announce its end
        first (:data:`cache_recovered`), so receivers write before anyone reads."""
        if self.is_down:
            return False
        cls = type(self)
        if cls._saw_outage:
            cls._saw_outage = False
            # A receiver's error must not become the caller's (a page, a sign-in).
            for receiver, error in cache_recovered.send_robust(sender=cls, cache=self):
                if isinstance(error, Exception):
                    logger.error("After the cache came back, %r failed: %s", receiver, error)
            # A receiver whose write failed has seen the outage again.
            return not self.is_down
        return True

    def incr(self, key, delta=1, version=None):
        # A missing key is a ValueError as in every backend; an outage is one too, so the
        # caller's "not in the cache" path runs.
        if not self._usable():
            raise ValueError(f"Key {key!r} not found (cache unavailable)")
        try:
            return super().incr(key, delta, version)
        except _unavailable_errors() as error:
            self._unavailable("incr", error)
            raise ValueError(f"Key {key!r} not found (cache unavailable)") from error


    def count(self, key, timeout: int, limit: int,
              version=None) -> tuple[int, float] | None:
        """Add one to the counter ``key`` (see :func:`count`); None while Redis is
        unavailable."""
        return self.get_many_and_count([], key, timeout, limit, version=version)[1]

    def get_many_and_count(self, keys, counter, timeout: int, limit: int, by: int = 1,
                           version=None) -> tuple[dict, tuple[int, float] | None]:
        """``get_many(keys)`` and ``count(counter, timeout, limit, by)`` in one round trip
        (the commands sent together, :func:`_one_round_trip`); ({}, None) while Redis is
        unavailable.

        The counter is created with its expiry if it is not there (``SET NX EX``: the first
        count of a window opens it), then counted (``INCRBY``) and the time left read
        (``PTTL``), all in the same write. A counter found without expiry (it was created
        by an older release, or lost its expiry) is given one, so it can never refuse for
        ever. ``limit`` is not used on Redis (the caller decides)."""
        if not self._usable():
            return {}, None
        made = {self.make_and_validate_key(key, version=version): key for key in keys}
        full = self.make_and_validate_key(counter, version=version)
        try:
            client = self._cache
            redis_client = client.get_client(full, write=True)
            commands = [("SET", full, 0, "EX", timeout, "NX"), ("INCRBY", full, by),
                        ("PTTL", full)]
            if made:
                commands.append(("MGET", *made))
            answers = _one_round_trip(redis_client, commands)
            counted, left_ms = answers[1], answers[2]
            if left_ms < 0:  # no expiry: start the window now
                redis_client.expire(full, timeout)
                left = float(timeout)
            else:
                left = left_ms / 1000
        except _unavailable_errors() as error:
            self._unavailable("get_many_and_count", error)
            return {}, None
        found = {}
        if made:
            # Django's client decodes values with its serializer (RedisCacheClient._serializer;
            # tests/architecture/test_patched_internals.py names it).
            found = {made[key]: client._serializer.loads(value)
                     for key, value in zip(made, answers[3], strict=True) if value is not None}
        return found, (counted, left)


def _one_round_trip(redis_client, commands: list[tuple]) -> list:
    """Send ``commands`` to Redis in one write and read their replies, on a connection of the
    client's pool: what redis-py's pipeline does, without its bookkeeping (measured here:
    ``INCR`` and ``MGET`` by redis-py's pipeline 42 µs, this way 24 µs, as a lone ``GET``;
    a Lua script doing both costs Redis itself 13 µs a call, against 2 for the two
    commands). Replies are Redis's own (bytes, integers), with no response callbacks. A
    connection left with unread replies (an error midway) is closed, never given back to be
    reused as it is."""
    pool = redis_client.connection_pool
    connection = pool.get_connection()
    try:
        connection.send_packed_command(connection.pack_commands(commands))
        return [connection.read_response() for _command in commands]
    except BaseException:
        connection.disconnect()
        raise
    finally:
        pool.release(connection)


def count(cache, key: str, timeout: int, limit: int) -> tuple[int, float] | None:
    """Add one to a counter of ``cache`` that lives ``timeout`` seconds from its first count
    (a rate limit's window): (the new count, seconds left in the window: exact on Redis, the
    whole window elsewhere); None when the cache is unavailable. Atomic on Redis (``INCRBY``:
    concurrent counts are never lost), one round trip
    (:meth:`ResilientRedisCache.get_many_and_count`); elsewhere (the tests' local memory)
    ``add`` and ``incr``."""
    return get_many_and_count(cache, [], key, timeout, limit)[1]


def get_many_and_count(cache, keys: list[str], counter: str, timeout: int, limit: int,
                       by: int = 1) -> tuple[dict, tuple[int, float] | None]:
    """``cache.get_many(keys)`` and :func:`count` of ``counter`` (``by`` counts at once): in
    one round trip on Redis."""
    both = getattr(cache, "get_many_and_count", None)  # also through django.core.cache.cache
    if both is not None:
        return both(keys, counter, timeout, limit, by)
    found = cache.get_many(keys) if keys else {}
    cache.add(counter, 0, timeout)
    try:
        return found, (cache.incr(counter, by), float(timeout))
    except ValueError:  # gone meanwhile, or the cache is unavailable
        return found, None


class Allowances:
    """This process's share of shared counters (the rate limits' windows): counts claimed
    from the counter in blocks, so that a client's requests served one after another by
    one process do not each make a round trip to count.

    * The first count of a client's window in a process is claimed alone (a client seen
      once costs one count, as without blocks); each later claim in the same window is
      twice the last, at most :attr:`MAX_BLOCK`, and never more than an eighth of what is
      left before the limit, so near the limit every count is claimed alone.
    * Counts are claimed before they are used: the counter never says fewer requests than
      were served, and a client never gets more than the limit in a window. What a process
      claimed and did not use (it stopped, or the client went to another process) counts
      against the client: it may be refused a little before the limit, by at most the
      blocks the processes hold, which shrink as the limit nears.
    * Once a window is over the limit the process refuses the client until the window
      ends, without asking again (the counter only grows within a window).
    * A block ends with its window (the counter's time left, read with each claim).
    """

    MAX_BLOCK = 64
    # Clients remembered per process: the least recently counted forgotten first (forgetting
    # costs a round trip at the client's next request, nothing else).
    CLIENTS = 10_000

    def __init__(self) -> None:
        # key -> [next number, last number claimed, monotonic end of the window, last block]
        self._blocks: OrderedDict[str, list] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str, limit: int) -> tuple[int, float] | None:
        """This request's count (number, seconds left in the window) from the block held
        for ``key``, or None: a claim is needed (:meth:`size`, then :meth:`claimed`)."""
        now = time.monotonic()
        with self._lock:
            block = self._blocks.get(key)
            if block is None:
                return None
            number, last, ends_at, _size = block
            if now >= ends_at:
                del self._blocks[key]
                return None
            if number > limit:  # refused until the window ends
                return number, ends_at - now
            if number > last:
                return None
            block[0] = number + 1
            return number, ends_at - now

    def size(self, key: str, limit: int) -> int:
        """How many counts to claim for ``key`` now (see the class)."""
        with self._lock:
            block = self._blocks.get(key)
            if block is None or time.monotonic() >= block[2]:
                return 1
            return max(1, min(block[3] * 2, self.MAX_BLOCK, (limit - block[1]) // 8))

    def claimed(self, key: str, by: int, counted: tuple[int, float]) -> tuple[int, float]:
        """Keep the block of ``by`` counts that brought the counter to ``counted`` (the new
        count, seconds left); the count of the request that claimed it (its first)."""
        total, left = counted
        first = total - by + 1
        with self._lock:
            self._blocks[key] = [first + 1, total, time.monotonic() + left, by]
            self._blocks.move_to_end(key)
            while len(self._blocks) > self.CLIENTS:
                self._blocks.popitem(last=False)
        return first, left

    def claim(self, cache, keys: list[str], key: str, timeout: int,
              limit: int) -> tuple[dict, tuple[int, float] | None]:
        """Claim the next block for ``key`` (:meth:`size`) and read ``keys``, in one round
        trip (:func:`get_many_and_count`): what was found, and this request's count (None
        while the cache is unavailable)."""
        by = self.size(key, limit)
        found, counted = get_many_and_count(cache, keys, key, timeout, limit, by)
        return found, None if counted is None else self.claimed(key, by, counted)

    def clear(self) -> None:
        with self._lock:
            self._blocks.clear()


ALLOWANCES = Allowances()


def _degrading(name: str, miss):
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if not self._usable():
            return miss(args, kwargs)
        try:
            return method(self, *args, **kwargs)
        except _unavailable_errors() as error:
            self._unavailable(name, error)
            return miss(args, kwargs)

    return wrapper


for _name, _miss in _MISSES.items():
    if _miss is not None:
        setattr(ResilientRedisCache, _name, _degrading(_name, _miss))
