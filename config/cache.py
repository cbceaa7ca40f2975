"""A Redis cache that degrades to "no cache" when Redis is down.

The cache holds only derived data and rate-limit counters, so a Redis outage
must not turn a login, a post or a page view into a 500 (DESIGN.md, rule 5).
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from config import redis_rest

logger = logging.getLogger(__name__)

_FALLBACKS = {
    "get": lambda *a, default=None, **k: default if not a[1:] else a[1],
    "get_many": lambda *a, **k: {},
    "has_key": lambda *a, **k: False,
    "add": lambda *a, **k: True,  # no cache, no lock to wait for
    "set": lambda *a, **k: None,
    "set_many": lambda *a, **k: [],
    "touch": lambda *a, **k: False,
    "delete": lambda *a, **k: False,
    "delete_many": lambda *a, **k: None,
    "incr": lambda *a, **k: 0,
    "clear": lambda *a, **k: None,
}


def _guard(name, method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        where = self._servers[0]
        if redis_rest.resting(where):
            return _FALLBACKS[name](*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except (RedisError, OSError) as exc:
            redis_rest.rest(where)
            logger.warning("Cache %s failed, carrying on without cache for %ss: %s", name,
                           redis_rest.RETRY_AFTER, exc)
            return _FALLBACKS[name](*args, **kwargs)

    return wrapper


class ResilientRedisCache(RedisCache):
    pass


for _name in _FALLBACKS:
    setattr(ResilientRedisCache, _name, _guard(_name, getattr(RedisCache, _name)))
