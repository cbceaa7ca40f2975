"""Threads under cases and reflections: replies two levels deep, mentions, reactions,
edits with history, removal, moderation, intervision, unread, limits."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cohort.models import Membership
from cohort.notifications.models import Notification
from cohort.threads import services
from cohort.threads.models import Comment, Reaction, ReadPosition, Revision, Thread
from tests.factories import expand_notifications, member
from tests.threads_tests.conftest import fresh, make_case, post, reflect

pytestmark = pytest.mark.django_db




def told(kind, user):
    expand_notifications()
    return Notification.objects.filter(kind=kind, recipient=user).count()


# --- Threading ----------------------------------------------------------------------------


def test_replies_nest_two_levels_and_deeper_ones_say_whom_they_answer(client, thread, case,
                                                                       participant, peer,
                                                                       facilitator):
    root = post(peer, thread, "Wat bedoel je met eigenaarschap?")
    reply = post(participant, thread, "Dat de partners het initiatief nemen.", parent=root)
    deeper = post(facilitator, thread, "En wie neemt het nu?", parent=reply)
    assert [c.number for c in (root, reply, deeper)] == [1, 2, 3]
    assert root.root_index == reply.root_index == deeper.root_index == 1
    client.force_login(peer)
    html = client.get(case.get_absolute_url()).content.decode()
    thread_html = html[html.index('id="gesprek"'):]
    # One top-level list, one nested list holding both replies; no third level.
    assert thread_html.count('<ol class="comments comments--replies">') == 1
    nested = thread_html[thread_html.index("comments--replies"):]
    assert "reactie-2" in nested and "reactie-3" in nested
    # The deeper reply names whom it answers; the direct reply needs no such line.
    third = thread_html[thread_html.index('id="reactie-3"'):]
    assert "Sanne" in third[:third.index("</p>")]
    second = thread_html[thread_html.index('id="reactie-2"'):thread_html.index('id="reactie-3"')]
    assert "comment__reply-to" not in second


def test_a_former_members_comments_keep_their_place_without_a_name(client, thread, case,
                                                                    participant, peer,
                                                                    facilitator, edition1):
    leaver = member(edition1, first_name="Joost", email="joost@example.org")
    root = post(peer, thread, "Wat bedoel je met eigenaarschap?")
    gone = post(leaver, thread, "Dat niemand het oppakt.", parent=root)
    post(participant, thread, "Dat zie ik ook zo.", parent=gone)
    services.comment_pin(user=fresh(facilitator), comment=gone, pinned=True)
    leaver.delete()  # the comments stay, without their author
    client.force_login(peer)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Joost" not in html
    pinned = html[html.index("thread__pinned"):html.index("</aside>")]
    assert "iemand" in pinned and "Dat niemand het oppakt." in pinned
    second = html[html.index('id="reactie-2"'):html.index('id="reactie-3"')]
    assert "een oud-deelnemer" in second and "/leden/" not in second
    third = html[html.index('id="reactie-3"'):]
    assert "in reactie op iemand" in third[:third.index("</p>")]


def test_a_reply_to_another_threads_comment_is_refused(thread, participant, peer, edition1):
    other_case = make_case(peer, edition1, title="Tweede casus")
    other = services.thread_for_case(other_case)
    elsewhere = post(participant, other, "Hier.")
    with pytest.raises(PermissionDenied):
        post(peer, thread, "Daar.", parent=elsewhere)


def test_counts_and_numbers_are_kept_on_the_thread(thread, participant, peer):
    first = post(peer, thread, "Een")
    post(participant, thread, "Twee", parent=first)
    post(peer, thread, "Drie")
    thread.refresh_from_db()
    assert (thread.last_number, thread.comment_count, thread.root_count) == (3, 3, 2)
    assert thread.last_comment_at is not None


# --- Mentions -----------------------------------------------------------------------------


def test_a_mention_in_the_edition_notifies_and_links(thread, participant, peer, facilitator):
    comment = post(peer, thread, "Wat denk jij, @Marieke?")
    assert list(comment.mentions.all()) == [facilitator]
    assert 'class="mention"' in comment.body_html and facilitator.get_absolute_url() in \
        comment.body_html
    assert told("comment_mention", facilitator) == 1


def test_a_mention_outside_the_edition_stays_plain_text(thread, peer, outsider):
    comment = post(peer, thread, "Vraag het @Lotte eens.")
    assert not comment.mentions.exists()
    assert "mention" not in comment.body_html and "@Lotte" in comment.body_html
    assert told("comment_mention", outsider) == 0
    assert Notification.objects.filter(recipient=outsider).count() == 0


def test_at_most_ten_mentions(thread, edition1, peer):
    people = [member(edition1, first_name=f"Lid{n}", email=f"lid{n}@example.org")
              for n in range(11)]
    text = " ".join(f"@{person.get_display_name()}" for person in people)
    with pytest.raises(ValidationError) as error:
        post(peer, thread, text)
    assert "10" in str(error.value)
    assert not Comment.objects.exists()
    ten = " ".join(f"@{person.get_display_name()}" for person in people[:10])
    assert post(peer, thread, ten).mentions.count() == 10


def test_one_event_one_notification_each(thread, participant, peer, facilitator):
    """The case's author, mentioned and replied to, hears of it once."""
    root = post(participant, thread, "Mijn vraag.")
    expand_notifications()
    reply = post(peer, thread, "@Sanne, zie hieronder.", parent=root)
    expand_notifications()
    mine = Notification.objects.filter(recipient=participant, event_key=f"comment:{reply.pk}")
    assert mine.count() == 1 and mine.get().kind == "comment_mention"
    # Not about yourself: the peer hears nothing of their own reply.
    assert not Notification.objects.filter(recipient=peer, event_key=f"comment:{reply.pk}")
    # The facilitator, not addressed, hears of it only by following the case (not here).
    assert not Notification.objects.filter(recipient=facilitator,
                                           event_key=f"comment:{reply.pk}").exists()


