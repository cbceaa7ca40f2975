"""``manage.py seed_scale`` at a tiny size: the counts it promises, the accounts' roles,
the app's rules on the seeded data, thread counters that match the comments, and a second
run that changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from wagtail.models import PageViewRestriction

from bench import scale_seed
from blog.models import BlogIndexPage, BlogPostPage
from cohort.cases.models import Case
from cohort.models import CohortPage, Membership, User
from cohort.notifications.models import Notification
from cohort.programme.models import BlockPage
from cohort.threads.models import Comment, Reaction, Reflection, Thread

pytestmark = pytest.mark.django_db

EDITIONS, MEMBERS, CASES, POSTS, NOTIFICATIONS = 3, 3, 3, 3, 5
THREAD_SIZES = (3, 5, 8)


def _seed(*extra):
    out = StringIO()
    call_command(
        "seed_scale", "--editions", str(EDITIONS), "--members", str(MEMBERS),
        "--cases", str(CASES), "--posts", str(POSTS), "--notifications", str(NOTIFICATIONS),
        "--thread-sizes", ",".join(map(str, THREAD_SIZES)), *extra, stdout=out)
    return out.getvalue()


def _snapshot():
    return {
        "pages": CohortPage.objects.count() + BlockPage.objects.count()
        + BlogPostPage.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "cases": Case.objects.count(),
        "reflections": Reflection.objects.count(),
        "threads": Thread.objects.count(),
        "comments": Comment.objects.count(),
        "reactions": Reaction.objects.count(),
        "notifications": Notification.objects.count(),
    }


@pytest.fixture
def seeded():
    _seed()
    programme = scale_seed.existing_programme()
    editions = list(CohortPage.objects.child_of(programme).order_by("path"))
    return programme, editions


def _client(email):
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(email=email))
    return client


def test_counts(seeded):
    programme, editions = seeded
    assert len(editions) == EDITIONS
    assert [e.slug for e in editions] == [f"editie-{n}" for n in range(1, EDITIONS + 1)]
    ids = [e.pk for e in editions]
    memberships = Membership.objects.filter(cohort_id__in=ids)
    # Per edition: its participants, schaal-veel and schaal-begeleider; schaal-begeleider2
    # in the first two.
    assert memberships.count() == EDITIONS * (MEMBERS + 2) + scale_seed.FACILITATOR2_EDITIONS
    assert memberships.filter(role="participant").count() == EDITIONS * (MEMBERS + 1)
    cases = Case.objects.filter(cohort_id__in=ids)
    assert cases.count() == EDITIONS * CASES
    assert set(cases.values_list("status", flat=True)) == {"draft", "submitted", "discussed"}
    assert Reflection.objects.filter(cohort_id__in=ids, status="shared").exists()
    blog = BlogIndexPage.objects.get(slug=scale_seed.BLOG_SLUG)
    posts = BlogPostPage.objects.child_of(blog).live()
    assert posts.count() == POSTS
    assert posts.filter(series__slug=scale_seed.SERIES_SLUG).exists()
    assert all(post.tags.exists() for post in posts)
    many = User.objects.get(email=scale_seed.MANY_EMAIL)
    assert Notification.objects.filter(recipient=many).count() == NOTIFICATIONS
    assert Notification.objects.exclude(recipient=many).count() == 0
    # Every page is published through a revision; members-only pages are restricted.
    for page in [*editions, *BlockPage.objects.child_of(programme)]:
        assert page.live and page.live_revision_id
        assert PageViewRestriction.objects.filter(
            page=page, restriction_type=PageViewRestriction.LOGIN).exists()


def test_accounts_and_roles(seeded):
    _programme, editions = seeded
    ids = {e.pk for e in editions}

    def roles(email):
        return dict(Membership.objects.filter(user__email=email)
                    .values_list("cohort_id", "role"))

    assert roles(scale_seed.FACILITATOR_EMAIL) == dict.fromkeys(ids, "facilitator")
    assert roles(scale_seed.FACILITATOR2_EMAIL) == {
        e.pk: "facilitator" for e in editions[:scale_seed.FACILITATOR2_EDITIONS]}
    assert roles(scale_seed.MANY_EMAIL) == dict.fromkeys(ids, "participant")
    assert roles(scale_seed.participant_email(2, 3)) == {editions[1].pk: "participant"}
    facilitator = User.objects.get(email=scale_seed.FACILITATOR_EMAIL)
    assert facilitator.groups.filter(name="Begeleiders").exists()
    assert facilitator.check_password("leergang-demo")


def test_isolation_holds_for_seeded_data(seeded):
    _programme, (edition1, edition2, _third) = seeded
    reader = _client(scale_seed.participant_email(1, 1))
    mine = Case.objects.filter(cohort=edition1, status="submitted", audience="edition").first()
    theirs = Case.objects.filter(cohort=edition2, status="submitted").first()
    assert reader.get(mine.get_absolute_url()).status_code == 200
    assert reader.get(theirs.get_absolute_url()).status_code == 404
    assert reader.get(edition2.url).status_code == 404
    reflection = Reflection.objects.filter(cohort=edition2, status="shared").first()
    assert reader.get(reflection.get_absolute_url()).status_code == 404
    # A draft is its author's alone, in the seeded edition too.
    draft = Case.objects.filter(cohort=edition1, status="draft").first()
    author = _client(draft.author.email)
    other = Membership.objects.filter(cohort=edition1, role="participant").exclude(
        user=draft.author).first().user
    assert author.get(draft.get_absolute_url()).status_code == 200
    assert _client(other.email).get(draft.get_absolute_url()).status_code == 404


def test_thread_counters_match_the_comments(seeded):
    _programme, editions = seeded
    threads = Thread.objects.filter(cohort__in=editions)
    assert threads.filter(comment_count__gt=0).exists()
    for thread in threads:
        comments = list(thread.comments.order_by("number"))
        assert thread.comment_count == len(comments) == thread.last_number
        assert thread.root_count == sum(c.parent_id is None for c in comments)
        assert [c.number for c in comments] == list(range(1, len(comments) + 1))
        if comments:
            assert thread.last_comment_at == max(c.created_at for c in comments)
        roots = sorted(c.root_index for c in comments if c.parent_id is None)
        assert roots == list(range(1, thread.root_count + 1))
        by_pk = {c.pk: c for c in comments}
        for reply in (c for c in comments if c.parent_id):
            assert by_pk[reply.parent_id].root_index == reply.root_index
    assert not Reaction.objects.filter(comment__author=F("user")).exists()  # not on one's own
    long = scale_seed.long_thread_reflections(editions[0], count=len(THREAD_SIZES))
    assert [r.thread.comment_count for r in long] == list(THREAD_SIZES)


def test_pages_answer_with_the_data(seeded):
    results = scale_seed.smoke_check()
    assert results and all(status == 200 for _who, _url, status in results), results


def test_a_second_run_changes_nothing_and_reset_builds_again(seeded):
    before = _snapshot()
    assert "exists already" in _seed()
    assert _snapshot() == before
    assert "ready" in _seed("--reset")
    assert _snapshot() == before
