"""Local development: DEBUG on, mail to the console, SQLite unless DATABASE_URL says otherwise."""

from config.env import env, flag

from .base import *  # noqa: F403
from .base import MAILERS

DEBUG = flag("DEBUG", True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
INTERNAL_IPS = ["127.0.0.1"]
if not env.str("EMAIL_BACKEND", default=""):
    MAILERS["default"] = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