def test_a_mention_added_in_an_edit_notifies_only_the_newly_mentioned(thread, participant,
                                                                      peer, facilitator):
    comment = post(peer, thread, "Goede vraag, @Sanne.")
    expand_notifications()
    before = Notification.objects.count()
    services.comment_edit(user=fresh(peer), comment=comment,
                          body="Goede vraag, @Sanne. En @Marieke?")
    expand_notifications()
    assert Notification.objects.count() == before + 1
    assert Notification.objects.filter(recipient=facilitator, kind="comment_mention").exists()
    assert Notification.objects.filter(recipient=participant).count() == 1  # not again


# --- Reactions ----------------------------------------------------------------------------


def test_reactions_toggle_one_of_each_with_names(client, thread, case, participant, peer,
                                                 facilitator):
    comment = post(participant, thread, "Mijn aanpak.")
    assert services.reaction_toggle(user=fresh(peer), comment=comment, kind="herkenbaar")
    assert services.reaction_toggle(user=fresh(peer), comment=comment, kind="raak")
    assert services.reaction_toggle(user=fresh(facilitator), comment=comment, kind="herkenbaar")
    assert not services.reaction_toggle(user=fresh(peer), comment=comment, kind="raak")
    assert Reaction.objects.filter(comment=comment).count() == 2
    with pytest.raises(ValidationError):
        services.reaction_toggle(user=fresh(peer), comment=comment, kind="boos")
    with pytest.raises(ValidationError):
        services.reaction_toggle(user=fresh(participant), comment=comment, kind="dank")
    client.force_login(participant)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Youssef" in html and "Marieke" in html
    # Without JavaScript: a POST and back to the comment.
    client.force_login(peer)
    response = client.post(reverse("threads:comment_react", args=[comment.pk]),
                           {"kind": "dank"})
    assert response.status_code == 302 and response.url.endswith(f"#reactie-{comment.number}")
    assert Reaction.objects.filter(comment=comment, user=peer, kind="dank").exists()


# --- Editing and removal ------------------------------------------------------------------


