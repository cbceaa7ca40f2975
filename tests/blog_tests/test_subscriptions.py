"""Email subscriptions: double opt-in, confirm, one-click unsubscribe, one mail per new
post through the outbox, nothing twice, nothing to the unconfirmed."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from blog import services
from blog.models import BlogSubscription
from cohort.notifications.models import OutgoingEmail
from tests.blog_tests import factories

pytestmark = pytest.mark.django_db


def _link(message, kind):
    match = re.search(rf"https?://\S+/{kind}/\S+/", message.body)
    assert match, message.body
    return urlsplit(match.group(0)).path


def _subscribe(client, blog, email="lezer@example.org", **extra):
    return client.post(blog.url + "aanmelden/", {"email": email, **extra})


def _confirmed(blog, email="lezer@example.org", series=None):
    return BlogSubscription.objects.create(
        blog=blog, email=email, series=series, confirmed_at=timezone.now()
    )


def test_double_opt_in_then_one_click_unsubscribe(
    client, blog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _subscribe(client, blog, email="Lezer@Example.org ")
    assert response.status_code == 302
    assert response["Location"] == blog.url + "aanmelden/verstuurd/"
    subscription = BlogSubscription.objects.get()
    assert subscription.email == "lezer@example.org" and not subscription.is_confirmed
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lezer@example.org"]

    assert client.get(_link(message, "aanmelden/bevestigen")).status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_confirmed

    assert client.get(_link(message, "afmelden")).status_code == 200
    assert not BlogSubscription.objects.exists()
    # The link keeps answering calmly once used.
    assert client.get(_link(message, "afmelden")).status_code == 200


def test_invalid_email_gets_a_translated_error_and_stores_nothing(
    client, blog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _subscribe(client, blog, email="geen-adres")
    assert response.status_code == 400
    assert "Voer een geldig e-mailadres in." in response.content.decode()
    assert not BlogSubscription.objects.exists() and not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_form_needs_csrf(blog):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        blog.url + "aanmelden/", {"email": "lezer@example.org"}
    )
    assert response.status_code == 403
    assert not BlogSubscription.objects.exists()


def test_the_answer_never_reveals_a_subscriber_and_mail_is_not_repeated(
    client, blog, django_capture_on_commit_callbacks
):
    _confirmed(blog, email="bekend@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        known = _subscribe(client, blog, email="bekend@example.org")
        new = _subscribe(client, blog, email="nieuw@example.org")
        again = _subscribe(client, blog, email="nieuw@example.org")
    assert known.status_code == new.status_code == again.status_code == 302
    assert known["Location"] == new["Location"]
    # The confirmed address gets nothing; the new one one confirmation, not two.
    assert [m.to for m in mail.outbox] == [["nieuw@example.org"]]


def test_confirmation_can_be_asked_again_after_a_while(blog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscription = services.subscription_request(blog=blog, email="lezer@example.org")
    BlogSubscription.objects.filter(pk=subscription.pk).update(
        confirmation_sent_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_request(blog=blog, email="lezer@example.org")
    assert len(mail.outbox) == 2


def test_expired_or_unknown_confirmation_link(client, blog):
    subscription = BlogSubscription.objects.create(
        blog=blog, email="laat@example.org",
        confirmation_sent_at=timezone.now() - datetime.timedelta(days=30),
    )
    assert client.get(subscription.get_confirm_url()).status_code == 404
    assert client.get(blog.url + "aanmelden/bevestigen/onzin/").status_code == 404
    subscription.refresh_from_db()
    assert not subscription.is_confirmed


def test_new_post_mails_confirmed_subscribers_once(
    blog, series, django_capture_on_commit_callbacks
):
    everything = _confirmed(blog, email="alles@example.org")
    series_only = _confirmed(blog, email="serie@example.org", series=series)
    _confirmed(blog, email="alles@example.org", series=series)  # both: one email
    BlogSubscription.objects.create(blog=blog, email="onbevestigd@example.org")
    other_series = factories.series(title="Andere serie", slug="andere")
    _confirmed(blog, email="anders@example.org", series=other_series)

    with django_capture_on_commit_callbacks(execute=True):
        post = factories.post(blog, "Jouw plek", series=series, part_number=1)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["alles@example.org", "serie@example.org"]
    keys = set(OutgoingEmail.objects.values_list("key", flat=True))
    assert f"blog-post-{post.pk}-sub-{everything.pk}" in keys
    assert f"blog-post-{post.pk}-sub-{series_only.pk}" in keys
    message = next(m for m in mail.outbox if m.to == ["serie@example.org"])
    assert post.teaser in message.body
    assert series_only.get_unsubscribe_url() in message.body

    # Editing and republishing, or unpublishing and publishing again, sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        post.teaser = "Aangepast."
        post.save_revision().publish()
        post.unpublish()
        post.save_revision().publish()
    assert len(mail.outbox) == 2
    # A retried fan-out stores nothing new either (the outbox keys).
    assert services.post_mail_subscribers(post.pk) == 0


def test_only_public_live_posts_are_announced(blog, django_capture_on_commit_callbacks):
    _confirmed(blog)
    with django_capture_on_commit_callbacks(execute=True):
        factories.post(blog, "Concept", state="draft")
        factories.post(blog, "Later", state="scheduled")
    assert mail.outbox == []


def test_scheduled_post_mails_its_subscribers_once_on_its_date(
    blog, series, monkeypatch, django_capture_on_commit_callbacks
):
    from cohort.tasks import publish_scheduled

    _confirmed(blog, series=series)
    with django_capture_on_commit_callbacks(execute=True):
        post = factories.post(blog, "Deel 2", state="scheduled", series=series, part_number=2)
        publish_scheduled()
    post.refresh_from_db()
    assert not post.live and mail.outbox == []

    later = timezone.now() + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with django_capture_on_commit_callbacks(execute=True):
        publish_scheduled()
        publish_scheduled()
    post.refresh_from_db()
    assert post.live
    assert [m.to for m in mail.outbox] == [["lezer@example.org"]]


def test_broker_down_stores_the_mails_for_the_outbox(
    blog, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from blog import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused.")

    monkeypatch.setattr(tasks.send_post_to_subscribers, "delay", broker_down)
    _confirmed(blog)
    with django_capture_on_commit_callbacks(execute=True):
        post = factories.post(blog, "Jouw plek")
    assert OutgoingEmail.objects.filter(key__startswith=f"blog-post-{post.pk}-").count() == 1


def test_a_link_checker_asking_head_changes_nothing(client, blog):
    subscription = BlogSubscription.objects.create(
        blog=blog, email="lezer@example.org", confirmation_sent_at=timezone.now()
    )
    assert client.head(subscription.get_confirm_url()).status_code == 200
    assert client.head(subscription.get_unsubscribe_url()).status_code == 200
    subscription.refresh_from_db()
    assert not subscription.is_confirmed


def test_unconfirmed_addresses_are_forgotten_after_two_link_lifetimes(blog):
    from blog.tasks import purge_unconfirmed_subscriptions

    old = services.subscription_request(blog=blog, email="nooit@example.org")
    fresh = services.subscription_request(blog=blog, email="net@example.org")
    confirmed = services.subscription_request(blog=blog, email="wel@example.org")
    long_ago = timezone.now() - datetime.timedelta(days=15)
    BlogSubscription.objects.filter(pk__in=[old.pk, confirmed.pk]).update(created_at=long_ago)
    BlogSubscription.objects.filter(pk=confirmed.pk).update(confirmed_at=long_ago)
    assert purge_unconfirmed_subscriptions() == 1
    assert set(BlogSubscription.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}


def test_a_flood_to_one_mailbox_is_stopped(client, blog, settings):
    """Requests for victim+N@… (and other spellings of it) queue 3 confirmations, not 25,
    and every request gets the same answer: nobody learns that someone else asked."""
    spellings = [f"Slachtoffer+{n}@Example.org" for n in range(20)] + [
        "slachtoffer@EXAMPLE.org", "Slachtoffer@example.org",
    ]
    settings.BLOG_SUBSCRIBE_PER_CLIENT_PER_HOUR = 100
    responses = [_subscribe(client, blog, email=email) for email in spellings]
    assert {response.status_code for response in responses} == {302}
    assert {response["Location"] for response in responses} == {responses[0]["Location"]}
    assert OutgoingEmail.objects.count() == settings.BLOG_SUBSCRIBE_PER_MAILBOX_PER_HOUR
    assert BlogSubscription.objects.count() == settings.BLOG_SUBSCRIBE_PER_MAILBOX_PER_HOUR


def test_a_domain_in_unicode_and_in_ascii_is_one_mailbox(client, blog, settings):
    settings.BLOG_SUBSCRIBE_PER_MAILBOX_PER_HOUR = 1
    for email in ("lezer@exämple.org", "lezer@xn--exmple-cua.org", "LEZER@EXÄMPLE.ORG"):
        assert _subscribe(client, blog, email=email).status_code == 302
    assert OutgoingEmail.objects.count() == 1


def test_quoted_addresses_are_refused(client, blog):
    for email in ['"slachtoffer"@example.org', '"sla\\chtoffer"@example.org']:
        response = _subscribe(client, blog, email=email)
        assert response.status_code == 400
        assert "aanhalingstekens" in response.text
    assert not OutgoingEmail.objects.exists()


def test_one_client_cannot_flood_many_mailboxes(client, blog, settings):
    statuses = [_subscribe(client, blog, email=f"lezer{n}@example.org").status_code
                for n in range(15)]
    limit = settings.BLOG_SUBSCRIBE_PER_CLIENT_PER_HOUR
    assert statuses[:limit] == [302] * limit and set(statuses[limit:]) == {429}
    assert OutgoingEmail.objects.count() == limit
    # Another client is not affected.
    other = client.post(blog.url + "aanmelden/", {"email": "ander@example.org"},
                        REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_the_limit_holds_with_redis_down(client, blog, settings, monkeypatch):
    """The counters are in the database: a cache that forgets everything (what our
    resilient Redis cache does while Redis is down, config/cache.py) does not open the gate."""
    from django.core.cache import cache

    from config.cache import _FALLBACKS

    for name, fallback in _FALLBACKS.items():
        monkeypatch.setattr(cache, name, lambda *a, _f=fallback, **k: _f(*a, **k))
    statuses = [_subscribe(client, blog, email=f"lezer{n}@example.org").status_code
                for n in range(15)]
    assert statuses.count(302) == settings.BLOG_SUBSCRIBE_PER_CLIENT_PER_HOUR


@pytest.mark.parametrize("email, mailbox", [
    ("Victim+Tag@Example.org", "victim@example.org"),
    ("j.de.vries+x@gmail.com", "jdevries@gmail.com"),
    ("J.de.Vries@googlemail.com", "jdevries@gmail.com"),
    ("j.de.vries@example.org", "j.de.vries@example.org"),
    ("victim@exämple.org", "victim@xn--exmple-cua.org"),
])
def test_mailboxes_are_normalised(email, mailbox):
    assert services.normalised_mailbox(email) == mailbox
