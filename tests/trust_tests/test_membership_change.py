"""Someone removed from an edition mid-session: every page, attachment, feed and
notification they fetched a minute ago now answers 404, and nothing more reaches them."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cohort.models import Membership
from cohort.notifications.models import Notification
from cohort.threads import services as threads
from tests.factories import expand_notifications, member
from tests.threads_tests.conftest import post

pytestmark = pytest.mark.django_db


def test_a_removed_member_loses_every_url_at_once_and_hears_nothing_more(
        world, edition1, block, django_capture_on_commit_callbacks):
    people, objects, _owners, _queries = world
    reader = member(edition1, first_name="Mila", email="mila@example.org")
    peer = people["peer in A"]
    with django_capture_on_commit_callbacks(execute=True):
        post(peer, threads.thread_for_case(
            _case(objects)), "Mila, wat vind jij? @Mila")
    expand_notifications()
    notification = Notification.objects.filter(recipient=reader).get()
    membership = Membership.objects.get(user=reader, cohort=edition1)
    urls = [
        reverse("cases:detail", kwargs=objects["cases:detail"]),
        reverse("cases:attachment", kwargs=objects["cases:attachment"]),
        reverse("cases:list", kwargs=objects["cases:list"]),
        reverse("threads:reflection", kwargs=objects["threads:reflection"]),
        reverse("threads:reflections", kwargs=objects["threads:reflections"]),
        reverse("threads:thread", kwargs=objects["threads:thread"]),
        reverse("threads:comment", kwargs=objects["threads:comment"]),
        reverse("cohort:member", kwargs=objects["cohort:member"]),
        reverse("cohort:member_photo", kwargs=objects["cohort:member_photo"]),
        reverse("programme:session_ics", kwargs=objects["programme:session_ics"]),
        reverse("programme:calendar_feed", args=[membership.calendar_token]),
        reverse("notifications:open", args=[notification.pk]),
        edition1.url, block.url,
    ]
    client = Client()
    client.force_login(reader)
    before = {url: client.get(url).status_code for url in urls}
    assert set(before.values()) <= {200, 302}, before  # the notification opens its subject

    membership.delete()
    after = {url: client.get(url).status_code for url in urls}
    assert after == dict.fromkeys(urls, 404)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post(peer, threads.thread_for_case(_case(objects)), "Nog een vraag voor @Mila.")
    expand_notifications()
    assert Notification.objects.filter(recipient=reader).count() == 1  # only the old one
    assert not [message for message in mail.outbox if reader.email in message.to]
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "Mila, wat vind jij" not in listing and "Nog een vraag" not in listing


def _case(objects):
    from cohort.cases.models import Case

    return Case.objects.get(pk=objects["cases:detail"]["pk"])