def test_an_edit_within_five_minutes_keeps_no_revision_later_ones_do(client, thread, case,
                                                                     participant, peer):
    comment = post(peer, thread, "Eerste gedachte.")
    services.comment_edit(user=fresh(peer), comment=comment, body="Eerste gedachte, verbeterd.")
    comment.refresh_from_db()
    assert comment.edited_at is None and not Revision.objects.exists()
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=6))
    services.comment_edit(user=fresh(peer), comment=comment, body="Toch anders.")
    comment.refresh_from_db()
    assert comment.edited_at is not None
    assert list(comment.revisions.values_list("body_html", flat=True)) == [
        "<p>Eerste gedachte, verbeterd.</p>\n"]
    # "edited" on the page, and its history for everyone who sees the comment.
    client.force_login(participant)
    html = client.get(case.get_absolute_url()).content.decode()
    history_url = reverse("threads:comment_history", args=[comment.pk])
    assert history_url in html
    history = client.get(history_url).content.decode()
    assert "Eerste gedachte, verbeterd." in history and "Toch anders." in history


def test_an_edit_notifies_nobody_again(thread, participant, peer):
    comment = post(peer, thread, "Een reactie.")
    expand_notifications()
    before = Notification.objects.count()
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=10))
    services.comment_edit(user=fresh(peer), comment=comment, body="Een andere reactie.")
    expand_notifications()
    assert Notification.objects.count() == before


def test_only_the_author_edits_or_removes(client, thread, participant, peer, facilitator):
    comment = post(peer, thread, "Van mij.")
    for other in (participant, facilitator):
        with pytest.raises(PermissionDenied):
            services.comment_edit(user=fresh(other), comment=comment, body="Van jou?")
        client.force_login(other)
        assert client.get(reverse("threads:comment_edit", args=[comment.pk])).status_code == 404
        assert client.post(reverse("threads:comment_delete", args=[comment.pk])).status_code \
            == 404
    comment.refresh_from_db()
    assert comment.body == "Van mij."


def test_removal_leaves_a_placeholder_and_keeps_the_replies(client, thread, case, participant,
                                                            peer):
    root = post(peer, thread, "Iets wat ik liever terugneem.")
    post(participant, thread, "Antwoord erop.", parent=root)
    Comment.objects.filter(pk=root.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=10))
    services.comment_edit(user=fresh(peer), comment=root, body="Iets anders.")
    client.force_login(peer)
    assert client.post(reverse("threads:comment_delete", args=[root.pk])).status_code == 302
    root.refresh_from_db()
    assert root.is_deleted and root.body == "" and not root.revisions.exists()
    html = client.get(case.get_absolute_url()).content.decode()
    assert "verwijderd door de auteur" in html and "Antwoord erop." in html
    assert "terugneem" not in html
    assert "terugneem" not in client.get(
        reverse("threads:comment_history", args=[root.pk])).content.decode()


# --- Moderation ---------------------------------------------------------------------------


def test_a_facilitator_hides_with_a_reason_and_the_author_sees_why(client, thread, case,
                                                                   participant, peer,
                                                                   facilitator):
    comment = post(peer, thread, "Met de naam van een cliënt erin.")
    client.force_login(participant)
    assert client.post(reverse("threads:comment_hide", args=[comment.pk]),
                       {"reason": "Naam"}).status_code == 404  # not theirs to moderate
    client.force_login(facilitator)
    response = client.post(reverse("threads:comment_hide", args=[comment.pk]), {"reason": ""})
    comment.refresh_from_db()
    assert response.status_code == 302 and not comment.is_hidden  # a reason is required
    client.post(reverse("threads:comment_hide", args=[comment.pk]),
                {"reason": "Er staat een herkenbare naam in."})
    comment.refresh_from_db()
    assert comment.is_hidden
    client.force_login(participant)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "cliënt erin" not in html and "verborgen door de begeleiding" in html
    assert client.get(reverse("threads:comment_history", args=[comment.pk])).status_code == 404
    client.force_login(peer)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "cliënt erin" in html and "Er staat een herkenbare naam in." in html
    client.force_login(facilitator)
    client.post(reverse("threads:comment_unhide", args=[comment.pk]))
    client.force_login(participant)
    assert "cliënt erin" in client.get(case.get_absolute_url()).content.decode()


