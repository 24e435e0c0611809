"""A Redis cache that a Redis outage cannot take down.

Django's RedisCache raises when Redis is unreachable, and every page would fail with it.
This backend turns connection errors into a miss (reads) or a no-op (writes), so pages fall
back to the database. It logs once when an outage starts and once when it ends, not per
request, and after a failure it leaves Redis alone for `RETRY_AFTER` seconds instead of
waiting on a connection for every request; then one call probes it again.

Keys under LOCAL_COPY_PREFIXES name content that never changes once written (one version
of one page): the backend keeps a copy of them in the process, so that a hit costs no round
trip to Redis, and those pages are still served from memory while Redis is down.

OPTIONS: the redis-py connection options, with low socket timeouts by default (a cache that
answers late is worse than none), plus RETRY_AFTER (seconds, default 2), LOCAL_COPY_PREFIXES
(default none) and LOCAL_COPY_MAX_BYTES (per process, default 32 MiB).
"""

import logging
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
DEFAULT_TIMEOUTS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
T = TypeVar("T")


class Breaker:
    """The outage state of one Redis location, shared by every thread of the process
    (Django makes one cache object per thread, so state on the object would log per thread)."""

    def __init__(self, location: str, retry_after: float):
        self.location, self.retry_after = location, retry_after
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.lock = threading.Lock()

    def skip(self) -> bool:
        """True while Redis is known to be down and the next probe is not due yet."""
        return self.down_since is not None and time.monotonic() < self.retry_at

    def failed(self, error: Exception) -> None:
        with self.lock:
            now = time.monotonic()
            self.retry_at = now + self.retry_after
            if self.down_since is None:
                self.down_since = now
                logger.warning(
                    "cache: Redis at %s is unavailable (%s); serving without the cache, "
                    "retrying every %ss",
                    self.location,
                    error,
                    self.retry_after,
                )

    def succeeded(self) -> None:
        if self.down_since is None:
            return
        with self.lock:
            if self.down_since is not None:
                logger.warning(
                    "cache: Redis at %s is back after %.1fs",
                    self.location,
                    time.monotonic() - self.down_since,
                )
                self.down_since = None


class LocalCopy:
    """Pickled copies of immutable entries, shared by the threads of a process; the least
    recently used go first once they pass `max_bytes`."""

    def __init__(self, max_bytes: int):
        self.max_bytes, self.size = max_bytes, 0
        self.entries: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self.lock:
            data = self.entries.get(key)
            if data is None:
                return None
            self.entries.move_to_end(key)
        return pickle.loads(data)

    def put(self, key: str, value: Any) -> None:
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(data) > self.max_bytes // 8:  # one entry may not push out most of the rest
            return
        with self.lock:
            self._discard(key)
            self.entries[key] = data
            self.size += len(data)
            while self.size > self.max_bytes:
                self.size -= len(self.entries.popitem(last=False)[1])

    def discard(self, key: str) -> None:
        with self.lock:
            self._discard(key)

    def _discard(self, key: str) -> None:
        old = self.entries.pop(key, None)
        self.size -= len(old) if old is not None else 0

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


_shared: dict[tuple[str, str], Any] = {}
_shared_lock = threading.Lock()


def _one_per_location(kind: str, location: str, make: Callable[[], T]) -> T:
    with _shared_lock:
        if (kind, location) not in _shared:
            _shared[kind, location] = make()
        return _shared[kind, location]


def breaker_for(location: str, retry_after: float) -> Breaker:
    return _one_per_location("breaker", location, lambda: Breaker(location, retry_after))


def _guarded(fallback: Callable[..., Any]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Run the RedisCache method unless Redis is down; on a connection error or while down,
    return fallback(*args, **kwargs) instead."""

    def decorate(method: Callable[..., T]) -> Callable[..., T]:
        @wraps(method)
        def wrapper(self: "ResilientRedisCache", *args: Any, **kwargs: Any) -> T:
            if self.breaker.skip():
                return fallback(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except UNAVAILABLE as error:
                self.breaker.failed(error)
                return fallback(*args, **kwargs)
            self.breaker.succeeded()
            return result

        return wrapper

    return decorate


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


def _default(key: str, default: Any = None, version: int | None = None) -> Any:
    return default


def _missing(key: str, *args: Any, **kwargs: Any) -> int:
    raise ValueError(f"Key '{key}' not found (the cache is unavailable).")


def _all_failed(data: dict, *args: Any, **kwargs: Any) -> list:
    return list(data)


_MISS = object()


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str | list[str], params: dict[str, Any]):
        options = dict(params.get("OPTIONS", {}))
        retry_after = float(options.pop("RETRY_AFTER", 2.0))
        self.local_prefixes = tuple(options.pop("LOCAL_COPY_PREFIXES", ()))
        max_bytes = int(options.pop("LOCAL_COPY_MAX_BYTES", 32 * 2**20))
        super().__init__(server, {**params, "OPTIONS": {**DEFAULT_TIMEOUTS, **options}})
        location = server if isinstance(server, str) else ",".join(server)
        self.breaker = breaker_for(location, retry_after)
        self.local = _one_per_location("copy", location, lambda: LocalCopy(max_bytes))

    # Reads miss, writes do nothing, incr says the key is missing (as for an expired key),
    # set_many reports every key as not stored: what callers already handle.
    add = _guarded(_false)(RedisCache.add)
    _get = _guarded(_default)(RedisCache.get)
    _set = _guarded(_nothing)(RedisCache.set)
    touch = _guarded(_false)(RedisCache.touch)
    _delete = _guarded(_false)(RedisCache.delete)
    get_many = _guarded(lambda *a, **k: {})(RedisCache.get_many)
    has_key = _guarded(_false)(RedisCache.has_key)
    incr = _guarded(_missing)(RedisCache.incr)
    _set_many = _guarded(_all_failed)(RedisCache.set_many)
    delete_many = _guarded(_nothing)(RedisCache.delete_many)
    _clear = _guarded(_nothing)(RedisCache.clear)

    def _local_key(self, key: str, version: int | None) -> str | None:
        if self.local_prefixes and key.startswith(self.local_prefixes):
            return self.make_and_validate_key(key, version=version)
        return None

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        local_key = self._local_key(key, version)
        if local_key is not None and (value := self.local.get(local_key)) is not None:
            return value
        value = self._get(key, _MISS, version=version)
        if value is _MISS:
            return default
        if local_key is not None:
            self.local.put(local_key, value)
        return value

    def set(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        if (local_key := self._local_key(key, version)) is not None:
            self.local.put(local_key, value)
        self._set(key, value, timeout, version=version)

    def set_many(
        self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[str]:
        for key, value in data.items():
            if (local_key := self._local_key(key, version)) is not None:
                self.local.put(local_key, value)
        return self._set_many(data, timeout, version=version)

    def delete(self, key: str, version: int | None = None) -> bool:
        if (local_key := self._local_key(key, version)) is not None:
            self.local.discard(local_key)
        return self._delete(key, version=version)

    def clear(self) -> None:
        self.local.clear()
        self._clear()
