"""Production: refuses to start without a real secret, a host list and Redis."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env, flag, integer

from .base import *  # noqa: F403
from .base import INSECURE_SECRET_KEY, REDIS_URL, SECRET_KEY, STORAGES

DEBUG = False

if not SECRET_KEY or SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production.")
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production: Celery, the cache and the outbox rely on it."
    )

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

SECURE_SSL_REDIRECT = flag("SECURE_SSL_REDIRECT", True)
# Only behind a proxy that sets (overwrites) X-Forwarded-Proto; see docs/deploy.md.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = integer("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = flag("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