def test_a_locked_thread_takes_no_comments(client, thread, case, participant, peer,
                                           facilitator):
    post(peer, thread, "Voor het slot.")
    client.force_login(facilitator)
    client.post(reverse("threads:lock", args=[thread.pk]), {"locked": "1"})
    thread.refresh_from_db()
    assert thread.is_locked
    client.force_login(peer)
    response = client.post(reverse("threads:case_comment", args=[case.pk]),
                           {"body": "Na het slot."})
    assert response.status_code == 400
    assert "vergrendeld" in response.content.decode() or "locked" in response.content.decode()
    assert Comment.objects.count() == 1
    # A participant cannot unlock it.
    assert client.post(reverse("threads:lock", args=[thread.pk]),
                       {"locked": "0"}).status_code == 404


def test_a_closed_case_takes_no_comments(client, participant, peer, edition1, facilitator):
    closed = make_case(participant, edition1, status="closed", title="Afgesloten")
    client.force_login(peer)
    response = client.post(reverse("threads:case_comment", args=[closed.pk]),
                           {"body": "Nog iets?"})
    assert response.status_code == 400 and not Comment.objects.exists()


def test_a_pinned_comment_shows_above_the_thread(client, thread, case, participant, peer,
                                                 facilitator):
    first = post(peer, thread, "Gewoon een reactie.")
    key = post(participant, thread, "De kern van de zaak.")
    services.comment_pin(user=fresh(facilitator), comment=key, pinned=True)
    services.comment_pin(user=fresh(facilitator), comment=first, pinned=True)
    assert list(Comment.objects.filter(pinned_at__isnull=False)) == [first]  # one at a time
    with pytest.raises(PermissionDenied):
        services.comment_pin(user=fresh(peer), comment=key, pinned=True)
    client.force_login(peer)
    html = client.get(case.get_absolute_url()).content.decode()
    pinned = html[html.index("thread__pinned"):]
    assert pinned.index("Gewoon een reactie.") < pinned.index("</aside>")


# --- Intervision --------------------------------------------------------------------------


def test_intervision_phases_and_who_may_post_in_each(case, participant, peer, facilitator,
                                                     edition1):
    with pytest.raises(PermissionDenied):
        services.intervision_advance(user=fresh(peer), case=case)
    thread = services.intervision_advance(user=fresh(participant), case=case)
    assert thread.phase == "questions"
    assert post(peer, thread, "Wat heb je al geprobeerd?").phase == "questions"
    assert post(participant, thread, "Een extra overleg.").phase == "questions"
    thread = services.intervision_advance(user=fresh(facilitator), case=case)
    assert thread.phase == "hypotheses"
    with pytest.raises(ValidationError):
        post(participant, thread, "Maar ik bedoelde ...")  # the author listens
    assert post(peer, thread, "Misschien wachten ze op jou.").phase == "hypotheses"
    thread = services.intervision_advance(user=fresh(participant), case=case)
    assert thread.phase == "advice"
    with pytest.raises(ValidationError):
        post(participant, thread, "Nog één ding.")
    post(peer, thread, "Doe een keer niets.")
    thread = services.intervision_advance(user=fresh(participant), case=case)
    assert thread.phase == "response"
    with pytest.raises(ValidationError):
        post(peer, thread, "Nog een advies.")  # the case owner speaks now
    assert post(participant, thread, "Dank, ik ga het proberen.").phase == "response"
    assert post(facilitator, thread, "Mooi.").phase == "response"
    thread = services.intervision_advance(user=fresh(facilitator), case=case)
    assert thread.phase == "done"
    post(peer, thread, "Succes!")
    with pytest.raises(ValidationError):
        services.intervision_advance(user=fresh(facilitator), case=case)
    # Each phase change told the edition (not the one who moved it on).
    expand_notifications()
    assert Notification.objects.filter(kind="intervision_phase", recipient=peer).count() == 5


def test_the_stepper_shows_the_current_phase(client, case, participant, peer):
    services.intervision_advance(user=fresh(participant), case=case)
    services.intervision_advance(user=fresh(participant), case=case)
    client.force_login(participant)
    html = client.get(case.get_absolute_url()).content.decode()
    stepper = html[html.index('class="stepper"'):html.index("</nav>", html.index('class="stepper"'))]
    assert stepper.count("<li") == 5 and stepper.count('aria-current="step"') == 1
    current = stepper[stepper.index('aria-current="step"'):]
    assert "hypothes" in current[:200].lower()
    # The author reads why there is no form.
    assert 'id="reageer"' not in html[html.index('id="gesprek"'):]


