import pytest
from django.test import RequestFactory

from config.client_ip import client_ip


@pytest.mark.parametrize("count, forwarded, expected", [
    (0, "203.0.113.9", "10.0.0.2"),  # no proxy: the header is the client's own claim
    (1, "203.0.113.9", "203.0.113.9"),
    (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a forged entry in front is ignored
    (2, "6.6.6.6, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
    (2, "203.0.113.9", "10.0.0.2"),  # fewer hops than proxies: the direct peer
])
def test_the_client_is_read_only_as_far_as_trusted_proxies(settings, count, forwarded,
                                                            expected):
    settings.PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2",
                                   HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_behind_a_proxy_each_client_has_its_own_blog_limit(client, settings):
    from tests.blog_tests import factories

    settings.PROXY_COUNT = 1
    blog = factories.blog_index()
    statuses = [
        client.post(blog.url + "aanmelden/", {"email": f"lezer{n}@example.org"},
                    REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(15)
    ]
    assert set(statuses) == {302}


def test_allauth_counts_its_limits_per_client_behind_a_proxy(settings):
    from allauth.account.adapter import get_adapter

    settings.PROXY_COUNT = 1
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.0.0.2",
                                    HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4")
    assert get_adapter(request).get_client_ip(request) == "198.51.100.4"
