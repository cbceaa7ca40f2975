"""A thread page's cost does not grow with its length, nor with the number of editions."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cohort.threads.models import Comment, Reaction, Thread
from tests.factories import member
from tests.threads_tests.conftest import make_case, reflect

pytestmark = pytest.mark.django_db

# All of a page's queries, the header's public part being cached (cohort.navcache) and the
# session read through the cache: the user, their roles, the reflection with its thread
# and read position, the unread count (the header's, also whether there is anything to
# mark read), the page of comments, their reactions, the watch level. A case page adds
# its history, feedback, attachments and audience.
PAGE_MAX = {"reflection": 7, "case": 12}


def grow(thread, people, count):
    """``count`` comments (a third of them replies) with reactions, in bulk."""
    start = thread.last_number
    roots, now = [], timezone.now()
    for n in range(count):
        number = start + n + 1
        is_reply = n % 3 == 2 and roots
        root = roots[-1] if is_reply else None
        comment = Comment(thread=thread, number=number, author=people[n % len(people)],
                          root_index=root.root_index if root else thread.root_count + 1,
                          parent=root, body=f"Reactie {number}", body_html=f"<p>Reactie {number}</p>")
        if not is_reply:
            thread.root_count += 1
        comment.save()
        if not is_reply:
            roots.append(comment)
        if n % 4 == 0:
            Reaction.objects.create(comment=comment, user=people[(n + 1) % len(people)],
                                    kind="dank")
    thread.last_number = thread.comment_count = start + count
    thread.last_comment_at = now
    thread.save()


def count_queries(client, url, django_assert_max_num_queries, limit):
    """The queries of a page read before. A first visit also stores the read position and
    works out the header (the site, programme and blog links) before it is cached."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_assert_max_num_queries(limit + 8):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) <= limit
    return len(captured)


@pytest.mark.parametrize("kind", ["case", "reflection"])
def test_thread_page_queries_do_not_grow_with_comments(client, block, prompts, edition1,
                                                       participant, peer, facilitator,
                                                       django_assert_max_num_queries, kind):
    people = [participant, peer, facilitator]
    if kind == "case":
        subject = make_case(participant, edition1)
        from cohort.threads.services import thread_for_case

        thread = thread_for_case(subject)
    else:
        subject = reflect(participant, edition1, block, prompts[1])
        thread = Thread.objects.get(reflection=subject)
    client.force_login(peer)
    grow(thread, people, 6)
    small = count_queries(client, subject.get_absolute_url(), django_assert_max_num_queries,
                          PAGE_MAX[kind])
    grow(thread, people, 120)
    for page in ("", "?pagina=2", "?pagina=6"):
        large = count_queries(client, subject.get_absolute_url() + page,
                              django_assert_max_num_queries, PAGE_MAX[kind])
        assert large == small, page
    # More members and editions change nothing either.
    for n in range(8):
        member(edition1, first_name=f"Extra{n}", email=f"extra{n}@example.org")
    assert count_queries(client, subject.get_absolute_url(), django_assert_max_num_queries,
                         PAGE_MAX[kind]) == small


def test_thread_lists_do_not_grow_with_threads(client, block, prompts, edition1, participant,
                                               peer, django_assert_max_num_queries):
    client.force_login(peer)
    make_case(participant, edition1, title="Een")
    urls = [reverse("threads:threads", args=[edition1.pk]),
            reverse("threads:reflections", args=[edition1.pk]),
            reverse("programme:my_leergang")]
    from cohort.threads.services import thread_for_case

    def add(n):
        for i in range(n):
            case = make_case(participant, edition1, title=f"Casus {i}-{n}")
            grow(thread_for_case(case), [participant, peer], 2)
    add(1)
    reflect(participant, edition1, block, prompts[1])
    small = [count_queries(client, url, django_assert_max_num_queries, 40) for url in urls]
    add(6)
    other = member(edition1, first_name="Petra", email="petra@example.org")
    reflect(other, edition1, block, prompts[1])
    large = [count_queries(client, url, django_assert_max_num_queries, 40) for url in urls]
    assert large == small
