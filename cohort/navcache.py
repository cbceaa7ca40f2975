"""The header's public part (site name, programme, blog), kept in the cache (Redis in
production, shared by every process) so a page does not query for it each time.

Anything that could change it (a page published, unpublished, moved or deleted, a site
saved or deleted) moves the version on, which leaves every stored entry behind at once;
each entry also expires after ``NAV_CACHE_SECONDS``. With Redis down nothing is cached
and the header is worked out as before.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache

VERSION_KEY = "nav:version"
logger = logging.getLogger(__name__)


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh start from the clock, not 1: should Redis drop the key, no older entry
        # (nor a page from config.pagecache) comes back under a version used before.
        cache.add(VERSION_KEY, time.time_ns() // 1000, None)
        version = cache.get(VERSION_KEY) or 0
    return version


def request_version(request) -> int:
    """The version, read once per request (the header and the page cache both key on it)."""
    version = getattr(request, "_nav_version", None)
    if version is None:
        version = request._nav_version = _version()
    return version


def cached(request, name: str, compute):
    """``compute()`` for this host, from the cache when it is there. ``compute`` must
    return plain data (strings, numbers, tuples), the same for every visitor."""
    return _get_or_compute(f"nav:{request_version(request)}:{name}:{request.get_host()}",
                           compute)


def remembered(name: str, compute, timeout: int | None = None):
    """``cached`` for what is the same on every host and needs no request (the view
    restrictions under a page), for ``timeout`` seconds at most."""
    return _get_or_compute(f"nav:{_version()}:{name}", compute, timeout)


def _get_or_compute(key: str, compute, timeout: int | None = None):
    missing = object()
    value = cache.get(key, missing)
    if value is missing:
        value = compute()
        cache.set(key, value, settings.NAV_CACHE_SECONDS if timeout is None else timeout)
    return value


def purge(**kwargs) -> None:
    """Every stored header (and public page, config.pagecache) is stale: the next page
    works it out again. Now, and again after the commit: a request between the two could
    still have read the old rows and stored them under the new version."""
    from django.db import connection, transaction

    _bump()
    if connection.in_atomic_block:
        transaction.on_commit(_bump)


def _bump() -> None:
    from django.core.cache import caches

    from config import redis_rest
    from config.cache import ResilientRedisCache

    backend = caches["default"]
    if isinstance(backend, ResilientRedisCache) and redis_rest.resting(backend._servers[0]):
        _bump_past_the_rest(backend)
        return
    try:
        backend.incr(VERSION_KEY)
    except ValueError:  # not stored yet (or dropped): a new version from the clock
        backend.add(VERSION_KEY, time.time_ns() // 1000, None)


def _bump_past_the_rest(backend) -> None:
    """This process rests on Redis after a failed call, but the other processes may still
    read the copies Redis holds: try the purge anyway, waiting a fifth of a second at most
    (a hung Redis must not hold the write that purges)."""
    import redis

    client = redis.Redis.from_url(backend._servers[0], socket_timeout=0.2,
                                  socket_connect_timeout=0.2)
    try:
        client.incr(backend.make_and_validate_key(VERSION_KEY))
    except (redis.RedisError, OSError):
        logger.warning("The navigation and page cache could not be purged: Redis is away")
    finally:
        client.close()


# Who may see a page is kept for a minute at most, even should a purge not reach Redis.
PRIVACY_SECONDS = 60


def _alias_converted(sender, instance, created=False, **kwargs):
    if created and instance.action == "wagtail.convert_alias":
        purge()


def connect():
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageLogEntry, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(purge, dispatch_uid="cohort.navcache.published")
    page_unpublished.connect(purge, dispatch_uid="cohort.navcache.unpublished")
    post_page_move.connect(purge, dispatch_uid="cohort.navcache.moved")
    post_delete.connect(purge, sender=Page, dispatch_uid="cohort.navcache.deleted")
    post_save.connect(purge, sender=Site, dispatch_uid="cohort.navcache.site_saved")
    post_delete.connect(purge, sender=Site, dispatch_uid="cohort.navcache.site_deleted")
    # A page made private (or public again) in the privacy dialog changes who may see it.
    post_save.connect(purge, sender=PageViewRestriction,
                      dispatch_uid="cohort.navcache.restriction_saved")
    post_delete.connect(purge, sender=PageViewRestriction,
                        dispatch_uid="cohort.navcache.restriction_deleted")
    m2m_changed.connect(purge, sender=PageViewRestriction.groups.through,
                        dispatch_uid="cohort.navcache.restriction_groups")
    # An alias converted to an ordinary page has its own restrictions from then on, and
    # Wagtail says so only in its log.
    post_save.connect(_alias_converted, sender=PageLogEntry,
                      dispatch_uid="cohort.navcache.alias_converted")
    # Images are shown on public pages and in feeds; replacing or deleting one changes them.
    image = get_image_model()
    post_save.connect(purge, sender=image, dispatch_uid="cohort.navcache.image_saved")
    post_delete.connect(purge, sender=image, dispatch_uid="cohort.navcache.image_deleted")
