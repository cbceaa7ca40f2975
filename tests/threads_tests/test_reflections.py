"""Reflections: drafts are their author's, "post your own first" holds in every channel."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohort import permissions
from cohort.models import Membership
from cohort.threads.models import Reflection, Thread
from tests.factories import expand_notifications, member
from tests.threads_tests.conftest import OPEN_QUESTION, POST_FIRST, fresh, reflect

pytestmark = pytest.mark.django_db


def test_a_draft_is_its_authors_alone(client, block, prompts, participant, peer, facilitator):
    gated, _open = prompts
    draft = reflect(participant, participant.memberships.first().cohort, block, gated,
                    body="Nog een kladje", share=False)
    assert draft.is_draft
    for other in (peer, facilitator):
        assert not permissions.visible_reflections(fresh(other)).filter(pk=draft.pk).exists()
        client.force_login(other)
        assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(participant)
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200 and "Nog een kladje" in page.content.decode()
    # A draft has no thread, so nobody can comment on it.
    assert not Thread.objects.filter(reflection=draft).exists()
    client.force_login(peer)
    assert client.post(reverse("threads:reflection_comment", args=[draft.pk]),
                       {"body": "hoi"}).status_code == 404


def test_post_first_peers_see_nothing_until_they_share(client, block, prompts, edition1,
                                                       participant, peer, facilitator):
    gated, _open = prompts
    theirs = reflect(participant, edition1, block, gated, body="Ik nam de agenda over.")
    assert theirs.post_first
    # The peer has not shared: no page, no list entry, no search hit, no notification.
    client.force_login(peer)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    listing = client.get(reverse("threads:reflections", args=[edition1.pk])).content.decode()
    assert "Ik nam de agenda over" not in listing and theirs.get_absolute_url() not in listing
    block_page = client.get(block.url).content.decode()
    assert theirs.get_absolute_url() not in block_page
    assert "1 mededeelnemer heeft hier een reflectie gedeeld" in block_page  # one is waiting
    search = client.get(reverse("search:search"), {"q": "agenda"}).content.decode()
    assert theirs.get_absolute_url() not in search
    expand_notifications()
    from cohort.notifications.selectors import listing as notification_listing

    assert not [n for n in notification_listing(fresh(peer))
                if n.subject_key == f"reflection:{theirs.pk}"]
    # A facilitator sees it at once.
    client.force_login(facilitator)
    assert client.get(theirs.get_absolute_url()).status_code == 200
    # A draft of their own does not open it; sharing does.
    mine = reflect(peer, edition1, block, gated, body="Mijn eigen kladje", share=False)
    client.force_login(peer)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    client.post(reverse("threads:reflection_share", args=[mine.pk]))
    assert client.get(theirs.get_absolute_url()).status_code == 200
    assert theirs.get_absolute_url() in client.get(block.url).content.decode()


def test_an_open_question_shows_peers_without_posting_first(client, block, prompts, edition1,
                                                            participant, peer):
    _gated, open_ = prompts
    theirs = reflect(participant, edition1, block, open_, body="Het belang van de corporatie.")
    assert not theirs.post_first
    client.force_login(peer)
    assert client.get(theirs.get_absolute_url()).status_code == 200
    # The edition is told (in the digest); the author is not told of their own share.
    expand_notifications()
    from cohort.notifications.models import Notification

    told = set(Notification.objects.filter(kind="reflection_shared")
               .values_list("recipient_id", flat=True))
    assert peer.pk in told and participant.pk not in told


def test_post_first_notifies_only_who_may_read_it(block, prompts, edition1, participant, peer,
                                                  facilitator):
    gated, _open = prompts
    third = member(edition1, first_name="Petra", email="petra@example.org")
    reflect(peer, edition1, block, gated, body="Eerst ik.")
    reflect(participant, edition1, block, gated, body="Dan ik.")
    expand_notifications()
    from cohort.notifications.models import Notification

    about_second = set(Notification.objects.filter(
        kind="reflection_shared", actor=participant).values_list("recipient_id", flat=True))
    assert peer.pk in about_second and facilitator.pk in about_second
    assert third.pk not in about_second


def test_another_edition_never_sees_a_reflection(client, block, prompts, edition1, edition2,
                                                 participant, outsider):
    _gated, open_ = prompts
    theirs = reflect(participant, edition1, block, open_, body="Alleen voor editie 1")
    reflect(outsider, edition2, block, open_, body="Iets van editie 2")
    client.force_login(outsider)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(reverse("threads:reflections", args=[edition1.pk])).status_code == 404
    assert "Alleen voor editie 1" not in client.get(block.url).content.decode()
    assert "Alleen voor editie 1" not in client.get(
        reverse("search:search"), {"q": "editie"}).content.decode()
    assert client.post(reverse("threads:reflection_comment", args=[theirs.pk]),
                       {"body": "binnendringen"}).status_code == 404


def test_one_reflection_per_question_writing_again_edits_it(block, prompts, edition1,
                                                            participant):
    gated, _open = prompts
    first = reflect(participant, edition1, block, gated, body="Eerste versie", share=False)
    again = reflect(participant, edition1, block, gated, body="Tweede versie", share=True)
    assert first.pk == again.pk and again.body == "Tweede versie" and not again.is_draft
    assert Reflection.objects.filter(author=participant).count() == 1
    assert again.prompt_text == POST_FIRST


def test_reflection_on_the_block_itself_and_refusals(block, prompts, edition1, participant,
                                                     peer, facilitator):
    after = reflect(participant, edition1, block, "", body="Wat ik meeneem uit blok 1.")
    assert after.prompt_id == "" and not after.post_first
    with pytest.raises(ValidationError):
        reflect(participant, edition1, block, "bestaat-niet")
    with pytest.raises(ValidationError):
        reflect(peer, edition1, block, prompts[1], body="   ")
    with pytest.raises(ValidationError):
        reflect(peer, edition1, block, prompts[1], body="x" * 10_001)
    with pytest.raises(PermissionDenied):  # facilitators do not write reflections
        reflect(facilitator, edition1, block, prompts[1])
    assert not Reflection.objects.filter(author__in=[peer, facilitator]).exists()


def test_a_closed_block_takes_no_reflection(block, prompts, edition1, participant):
    from cohort.programme.models import BlockRelease

    BlockRelease.objects.filter(cohort=edition1).delete()
    with pytest.raises(ValidationError) as error:
        reflect(participant, edition1, block, prompts[1])
    assert error.value.code == "block_closed"


def test_the_form_on_the_block_page_writes_a_draft_and_shares(client, block, prompts, edition1,
                                                              participant):
    gated, _open = prompts
    client.force_login(participant)
    page = client.get(block.url).content.decode()
    assert 'action="/reflecties/schrijven/"' in page and f'value="{gated}"' in page
    response = client.post(reverse("threads:reflection_write"), {
        "blok": block.pk, "editie": edition1.pk, "vraag": gated, "body": "Een **kladje**"})
    reflection = Reflection.objects.get(author=participant)
    assert response.status_code == 302 and reflection.is_draft
    assert "<strong>kladje</strong>" in reflection.body_html
    # An empty text is refused with a message and changes nothing.
    response = client.post(reverse("threads:reflection_edit", args=[reflection.pk]),
                           {"body": "   "})
    assert response.status_code == 400
    reflection.refresh_from_db()
    assert reflection.body == "Een **kladje**"
    client.post(reverse("threads:reflection_share", args=[reflection.pk]))
    reflection.refresh_from_db()
    assert not reflection.is_draft and Thread.objects.filter(reflection=reflection).exists()


def test_a_prompt_switched_to_post_first_in_the_admin_holds_for_old_reflections(
        block, prompts, edition1, participant, peer):
    _gated, open_ = prompts
    theirs = reflect(participant, edition1, block, open_)
    assert permissions.visible_reflections(fresh(peer)).filter(pk=theirs.pk).exists()
    body = block.body
    for child in body:
        if child.id == open_:
            child.value["post_before_seeing_peers"] = True
    block.body = body
    block.save_revision().publish()
    theirs.refresh_from_db()
    assert theirs.post_first
    assert not permissions.visible_reflections(fresh(peer)).filter(pk=theirs.pk).exists()


def test_observers_read_shared_reflections_and_do_not_post(client, block, prompts, edition1,
                                                          participant):
    gated, _open = prompts
    observer = member(edition1, role=Membership.Role.OBSERVER, first_name="Olga",
                      email="olga@example.org")
    theirs = reflect(participant, edition1, block, gated)
    client.force_login(observer)
    page = client.get(theirs.get_absolute_url())
    assert page.status_code == 200
    assert 'id="reageer"' not in page.content.decode()
    response = client.post(reverse("threads:reflection_comment", args=[theirs.pk]),
                           {"body": "Mag ik iets zeggen?"})
    assert response.status_code == 400
    assert OPEN_QUESTION  # the fixture's other question stays untouched


def test_a_reflection_after_the_block_from_the_block_page(client, block, prompts, edition1,
                                                          participant, peer):
    client.force_login(participant)
    page = client.get(block.url).content.decode()
    assert 'id="reflectie-blok"' in page
    client.post(reverse("threads:reflection_write"), {
        "blok": block.pk, "editie": edition1.pk, "vraag": "", "body": "Ik neem mee: zwijgen.",
        "share": "1"})
    reflection = Reflection.objects.get(author=participant, prompt_id="")
    assert not reflection.is_draft
    client.force_login(peer)
    assert reflection.get_absolute_url() in client.get(block.url).content.decode()


def test_a_mention_in_a_shared_reflection_tells_who_may_read_it_once(block, prompts,
                                                                     edition1, participant,
                                                                     peer, facilitator):
    from cohort.notifications.models import Notification

    reflect(participant, edition1, block, prompts[1], body="Dank @Youssef en @Marieke.")
    expand_notifications()
    assert Notification.objects.get(recipient=peer).kind == "comment_mention"
    assert Notification.objects.get(recipient=facilitator).kind == "comment_mention"
    # Post your own first: a peer who has not shared is not told (they may not read it).
    third = member(edition1, first_name="Petra", email="petra@example.org")
    reflect(participant, edition1, block, prompts[0], body="Zie je dit, @Petra?")
    expand_notifications()
    assert not Notification.objects.filter(recipient=third).exists()
