"""The demo's conversations, and the issue's "done when" walked through on them."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from cohort.cases.models import Case
from cohort.models import User
from cohort.threads.models import Comment, Reaction, Reflection, Thread
from tests.factories import expand_notifications

pytestmark = pytest.mark.django_db


def person(n, edition=1):
    prefix = "deelnemer" if edition == 1 else "editie2-deelnemer"
    return User.objects.get(email=f"{prefix}{n}@example.org")


def test_seed_demo_adds_the_conversations_once():
    call_command("seed_demo", password="pw-for-tests")
    counts = (Reflection.objects.count(), Comment.objects.count(), Reaction.objects.count())
    call_command("seed_demo", password="pw-for-tests")
    assert (Reflection.objects.count(), Comment.objects.count(),
            Reaction.objects.count()) == counts
    edition1 = Reflection.objects.filter(cohort__slug="editie-1")
    assert edition1.filter(status="shared").count() == 7 and edition1.filter(
        status="draft").count() == 1
    assert Thread.objects.filter(case__isnull=False, last_number__gt=0,
                                 cohort__slug="editie-1").count() >= 2
    assert Thread.objects.filter(phase="hypotheses").count() == 1
    assert Comment.objects.filter(hidden_at__isnull=False).count() == 1
    assert Thread.objects.filter(cohort__slug="editie-2", last_number__gt=0).exists()


def test_done_when_a_reply_with_a_mention_reaches_deelnemer1_and_not_edition_2(client):
    call_command("seed_demo", password="pw-for-tests")
    case = Case.objects.get(author=person(1), status="discussed")
    client.force_login(person(2))
    response = client.post(reverse("threads:case_comment", args=[case.pk]),
                           {"body": "@Sanne, hoe ging het gesprek met de wethouder?"})
    assert response.status_code == 302
    comment = Comment.objects.get(body__startswith="@Sanne, hoe ging")
    assert list(comment.mentions.all()) == [person(1)]
    expand_notifications()
    client.force_login(person(1))
    mijn = client.get(reverse("programme:my_leergang")).content.decode()
    assert "badge--count" in mijn  # the header's unread count
    notifications = client.get(reverse("notifications:list")).content.decode()
    assert "Youssef El Amrani noemde je in" in notifications
    listing = client.get(reverse("cases:list", args=[case.cohort_id])).content.decode()
    assert "nieuw" in listing
    # Opening the thread goes to the first comment deelnemer1 has not read.
    thread = Thread.objects.get(case=case)
    assert "#reactie-" in client.get(reverse("threads:thread", args=[thread.pk])).url
    client.force_login(person(1, edition=2))
    for url in (case.get_absolute_url(), comment.get_absolute_url(),
                reverse("threads:thread", args=[thread.pk]),
                reverse("threads:comment_history", args=[comment.pk])):
        assert client.get(url).status_code == 404, url
    found = client.get(reverse("search:search"), {"q": "wethouder"}).content.decode()
    assert "0 resultaten" in found and 'class="search-result"' not in found
    client.force_login(person(1))
    found = client.get(reverse("search:search"), {"q": "wethouder"}).content.decode()
    assert comment.get_absolute_url() in found  # the same search finds it in edition 1


def test_deelnemer8_with_a_draft_sees_no_peers_until_sharing(client):
    call_command("seed_demo", password="pw-for-tests")
    draft = Reflection.objects.get(author=person(8))
    peer = Reflection.objects.get(author=person(2), status="shared")
    client.force_login(person(8))
    assert client.get(peer.get_absolute_url()).status_code == 404
    page = client.get(draft.block.url).content.decode()
    assert "7 mededeelnemers hebben hier een reflectie gedeeld" in page
    client.post(reverse("threads:reflection_share", args=[draft.pk]))
    assert client.get(peer.get_absolute_url()).status_code == 200
