"""A Redis cache that degrades to "no cache" when Redis is down.

The cache holds only derived data and rate-limit counters, so a Redis outage
must not turn a login, a post or a page view into a 500 (DESIGN.md, rule 5).
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

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


# After a failure, this process leaves Redis alone for a while: a Redis that hangs (accepts
# and never answers) would otherwise cost every cache call its whole socket timeout, and a
# page makes several. Each process finds out for itself; nothing depends on it but speed.
RETRY_AFTER = 15.0
_resting_until: dict[str, float] = {}


def _guard(name, method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        where = str(self._servers)
        if time.monotonic() < _resting_until.get(where, 0.0):
            return _FALLBACKS[name](*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except (RedisError, OSError) as exc:
            _resting_until[where] = time.monotonic() + RETRY_AFTER
            logger.warning("Cache %s failed, carrying on without cache for %ss: %s", name,
                           RETRY_AFTER, exc)
            return _FALLBACKS[name](*args, **kwargs)

    return wrapper


class ResilientRedisCache(RedisCache):
    pass


for _name in _FALLBACKS:
    setattr(ResilientRedisCache, _name, _guard(_name, getattr(RedisCache, _name)))
