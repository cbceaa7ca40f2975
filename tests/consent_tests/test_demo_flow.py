"""The demo's quotes, and the issue's "done when" walked through on them."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from blog.models import BlogPostPage
from blog.publishing import PublishRefused
from cohort.consent.models import QuoteConsent
from cohort.models import User
from cohort.threads.models import Reflection

pytestmark = pytest.mark.django_db


def person(n):
    return User.objects.get(email=f"deelnemer{n}@example.org")


def channels(client, page):
    """The post's source, the blog's RSS feed and the API, as a visitor gets them."""
    client.logout()
    blog = page.get_parent().specific
    return {
        "page": client.get(page.url).content.decode(),
        "feed": client.get(blog.route_url("feed")).content.decode(),
        "api": client.get(f"/api/v2/pages/{page.pk}/").content.decode()
        + client.get("/api/v2/pages/", {"type": "blog.BlogPostPage",
                                        "fields": "body"}).content.decode(),
    }


def test_the_demo_quotes_one_named_one_anonymous_and_waits_for_one(client):
    call_command("seed_demo", password="pw-for-tests")
    call_command("seed_demo", password="pw-for-tests")  # idempotent
    part1 = BlogPostPage.objects.get(part_number=1)
    assert part1.live
    answers = sorted(QuoteConsent.objects.values_list("post__part_number", "status"))
    assert answers == [(1, "anonymous"), (1, "named"), (2, "pending")]
    page = channels(client, part1)["page"]
    assert "<cite>Ilse</cite>" in page and "<cite>een deelnemer</cite>" in page
    assert "Hoekstra" not in page and "Petra" not in page and "Mulder" not in page


def test_done_when_a_quote_for_deel_2_publishes_only_with_consent_and_leaves_on_withdrawal(
        client, django_capture_on_commit_callbacks):
    call_command("seed_demo", password="pw-for-tests")
    facilitator = User.objects.get(email="begeleider@example.org")
    deelnemer1 = person(1)
    reflection = Reflection.objects.get(author=deelnemer1, status="shared")
    part2 = BlogPostPage.objects.get(part_number=2)
    excerpt = "Volgende keer vraag ik eerst wie het oppakt en wacht ik het antwoord af."

    # The facilitator asks, from the reflection's page.
    client.force_login(facilitator)
    response = client.post(reverse("consent:request"), {
        "reflectie": reflection.pk, "excerpt": excerpt, "post": part2.pk,
        "note": "Dit is precies waar deel 2 over gaat."})
    assert response.status_code == 302
    consent = QuoteConsent.objects.get(author=deelnemer1, post=part2)

    # She puts the quote in the post and publishes it now: refused, with the reason.
    draft = part2.get_latest_revision_as_object()
    draft.body.append(("leergang_quote", {"consent": consent, "text": ""}))
    draft.go_live_at = None
    revision = draft.save_revision(user=facilitator)
    with pytest.raises(PublishRefused) as refused:
        revision.publish(user=facilitator)
    assert "niet geantwoord" in str(refused.value)
    assert not BlogPostPage.objects.get(pk=part2.pk).live

    # deelnemer1 agrees, anonymously, on the consent page.
    client.force_login(deelnemer1)
    response = client.post(consent.get_absolute_url(), {"choice": "anonymous",
                                                        "display_name": "", "message": ""})
    assert response.status_code == 302
    revision.publish(user=facilitator)
    part2 = BlogPostPage.objects.get(pk=part2.pk)
    assert part2.live
    seen = channels(client, part2)
    assert excerpt in seen["page"] and excerpt in seen["api"]
    for channel, text in seen.items():
        for trace in (deelnemer1.first_name, deelnemer1.last_name, deelnemer1.email,
                      "Editie 1", "editie-1", reflection.get_absolute_url()):
            assert trace not in text, (channel, trace)

    # deelnemer1 withdraws: the quote is gone from the page, the feed and the API at once.
    client.force_login(deelnemer1)
    with django_capture_on_commit_callbacks(execute=True):  # the visitors' copies go on commit
        assert client.post(reverse("consent:withdraw", args=[consent.pk])).status_code == 302
    for channel, text in channels(client, part2).items():
        assert "wacht ik het antwoord af" not in text, channel
