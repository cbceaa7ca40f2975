"""Floods while Redis hangs (the cache and the broker point at a socket that never answers):
failed logins, comments, blog subscriptions and invitations each meet their limit with a
translated 429, never a 500, and the limit holds because it is counted in the database.
The owner of an account attacked from elsewhere still signs in."""

import pytest
from django.urls import reverse

from tests.blog_tests.factories import blog_index
from tests.cases_tests.conftest import make_case
from tests.factories import PASSWORD
from tests.trust_tests.test_redis_drill import blackhole, redis_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def hung_redis(settings):
    with blackhole() as url, redis_at(settings, url):
        yield


def _statuses(responses):
    return [response.status_code for response in responses]


def test_failed_logins_are_throttled_and_the_owner_gets_in_elsewhere(
        hung_redis, client, participant, settings):
    tries = [client.post("/accounts/login/", {"login": participant.email, "password": "fout"},
                         REMOTE_ADDR="203.0.113.9")
             for _ in range(settings.AXES_FAILURE_LIMIT + 2)]
    assert max(_statuses(tries)) < 500 and tries[-1].status_code == 429
    assert "Te veel" in tries[-1].text
    owner = client.post("/accounts/login/", {"login": participant.email, "password": PASSWORD},
                        REMOTE_ADDR="198.51.100.30")
    assert owner.status_code == 302 and client.session["_auth_user_id"] == str(participant.pk)


def test_a_comment_flood_meets_its_limit(hung_redis, client, participant, peer, edition1,
                                         settings):
    settings.THREAD_POST_LIMIT = 4
    case = make_case(peer, edition1)
    client.force_login(participant)
    url = reverse("threads:case_comment", args=[case.pk])
    answers = [client.post(url, {"body": f"Reactie nummer {n}."}) for n in range(6)]
    assert _statuses(answers) == [302] * 4 + [429] * 2
    assert "in korte tijd veel geplaatst" in answers[-1].text
    assert "Reactie nummer 5." in answers[-1].text  # the text is kept in the form


def test_a_subscription_flood_meets_its_limit(hung_redis, client, settings):
    blog = blog_index()
    answers = [client.post(blog.url + "aanmelden/", {"email": f"lezer{n}@example.org"},
                           REMOTE_ADDR="203.0.113.10")
               for n in range(settings.BLOG_SUBSCRIBE_PER_CLIENT_PER_HOUR + 2)]
    assert _statuses(answers).count(302) == settings.BLOG_SUBSCRIBE_PER_CLIENT_PER_HOUR
    assert answers[-1].status_code == 429


def test_an_invitation_flood_meets_its_limit(hung_redis, client, facilitator, edition1,
                                             settings):
    settings.INVITATIONS_PER_DAY = 3
    client.force_login(facilitator)
    url = reverse("programme:cohort_invite", args=[edition1.pk])
    lines = "\n".join(f"lid{n}@example.org" for n in range(5))
    response = client.post(url, {"lines": lines, "role": "participant", "send": "1"})
    assert response.status_code == 429
    assert "hoogstens 3 uitnodigingen per dag" in response.text
