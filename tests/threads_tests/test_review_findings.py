"""Holes a review found in threads, each closed: hidden or removed text that still reached
someone (a pinned box, an email excerpt, a queued notification), a removed member who could
still write, a draft that was shared at once, and notifications told twice."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohort.models import Membership
from cohort.notifications.models import Notification, NotificationPreference
from cohort.threads import services
from tests.factories import expand_notifications, member
from tests.threads_tests.conftest import fresh, post, reflect

pytestmark = pytest.mark.django_db




def test_pinned_then_hidden_comment_text_shown_to_everyone(client, thread, case, peer,
                                                           participant, facilitator):
    secret = post(peer, thread, "Mevrouw Jansen van de gemeente is het probleem.")
    services.comment_pin(user=fresh(facilitator), comment=secret, pinned=True)
    services.comment_hide(user=fresh(facilitator), comment=secret, reason="Naam genoemd")
    client.force_login(participant)  # not the author, not a moderator
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Mevrouw Jansen" not in html, "hidden comment text shown in the pinned box"


def test_hidden_comment_text_still_goes_out_in_email_excerpts(thread, case, peer, participant,
                                                              facilitator, settings):
    NotificationPreference.objects.update_or_create(
        user=participant, defaults={"show_excerpts": True, "immediate_email": True})
    secret = post(peer, thread, "Mevrouw Jansen van de gemeente is het probleem.")
    services.comment_hide(user=fresh(facilitator), comment=secret, reason="Naam genoemd")
    expand_notifications()
    from cohort.notifications import delivery
    from cohort.notifications.models import OutgoingEmail
    delivery.send_due_emails(now=timezone.now() + datetime.timedelta(days=1))
    bodies = " ".join(e.body for e in OutgoingEmail.objects.all())
    assert "Mevrouw Jansen" not in bodies, "hidden comment text mailed to the case author"


def test_rewriting_after_delete_as_draft_is_shared_at_once(client, participant, peer, edition1,
                                                           block, prompts):
    open_prompt = prompts[1]
    first = reflect(participant, edition1, block, open_prompt, body="Eerste versie.")
    services.reflection_delete(user=fresh(participant), reflection=first)
    again = services.reflection_save(author=fresh(participant), cohort=edition1, block=block,
                                     prompt_id=open_prompt, body="Nog niet af, concept.",
                                     share=False)
    assert again.is_draft, "saved as a draft, but it is shared"
    client.force_login(peer)
    assert client.get(again.get_absolute_url()).status_code == 404


def test_removed_member_can_still_share_a_draft_into_the_edition(client, participant, peer,
                                                                 edition1, block, prompts):
    draft = reflect(participant, edition1, block, prompts[1], body="Concept.", share=False)
    Membership.objects.filter(user=participant, cohort=edition1).delete()
    client.force_login(participant)
    response = client.post(reverse("threads:reflection_share", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.is_draft, f"removed member shared into the edition ({response.status_code})"


def test_removed_case_author_reads_the_thread_after_removal(client, thread, case, participant,
                                                            peer):
    Membership.objects.filter(user=participant).delete()
    post(peer, thread, "Dit schrijf ik nadat Sanne weg is.")
    client.force_login(participant)
    response = client.get(case.get_absolute_url())
    assert "nadat Sanne weg is" not in response.content.decode()


def test_deleted_comment_notifications_come_back_from_the_batch(thread, case, peer, participant):
    comment = post(peer, thread, "Vertrouwelijk detail.")
    services.comment_delete(user=fresh(peer), comment=comment)  # before the task expanded it
    expand_notifications()
    leftover = Notification.objects.filter(event_key=f"comment:{comment.pk}")
    assert not leftover.exists(), [(n.recipient_id, n.excerpt) for n in leftover]


def test_deleted_reflection_text_stays_in_mention_notification(participant, peer, edition1,
                                                               block, prompts):
    refl = reflect(participant, edition1, block, prompts[1], body="@Youssef weet van de ruzie.")
    services.reflection_delete(user=fresh(participant), reflection=refl)
    expand_notifications()
    left = Notification.objects.filter(recipient=peer, excerpt__contains="ruzie")
    assert not left.exists()


def test_huge_parent_number_is_a_500(client, case, peer):
    client.force_login(peer)
    response = client.post(reverse("threads:case_comment", args=[case.pk]),
                           {"body": "Hoi", "parent": "9" * 30})
    assert response.status_code in (400, 404)


def test_removed_member_still_edits_and_steers(client, thread, case, participant, peer,
                                               edition1, block, prompts):
    mine = post(participant, thread, "Mijn reactie.")
    shared = reflect(participant, edition1, block, prompts[1], body="Gedeeld.")
    Membership.objects.filter(user=participant, cohort=edition1).delete()
    client.force_login(participant)
    client.post(reverse("threads:comment_edit", args=[mine.pk]), {"body": "Aangepast @Youssef"})
    client.post(reverse("threads:reflection_edit", args=[shared.pk]), {"body": "Ook aangepast"})
    client.post(reverse("threads:intervision", args=[case.pk]))
    for row in (mine, shared, thread):
        row.refresh_from_db()
    assert (mine.body, shared.body, thread.phase) == ("Mijn reactie.", "Gedeeld.", "")


def test_hidden_comment_author_edit_mentions_leak_text(thread, case, peer, participant,
                                                        facilitator, edition1):
    other = member(edition1, first_name="Lotte", email="lotte1@example.org")
    secret = post(peer, thread, "Mevrouw Jansen is het probleem.")
    services.comment_hide(user=fresh(facilitator), comment=secret, reason="Naam")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):  # a hidden comment is not edited (nor re-told)
        services.comment_edit(user=fresh(peer), comment=secret,
                              body="Mevrouw Jansen is het probleem. @Lotte")
    expand_notifications()
    assert not Notification.objects.filter(recipient=other, excerpt__contains="Jansen").exists()


def test_share_then_delete_unlocks_post_first(client, participant, peer, edition1, block, prompts):
    gated = prompts[0]
    theirs = reflect(peer, edition1, block, gated, body="Mijn eerlijke verhaal.")
    mine = reflect(participant, edition1, block, gated, body="x")
    services.reflection_delete(user=fresh(participant), reflection=mine)
    client.force_login(participant)
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_edit_mention_tells_the_case_author_twice_about_one_comment(thread, case, peer,
                                                                     participant):
    comment = post(peer, thread, "Wat een casus.")
    services.comment_edit(user=fresh(peer), comment=comment, body="Wat een casus, @Sanne.")
    expand_notifications()
    assert Notification.objects.filter(recipient=participant).count() == 1


def test_edit_within_grace_keeps_old_text_in_email_excerpt(thread, case, peer, participant):
    comment = post(peer, thread, "Wethouder Bakker liegt.")
    services.comment_edit(user=fresh(peer), comment=comment, body="De gemeente aarzelt.")
    expand_notifications()
    assert not Notification.objects.filter(excerpt__contains="Bakker").exists()
