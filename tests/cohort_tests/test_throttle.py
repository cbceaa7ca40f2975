import datetime

import pytest
from django.utils import timezone

from cohort import throttle
from cohort.throttle import RequestCount

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def test_counts_per_window_and_key_and_stores_no_plain_value():
    start = timezone.now().replace(minute=5)
    assert [throttle.hit("s", "a@example.org", limit=2, period=HOUR, now=start)
            for _ in range(3)] == [True, True, False]
    assert throttle.hit("s", "b@example.org", limit=2, period=HOUR, now=start)
    assert throttle.hit("s", "a@example.org", limit=2, period=HOUR, now=start + HOUR)
    assert not RequestCount.objects.filter(key__contains="example").exists()


def test_old_windows_are_purged():
    old = timezone.now() - datetime.timedelta(days=3)
    throttle.hit("s", "x", limit=1, period=HOUR, now=old)
    throttle.hit("s", "x", limit=1, period=HOUR)
    assert throttle.purge() == 1
    assert RequestCount.objects.count() == 1
