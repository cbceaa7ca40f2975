"""Twenty members posting to one thread at once: every post lands, numbered once each."""

import threading

import pytest
from django.db import connection, connections

from cohort.models import Membership
from cohort.threads import services
from cohort.threads.models import Comment, Thread
from tests.factories import member
from tests.threads_tests.conftest import fresh, make_case

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs concurrent writers: PostgreSQL (make test runs it there)")
def test_twenty_concurrent_posts_all_land_with_correct_numbers(programme, edition1):
    author = member(edition1, first_name="Sanne", email="sanne@example.org")
    facilitator = member(edition1, role=Membership.Role.FACILITATOR, first_name="Marieke",
                         email="marieke@example.org")
    assert facilitator
    case = make_case(author, edition1)
    thread = services.thread_for_case(case)
    posters = [member(edition1, first_name=f"Lid{n}", email=f"lid{n}@example.org")
               for n in range(20)]
    first = services.comment_post(user=fresh(posters[0]), thread=thread, body="Begin.")
    barrier = threading.Barrier(20)
    errors = []

    def post(n):
        try:
            barrier.wait(timeout=30)
            services.comment_post(user=fresh(posters[n]), thread=thread, body=f"Bericht {n}",
                                  parent=first if n % 2 else None)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=post, args=(n,)) for n in range(20)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert errors == []
    thread = Thread.objects.get(pk=thread.pk)
    numbers = sorted(Comment.objects.filter(thread=thread).values_list("number", flat=True))
    assert numbers == list(range(1, 22))
    assert (thread.comment_count, thread.last_number) == (21, 21)
    roots = sorted(Comment.objects.filter(thread=thread, parent__isnull=True)
                   .values_list("root_index", flat=True))
    assert roots == list(range(1, thread.root_count + 1)) and thread.root_count == 11
