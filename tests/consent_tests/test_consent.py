"""Consent to quote: who may ask, the author's answer, withdrawal, the exact-words rule,
and isolation. (Quoting in the blog itself builds on this.)"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohort.consent import services
from cohort.consent.models import QuoteConsent, excerpt_hash
from cohort.models import Membership
from cohort.notifications.models import Notification
from cohort.threads import services as threads
from tests.blog_tests.factories import blog_index, post
from tests.factories import expand_notifications, member
from tests.threads_tests.conftest import fresh, make_case, reflect

pytestmark = pytest.mark.django_db

TEXT = "Ik nam de agenda weer over. Volgende keer wacht ik op het antwoord van de partners."


@pytest.fixture
def blog_post(db):
    return post(blog_index(), title="Deel 2: Het speelveld", state="draft")


@pytest.fixture
def reflection(block, prompts, edition1, participant):
    return reflect(participant, edition1, block, prompts[1], body=TEXT)


def ask(user, source, post_, excerpt="Volgende keer wacht ik op het antwoord",
        note="Mooi voorbeeld van op je handen zitten."):
    return services.consent_request(user=fresh(user), source=source, excerpt=excerpt,
                                    post=post_, note=note)


def test_a_facilitator_asks_and_the_author_is_told_without_the_words(
        client, reflection, blog_post, participant, facilitator):
    client.force_login(facilitator)
    page = client.get(reflection.get_absolute_url()).content.decode()
    assert f"{reverse('consent:request')}?reflectie={reflection.pk}" in page
    response = client.post(reverse("consent:request"), {
        "reflectie": reflection.pk, "excerpt": "wacht ik op het antwoord",
        "post": blog_post.pk, "note": "Past bij deel 2."})
    assert response.status_code == 302
    consent = QuoteConsent.objects.get()
    assert (consent.author, consent.status, consent.excerpt_hash) == (
        participant, "pending", excerpt_hash("wacht ik op het antwoord"))
    assert list(consent.events.values_list("kind", flat=True)) == ["requested"]
    expand_notifications()
    told = Notification.objects.get(recipient=participant, kind="consent_requested")
    assert told.excerpt == "" and "wacht ik" not in told.title
    client.force_login(participant)
    detail = client.get(consent.get_absolute_url()).content.decode()
    assert "wacht ik op het antwoord" in detail and "Deel 2: Het speelveld" in detail
    assert "een deelnemer" in detail  # the preview of the anonymous quote


def test_only_the_editions_facilitators_may_ask(client, reflection, blog_post, peer,
                                                edition2, participant):
    other = member(edition2, role=Membership.Role.FACILITATOR, first_name="Pieter",
                   email="pieter@example.org")
    for user in (peer, other):
        with pytest.raises(PermissionDenied):
            ask(user, reflection, blog_post)
        client.force_login(user)
        assert client.get(reverse("consent:request"),
                          {"reflectie": reflection.pk}).status_code == 404
    assert not QuoteConsent.objects.exists()


def test_the_excerpt_must_be_the_authors_exact_words(reflection, blog_post, facilitator):
    with pytest.raises(ValidationError) as error:
        ask(facilitator, reflection, blog_post, excerpt="Volgende keer wacht ik rustig af")
    assert "excerpt" in error.value.message_dict
    with pytest.raises(ValidationError):
        ask(facilitator, reflection, blog_post, note="  ")
    consent = ask(facilitator, reflection, blog_post,
                  excerpt="Volgende   keer wacht ik\nop het antwoord")  # spacing does not count
    assert consent.matches("Volgende keer wacht ik op het antwoord") is False  # not given yet
    services.consent_decide(user=consent.author, consent=consent, choice="anonymous")
    consent.refresh_from_db()
    assert consent.matches("Volgende keer wacht ik op het antwoord")
    assert not consent.matches("Volgende keer wacht ik op een antwoord")  # changed words


def test_no_second_request_while_one_is_open_and_once_more_after_declining(
        reflection, blog_post, facilitator, participant):
    first = ask(facilitator, reflection, blog_post)
    with pytest.raises(ValidationError):
        ask(facilitator, reflection, blog_post)
    services.consent_decide(user=participant, consent=first, choice="declined",
                            message="Liever zonder 'partners'.")
    with pytest.raises(ValidationError):  # the same note again
        ask(facilitator, reflection, blog_post)
    second = ask(facilitator, reflection, blog_post, note="Ik laat de naam van de partner weg.")
    services.consent_decide(user=participant, consent=second, choice="declined")
    with pytest.raises(ValidationError) as error:
        ask(facilitator, reflection, blog_post, note="Toch nog een keer?")
    assert error.value.code == "declined_twice"


def test_the_author_answers_once_and_may_withdraw(client, reflection, blog_post, participant,
                                                  peer, facilitator):
    consent = ask(facilitator, reflection, blog_post)
    client.force_login(peer)  # another participant never sees it
    assert client.get(consent.get_absolute_url()).status_code == 404
    assert client.post(consent.get_absolute_url(), {"choice": "named",
                                                    "display_name": "X"}).status_code == 404
    client.force_login(participant)
    response = client.post(consent.get_absolute_url(), {"choice": "named", "display_name": ""})
    assert response.status_code == 400
    client.post(consent.get_absolute_url(), {"choice": "named", "display_name": "Sanne"})
    consent.refresh_from_db()
    assert (consent.status, consent.display_name) == ("named", "Sanne")
    with pytest.raises(ValidationError):
        services.consent_decide(user=participant, consent=consent, choice="declined")
    client.post(reverse("consent:withdraw", args=[consent.pk]))
    consent.refresh_from_db()
    assert consent.status == "withdrawn" and consent.withdrawn_at
    assert list(consent.events.values_list("kind", flat=True)) == [
        "requested", "named", "withdrawn"]
    history = client.get(consent.get_absolute_url()).content.decode()
    for line in ("vroeg om toestemming", "Sanne Test stemde in, met naam",
                 "Sanne Test trok de toestemming in"):
        assert line in history, line
    expand_notifications()
    assert set(Notification.objects.filter(recipient=facilitator).values_list(
        "kind", flat=True)) >= {"consent_decided", "consent_withdrawn"}
    listing = client.get(reverse("consent:list")).content.decode()
    assert consent.get_absolute_url() in listing
    client.force_login(peer)
    assert consent.get_absolute_url() not in client.get(reverse("consent:list")).content.decode()


def test_removing_the_words_or_leaving_the_edition_withdraws(reflection, blog_post,
                                                              participant, peer, facilitator,
                                                              edition1,
                                                              django_capture_on_commit_callbacks):
    given = ask(facilitator, reflection, blog_post)
    services.consent_decide(user=participant, consent=given, choice="anonymous")
    case = make_case(participant, edition1)
    comment = threads.comment_post(user=fresh(peer), thread=threads.thread_for_case(case),
                                   body="Soms is niets doen het beste wat je kunt doen.")
    on_comment = ask(facilitator, comment, blog_post, excerpt="niets doen het beste")
    services.consent_decide(user=peer, consent=on_comment, choice="named", display_name="Y")
    threads.reflection_delete(user=fresh(participant), reflection=reflection)
    given.refresh_from_db()
    assert given.status == "withdrawn"
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.filter(user=peer).delete()
    on_comment.refresh_from_db()
    assert on_comment.status == "withdrawn"


def test_deleting_an_account_with_consents_deletes_them(reflection, blog_post, participant,
                                                        facilitator,
                                                        django_capture_on_commit_callbacks):
    from django.db import connection

    given = ask(facilitator, reflection, blog_post)
    services.consent_decide(user=participant, consent=given, choice="anonymous")
    with django_capture_on_commit_callbacks(execute=True):
        type(participant).objects.filter(pk=participant.pk).delete()
    connection.check_constraints()  # no event left pointing at a deleted consent
    assert not QuoteConsent.objects.filter(pk=given.pk).exists()


def test_a_removed_or_hidden_text_cannot_be_asked_for(client, reflection, blog_post,
                                                       participant, peer, facilitator,
                                                       edition1):
    case = make_case(participant, edition1)
    comment = threads.comment_post(user=fresh(peer), thread=threads.thread_for_case(case),
                                   body="Een naam die hier niet hoort.")
    threads.comment_hide(user=fresh(facilitator), comment=comment, reason="Naam")
    with pytest.raises(PermissionDenied):
        ask(facilitator, comment, blog_post, excerpt="Een naam")
    client.force_login(facilitator)
    assert client.get(reverse("consent:request"), {"reactie": comment.pk}).status_code == 404


def test_mijn_leergang_shows_what_waits_for_an_answer(client, reflection, blog_post,
                                                      participant, peer, facilitator):
    ask(facilitator, reflection, blog_post)
    client.force_login(participant)
    page = client.get(reverse("programme:my_leergang")).content.decode()
    assert "1 verzoek wacht op je antwoord" in page and reverse("consent:list") in page
    client.force_login(peer)
    assert "verzoek wacht op je antwoord" not in client.get(
        reverse("programme:my_leergang")).content.decode()


def test_the_request_link_is_the_facilitators_alone(client, participant, peer, facilitator,
                                                    edition1):
    case = make_case(participant, edition1)
    comment = threads.comment_post(user=fresh(peer), thread=threads.thread_for_case(case),
                                   body="Iets om te citeren.")
    link = f"{reverse('consent:request')}?reactie={comment.pk}"
    client.force_login(facilitator)
    assert link in client.get(case.get_absolute_url()).content.decode()
    client.force_login(participant)
    assert link not in client.get(case.get_absolute_url()).content.decode()
