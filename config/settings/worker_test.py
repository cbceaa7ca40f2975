"""Settings for a Celery worker or helper process started by the test suite: the test
settings, but talking to the real broker (REDIS_URL) instead of running tasks in-process."""

from .test import *  # noqa: F403
from .test import REDIS_URL

CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
