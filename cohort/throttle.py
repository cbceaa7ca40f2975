"""Request limits that hold across processes: counters in the database, per fixed window.

Used where a request makes the site send mail to an address someone typed (the blog's
subscription form): a flood is stopped per client and per mailbox. The database, not the
cache, keeps the counts, so the limit also holds when Redis is down and with several
web processes. A key is stored as an HMAC, never as the address itself.
"""

from datetime import timedelta

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac


class RequestCount(models.Model):
    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "window_start"],
                                    name="cohort_requestcount_unique"),
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self):
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M} × {self.count}"


def _key(scope: str, value: str) -> str:
    return salted_hmac("cohort.throttle", f"{scope}:{value}", algorithm="sha256").hexdigest()[:64]


def hit(scope: str, value: str, *, limit: int, period: timedelta, now=None, amount=1) -> bool:
    """Count one request (or ``amount`` at once) for ``value`` in ``scope``; False once the
    window has seen more than ``limit``. Two concurrent requests never both take the last
    free place."""
    now = now or timezone.now()
    seconds = int(period.total_seconds())
    window = now - timedelta(seconds=int(now.timestamp()) % seconds,
                             microseconds=now.microsecond)
    lookup = {"scope": scope, "key": _key(scope, value), "window_start": window}
    with transaction.atomic():
        if not RequestCount.objects.filter(**lookup).update(count=F("count") + amount):
            try:
                with transaction.atomic():
                    RequestCount.objects.create(**lookup, count=amount)
            except IntegrityError:  # another request created the row first
                RequestCount.objects.filter(**lookup).update(count=F("count") + amount)
        count = RequestCount.objects.filter(**lookup).values_list("count", flat=True).get()
    return count <= limit


def purge(older_than=timedelta(days=2), now=None) -> int:
    """Beat task body: forget windows long past."""
    now = now or timezone.now()
    deleted, _ = RequestCount.objects.filter(window_start__lt=now - older_than).delete()
    return deleted