def test_a_phase_change_tells_only_the_cases_audience(participant, edition1, facilitator,
                                                      peer):
    private = make_case(participant, edition1, audience="facilitators", title="Privé")
    services.intervision_advance(user=fresh(participant), case=private)
    expand_notifications()
    assert not Notification.objects.filter(recipient=peer).exists()
    assert Notification.objects.filter(recipient=facilitator, kind="intervision_phase").exists()


# --- Unread -------------------------------------------------------------------------------


def test_a_long_thread_links_the_ends_and_the_pages_near_this_one(client, settings, thread,
                                                                  case, participant, peer):
    import re

    settings.THREAD_PAGE_SIZE = 1
    for n in range(12):
        post(peer, thread, f"Reactie {n}")
    client.force_login(participant)
    html = client.get(case.get_absolute_url() + "?pagina=6").content.decode()
    nav = html[html.index('class="pagination"'):]
    nav = nav[:nav.index("</nav>")]
    linked = [int(n) for n in re.findall(r'\?pagina=(\d+)#gesprek">\d+<', nav)]
    assert linked == [1, 4, 5, 7, 8, 12]  # 2-3 and 9-11 fold into a gap each
    assert nav.count("pagination__gap") == 2
    assert '<span aria-current="page">6</span>' in nav
    assert 'pagina=5#gesprek" rel="prev"' in nav and 'pagina=7#gesprek" rel="next"' in nav
    first = client.get(case.get_absolute_url()).content.decode()
    first = first[first.index('class="pagination"'):]
    assert 'rel="prev"' not in first[:first.index("</nav>")]


def test_one_read_position_per_member_and_opening_goes_to_the_first_unread(
        client, settings, thread, case, participant, peer, facilitator):
    settings.THREAD_PAGE_SIZE = 2
    for n in range(3):
        post(peer, thread, f"Reactie {n}")
    client.force_login(participant)
    client.get(case.get_absolute_url())  # page 1: read up to #2
    assert ReadPosition.objects.get(thread=thread, user=participant).last_read_number == 2
    post(peer, thread, "Nieuw 1")
    post(facilitator, thread, "Nieuw 2")
    response = client.get(reverse("threads:thread", args=[thread.pk]))
    assert response.status_code == 302
    assert response.url.endswith("?pagina=2#reactie-3")
    html = client.get(response.url).content.decode()
    assert html.count("comment--new") == 2  # #3 and #4 (page 2) are new for them
    assert ReadPosition.objects.filter(thread=thread, user=participant).count() == 1
    assert ReadPosition.objects.get(thread=thread, user=participant).last_read_number == 4
    # The edition's thread list and Mijn leergang show what is left unread.
    listing = client.get(reverse("threads:threads", args=[case.cohort_id])).content.decode()
    assert "1 nieuw" in listing or "1 new" in listing
    leergang = client.get(reverse("programme:my_leergang")).content.decode()
    assert reverse("threads:thread", args=[thread.pk]) in leergang


def test_own_comments_are_not_new_to_their_author(client, thread, case, participant, peer):
    post(participant, thread, "Van mezelf.")
    client.force_login(participant)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "comment--new" not in html


# --- Limits -------------------------------------------------------------------------------


def test_empty_too_long_and_duplicate_posts_are_refused(client, thread, case, peer):
    client.force_login(peer)
    url = reverse("threads:case_comment", args=[case.pk])
    for body in ("", "   \n ", "x" * 10_001):
        response = client.post(url, {"body": body})
        assert response.status_code == 400
    assert client.post(url, {"body": "Eén keer."}).status_code == 302
    again = client.post(url, {"body": "Eén keer."})
    assert again.status_code == 400
    assert "zojuist" in again.content.decode() or "moment ago" in again.content.decode()
    assert Comment.objects.count() == 1
    # The refused text is kept in the form.
    too_long = client.post(url, {"body": "y" * 10_001}).content.decode()
    assert "y" * 100 in too_long


