"""After a failure, this process leaves that Redis server alone for a while.

A Redis that hangs (accepts and never answers) would otherwise cost every cache call and
every task publish its whole socket timeout, and a request makes several. The cache and the
broker usually share one server, so a failure seen by either rests both. Each process finds
out for itself; nothing depends on it but speed: the cache falls back to no cache and what
was not published waits in the database for the beat.
"""

import time
from urllib.parse import urlsplit

RETRY_AFTER = 15.0
_resting_until: dict[str, float] = {}


def _server(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 6379}" if parts.hostname else url


def resting(url: str) -> bool:
    return time.monotonic() < _resting_until.get(_server(url), 0.0)


def rest(url: str) -> None:
    _resting_until[_server(url)] = time.monotonic() + RETRY_AFTER


def clear() -> None:
    _resting_until.clear()
