"""What ``bench/run.py`` measures with: a meter (time and queries), the rows, and the
request helpers. Imported once Django is set up."""

import statistics
import time

from django.db import connection, transaction

BARE_VISITOR, BARE_MEMBER, STATIC_VIEW = "__bench-bare__/", "__bench-bare-login__/", \
    "__bench-static__/"
STATIC_FILE = "css/site.css"


class Meter:
    """Times and counts the queries of what runs inside it (an execute wrapper, not
    CaptureQueriesContext: a request start resets the query log)."""

    def __init__(self):
        self.sql, self.ms = [], 0.0

    def _count(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self._count)
        self._wrapper.__enter__()
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.ms = (time.perf_counter() - self._started) * 1000
        self._wrapper.__exit__(*exc)
        return False


class Row:
    """One measured thing: ``fn(round_, meter)`` does it, measuring what it puts in the
    meter, and returns (status, response bytes). ``kind``: baseline, public (a visitor's
    page), rendered (the same with the page cache skipped), member (a signed-in page),
    admin, write or task."""

    def __init__(self, name, fn, *, kind, expect=200, visitor=None):
        self.name, self.fn, self.kind, self.expect = name, fn, kind, expect
        visitor = kind in ("public", "rendered") if visitor is None else visitor
        self.bare = BARE_VISITOR if visitor else BARE_MEMBER
        self.times, self.counts, self.sql = [], [], []
        self.status, self.size, self.error = None, None, None

    # A sample of a row under a millisecond is the mean of this many requests, one after
    # the other (``calibrate``): a single one is within the timer's and the machine's jitter.
    repeat = 1

    def run(self, round_, record=True):
        if self.error:
            return
        total = 0.0
        for _ in range(self.repeat):
            meter = Meter()
            try:
                self.status, self.size = self.fn(round_, meter)
            except Exception as error:  # a broken page is a result, not the end of the run
                self.error = f"{type(error).__name__}: {error}"[:300]
                return
            total += meter.ms
        self.last_ms = total / self.repeat
        if record:
            self.times.append(self.last_ms)
            self.counts.append(len(meter.sql))
            self.sql = meter.sql

    def calibrate(self, sample_ms=5.0, most=50):
        """After a warm-up run: repeat a request that took under ``sample_ms`` so that one
        sample takes about that long (reads only: a visitor's page, a bare view, a file)."""
        if self.kind in ("baseline", "public") and getattr(self, "last_ms", 0) > 0:
            self.repeat = max(1, min(most, round(sample_ms / self.last_ms)))

    @property
    def ok(self):
        return self.error is None and self.status == self.expect and bool(self.times)

    @property
    def ms(self):
        return statistics.median(self.times) if self.times else float("nan")

    @property
    def queries(self):
        return max(self.counts) if self.counts else None


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def request_get(client, url):
    def fn(_round, meter):
        with meter:
            response = client.get(url)
            body = _body(response)
        return response.status_code, len(body)
    fn.url = url
    return fn


def request_post(client, url, label):
    def fn(round_, meter):
        # A savepoint rolled back at once: the thread, counters and watches stay as seeded.
        with transaction.atomic():
            body = f"Reactie {label} in ronde {round_}: wat zie jij hier gebeuren?"
            with meter:
                response = client.post(url, {"body": body})
            transaction.set_rollback(True)
        return response.status_code, len(response.content)
    fn.url = url
    return fn


def fan_out_task(poster_id, reflection_id, label):
    """What the task after a post's commit does: the batches of one comment expanded into
    notifications (one per follower), timed apart from the request."""
    def fn(round_, meter):
        from cohort.models import User
        from cohort.notifications.models import NotificationBatch
        from cohort.notifications.services import batch_expand
        from cohort.threads import services
        from cohort.threads.models import Thread

        with transaction.atomic():
            thread = Thread.objects.get(reflection_id=reflection_id)
            comment = services.comment_post(
                user=User.objects.get(pk=poster_id), thread=thread,
                body=f"Taak {label} in ronde {round_}: wie volgt dit gesprek?")
            batches = list(NotificationBatch.objects.filter(
                event_key=f"comment:{comment.pk}").values_list("pk", flat=True))
            with meter:
                told = sum(batch_expand(pk) for pk in batches)
            transaction.set_rollback(True)
        return "task", told
    return fn
