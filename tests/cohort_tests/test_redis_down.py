"""Redis down: the cache degrades to "no cache"; logins, pages and writes still work."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

DEAD_CACHE = {
    "default": {
        "BACKEND": "config.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:9/1",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.fixture
def redis_down(settings):
    # Django's setting_changed handler rebuilds the cache connections.
    settings.CACHES = DEAD_CACHE
    yield


@pytest.fixture(autouse=True)
def _clean_cache():
    """Overrides the suite's cache clearing: the cache here is down on purpose."""
    yield


def test_cache_calls_fall_back_quietly(redis_down):
    from django.core.cache import cache

    assert cache.get("missing", "default") == "default"
    assert cache.add("lock", True) is True
    cache.set("key", "value")
    assert cache.get("key") is None  # nothing was stored: Redis is not there
    assert cache.get_many(["a", "b"]) == {}


def test_login_and_pages_work_with_redis_down(client, participant, programme, redis_down):
    response = client.post("/accounts/login/", {"login": participant.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/mijn-leergang/").status_code == 200
    client.logout()
    assert client.post("/accounts/password/reset/", {"email": participant.email}).status_code == 302