def test_posting_is_rate_limited_with_a_429(client, settings, thread, case, peer):
    settings.THREAD_POST_LIMIT = 3
    client.force_login(peer)
    url = reverse("threads:case_comment", args=[case.pk])
    for n in range(3):
        assert client.post(url, {"body": f"Bericht {n}"}).status_code == 302
    response = client.post(url, {"body": "Bericht 4"})
    assert response.status_code == 429
    assert "Bericht 4" in response.content.decode()  # the text is kept
    assert Comment.objects.count() == 3


def test_the_rate_limit_holds_with_redis_down(client, settings, thread, case, peer):
    settings.THREAD_POST_LIMIT = 1
    settings.CACHES = {"default": {"BACKEND": "cohort.cache.ResilientRedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}} if False else \
        settings.CACHES
    from django.core.cache import cache

    cache.clear()  # the counts live in the database, not the cache
    client.force_login(peer)
    url = reverse("threads:case_comment", args=[case.pk])
    assert client.post(url, {"body": "Een"}).status_code == 302
    assert client.post(url, {"body": "Twee"}).status_code == 429


# --- Isolation ----------------------------------------------------------------------------


def test_another_edition_reaches_none_of_a_thread(client, thread, case, participant, peer,
                                                  outsider, block, prompts, edition1):
    comment = post(peer, thread, "Alleen voor editie 1.")
    services.reaction_toggle(user=fresh(participant), comment=comment, kind="dank")
    reflection = reflect(participant, edition1, block, prompts[1])
    client.force_login(outsider)
    urls = [
        (case.get_absolute_url(), "get"),
        (reverse("threads:thread", args=[thread.pk]), "get"),
        (reverse("threads:comment", args=[comment.pk]), "get"),
        (reverse("threads:comment_history", args=[comment.pk]), "get"),
        (reverse("threads:comment_edit", args=[comment.pk]), "get"),
        (reflection.get_absolute_url(), "get"),
        (reverse("threads:reflection_history", args=[reflection.pk]), "get"),
        (reverse("threads:threads", args=[edition1.pk]), "get"),
        (reverse("threads:reflections", args=[edition1.pk]), "get"),
        (reverse("threads:case_comment", args=[case.pk]), "post"),
        (reverse("threads:reflection_comment", args=[reflection.pk]), "post"),
        (reverse("threads:comment_react", args=[comment.pk]), "post"),
        (reverse("threads:comment_hide", args=[comment.pk]), "post"),
        (reverse("threads:comment_pin", args=[comment.pk]), "post"),
        (reverse("threads:lock", args=[thread.pk]), "post"),
        (reverse("threads:intervision", args=[case.pk]), "post"),
    ]
    for url, method in urls:
        response = getattr(client, method)(url, {"body": "x", "kind": "dank", "reason": "x"}
                                           if method == "post" else None)
        assert response.status_code == 404, url
    assert Comment.objects.count() == 1 and Reaction.objects.count() == 1
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_a_member_removed_from_the_edition_loses_the_thread(client, thread, case, peer):
    comment = post(peer, thread, "Nog van mij.")
    Membership.objects.filter(user=peer).delete()
    client.force_login(peer)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(reverse("threads:comment", args=[comment.pk])).status_code == 404


def test_a_case_for_the_facilitators_only_keeps_its_thread_from_peers(client, participant,
                                                                      peer, edition1,
                                                                      facilitator):
    private = make_case(participant, edition1, audience="facilitators", title="Vertrouwelijk")
    thread = services.thread_for_case(private)
    post(facilitator, thread, "Zullen we bellen?")
    client.force_login(peer)
    assert client.get(reverse("threads:thread", args=[thread.pk])).status_code == 404
    assert "Zullen we bellen" not in client.get(
        reverse("threads:threads", args=[edition1.pk])).content.decode()


def test_thread_is_a_thread_of_exactly_one_subject(case):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.create(cohort=case.cohort)


def test_the_case_list_shows_comments_and_unread_in_fixed_queries(
        client, thread, case, participant, peer, edition1, django_assert_max_num_queries):
    post(peer, thread, "Eerste.")
    post(peer, thread, "Tweede.")
    client.force_login(participant)
    url = reverse("cases:list", args=[edition1.pk])
    html = client.get(url).content.decode()
    assert "2 reacties" in html and "2 nieuw" in html
    client.get(case.get_absolute_url())
    assert "nieuw" not in client.get(url).content.decode().split('class="case-list"')[1]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        other = services.thread_for_case(make_case(participant, edition1, title=f"Nog {n}"))
        post(peer, other, f"Reactie {n}")
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_only_who_may_open_the_subject_can_be_mentioned(participant, peer, edition1,
                                                        facilitator, block, prompts):
    private = make_case(participant, edition1, audience="facilitators", title="Alleen ons")
    thread = services.thread_for_case(private)
    comment = post(facilitator, thread, "@Youssef kijk eens mee")  # may not read the case
    assert not comment.mentions.exists() and "mention" not in comment.body_html
    gated = reflect(participant, edition1, block, prompts[0])
    gated_thread = Thread.objects.get(reflection=gated)
    comment = post(facilitator, gated_thread, "@Youssef wat vind jij?")  # not shared yet
    assert not comment.mentions.exists()
    reflect(peer, edition1, block, prompts[0])
    comment = post(facilitator, gated_thread, "@Youssef en nu?")
    assert list(comment.mentions.all()) == [peer]


def test_a_locked_thread_takes_no_reactions_or_edits_and_offers_none(client, thread, case,
                                                                     participant, peer,
                                                                     facilitator):
    mine = post(peer, thread, "Van mij.")
    theirs = post(participant, thread, "Van Sanne.")
    services.thread_lock(user=fresh(facilitator), thread=thread, locked=True)
    with pytest.raises(ValidationError):
        services.reaction_toggle(user=fresh(peer), comment=theirs, kind="dank")
    with pytest.raises(ValidationError):
        services.comment_edit(user=fresh(peer), comment=mine, body="Toch anders.")
    client.force_login(peer)
    response = client.post(reverse("threads:comment_react", args=[theirs.pk]), {"kind": "dank"})
    assert response.status_code == 302 and not Reaction.objects.exists()
    html = client.get(case.get_absolute_url()).content.decode()
    thread_html = html[html.index('id="gesprek"'):]
    assert reverse("threads:comment_edit", args=[mine.pk]) not in thread_html
    assert 'class="reactions"' not in thread_html
    client.force_login(facilitator)
    html = client.get(case.get_absolute_url()).content.decode()
    assert reverse("threads:intervision", args=[case.pk]) not in html


def test_removed_and_hidden_comments_are_not_counted_as_new(client, thread, case, participant,
                                                            peer, facilitator, edition1):
    post(peer, thread, "Blijft staan.")
    gone = post(peer, thread, "Trek ik in.")
    hidden = post(peer, thread, "Wordt verborgen.")
    services.comment_delete(user=fresh(peer), comment=gone)
    services.comment_hide(user=fresh(facilitator), comment=hidden, reason="Naam")
    client.force_login(participant)
    listing = client.get(reverse("cases:list", args=[edition1.pk])).content.decode()
    assert "1 nieuw" in listing
    response = client.get(reverse("threads:thread", args=[thread.pk]))
    assert response.url.endswith("#reactie-1")


def test_the_mention_suggestions_name_only_who_may_open_it(client, case, participant, peer,
                                                           facilitator, outsider, edition1):
    url = reverse("threads:mentionable_case", args=[case.pk])
    client.force_login(peer)
    names = client.get(url).json()["names"]
    assert sorted(names) == sorted([participant.get_display_name(),
                                    facilitator.get_display_name()])  # not themselves
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    private = make_case(participant, edition1, audience="facilitators", title="Privé")
    client.force_login(facilitator)
    assert client.get(reverse("threads:mentionable_case", args=[private.pk])).json()[
        "names"] == [participant.get_display_name()]
    client.force_login(peer)
    assert client.get(reverse("threads:mentionable_case", args=[private.pk])).status_code == 404


def test_pinning_says_which_pin_it_replaces(client, thread, case, participant, peer,
                                            facilitator):
    first = post(peer, thread, "Eerst vast.")
    second = post(participant, thread, "Daarna vast.")
    client.force_login(facilitator)
    client.post(reverse("threads:comment_pin", args=[first.pk]), {"pinned": "1"})
    response = client.post(reverse("threads:comment_pin", args=[second.pk]), {"pinned": "1"},
                           follow=True)
    assert f"in plaats van #{first.number}" in response.content.decode()
