"""The one object through which settings read the environment.

Every reader raises ``ImproperlyConfigured`` naming the variable, so a missing
or malformed value stops the process at start-up instead of failing later.
"""

from urllib.parse import urlsplit, urlunsplit

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def flag(name: str, default: bool) -> bool:
    """A boolean variable; anything other than a clear yes/no is refused."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off (got {raw!r})."
    )


def integer(name: str, default: int) -> int:
    raw = env.str(name, default=None)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r}).") from None


def database(name: str, default: str) -> dict:
    raw = env.str(name, default=default)
    scheme = urlsplit(raw).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name} must be a sqlite:/// or postgres:// URL (got scheme {scheme!r})."
        )
    try:
        config = environ.Env.db_url_config(raw)
    except Exception as exc:  # environ raises several types on bad URLs
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from exc
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database (got {raw!r}).")
    return config


def redis(name: str) -> str | None:
    """A redis:// URL or None when unset (tasks then run in-process)."""
    raw = env.str(name, default="").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ImproperlyConfigured(f"{name} must look like redis://host:port (got {raw!r}).")
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a malformed port (got {raw!r}).") from None
    return raw


def redis_db(url: str, db: int) -> str:
    """The same Redis server with another database number (cache and broker apart)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, ""))
