"""The facilitator's desk ("Begeleiden"): what needs her, in her editions only, with a cost
that does not grow with the number of editions."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from cohort.cases import services as cases
from cohort.desk.models import DeskVisit
from cohort.models import Membership
from cohort.permissions import FACILITATORS_GROUP
from cohort.programme.invitations import Invitation
from cohort.programme.models import Session
from cohort.services import facilitators_group_ensure
from cohort.threads import services as threads
from tests.cases_tests.conftest import make_case
from tests.factories import cohort_page, member
from tests.threads_tests.conftest import post

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_a(edition1):
    """A facilitator of edition 1 only."""
    facilitators_group_ensure()
    user = member(edition1, role=Membership.Role.FACILITATOR, first_name="Anna",
                  email="anna@example.org")
    user.groups.add(Group.objects.get(name=FACILITATORS_GROUP))
    return user


def desk(client, user, url=None):
    client.force_login(user)
    response = client.get(url or reverse("desk:all"))
    assert response.status_code == 200
    return response.content.decode()


def test_only_facilitators_have_a_desk_and_only_for_their_editions(
        client, only_a, participant, edition1, edition2):
    page = desk(client, only_a)
    for key in ("feedback", "session", "new", "invitations", "quiet"):
        assert f'id="{key}-title"' in page, key
    assert client.get(reverse("desk:edition", args=[edition2.pk])).status_code == 404
    assert client.get(reverse("desk:edition", args=[edition1.pk])).status_code == 200
    client.force_login(participant)
    assert client.get(reverse("desk:all")).status_code == 404
    assert client.get(reverse("desk:edition", args=[edition1.pk])).status_code == 404
    assert reverse("desk:all") not in client.get(reverse("programme:my_leergang")).content.decode()
    client.force_login(only_a)
    assert reverse("desk:all") in client.get(reverse("programme:my_leergang")).content.decode()
    client.logout()
    assert client.get(reverse("desk:all")).status_code == 302  # to the login


def test_cases_waiting_for_feedback_oldest_first_and_only_hers(client, only_a, facilitator,
                                                                participant, peer, outsider,
                                                                edition1, edition2):
    older = make_case(participant, edition1, title="De oudste vraag")
    newer = make_case(peer, edition1, title="Een nieuwere vraag")
    make_case(participant, edition1, status="draft", title="Nog een concept")
    answered = make_case(peer, edition1, title="Al beantwoord")
    cases.case_feedback_add(user=only_a, case=answered, body="Goed punt.",
                            visibility="author")
    make_case(outsider, edition2, title="Vraag uit editie twee")
    page = desk(client, only_a)
    assert page.index(older.title) < page.index(newer.title)
    for absent in ("Nog een concept", "Al beantwoord", "Vraag uit editie twee"):
        assert absent not in page
    assert "Vraag uit editie twee" in desk(client, facilitator)  # she runs both


def test_new_since_the_visit_before_this_one(client, only_a, participant, peer, edition1,
                                             outsider, edition2, block, prompts):
    case = make_case(participant, edition1, title="Wie trekt de kar?")
    post(peer, threads.thread_for_case(case), "Eerste gedachte bij je vraag.")
    post(outsider, threads.thread_for_case(make_case(outsider, edition2)),
         "Dit is van editie twee.")
    page = desk(client, only_a)  # a first visit: the last week
    assert "Wie trekt de kar?" in page and "editie twee" not in page
    # An hour later she comes back; what came before her visit is no longer new.
    from cohort.threads.models import Comment

    Comment.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
    DeskVisit.objects.update(seen_at=timezone.now() - datetime.timedelta(hours=1))
    threads.reflection_save(author=peer, cohort=edition1, block=block, prompt_id=prompts[1],
                            body="Mijn reflectie.", share=True)
    page = desk(client, only_a)
    section = page[page.index('id="new"'):page.index('id="invitations"')]
    assert "Reflectie van" in section and "Wie trekt de kar?" not in section
    # Reloading soon after keeps the same news.
    page = desk(client, only_a)
    section = page[page.index('id="new"'):page.index('id="invitations"')]
    assert "Reflectie van" in section


def test_participants_quiet_for_two_weeks(client, only_a, participant, peer, edition1):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Membership.objects.filter(cohort=edition1).update(created_at=long_ago)
    type(participant).objects.filter(pk__in=[participant.pk, peer.pk]).update(
        last_login=long_ago)
    make_case(peer, edition1)  # wrote something today
    page = desk(client, only_a)
    section = page[page.index('id="quiet"'):]
    assert participant.get_display_name() in section
    assert peer.get_display_name() not in section
    assert "Anna" not in section  # facilitators are not counted


def test_next_session_and_open_invitations(client, only_a, edition1, edition2):
    start = timezone.now() + datetime.timedelta(days=3)
    Session.objects.create(cohort=edition1, start=start, end=start + datetime.timedelta(
        hours=3), title="Derde bijeenkomst", location="De Werkplaats")
    Session.objects.create(cohort=edition2, start=start, end=start + datetime.timedelta(
        hours=3), title="Andermans bijeenkomst")
    Invitation.objects.create(cohort=edition1, email="nieuw@example.org")
    Invitation.objects.create(cohort=edition2, email="ander@example.org")
    page = desk(client, only_a)
    assert "Derde bijeenkomst" in page and "Andermans" not in page
    assert "nieuw@example.org" in page and "ander@example.org" not in page


def test_the_dashboard_shows_the_desk_without_counting_as_a_visit(client, only_a, participant,
                                                                   edition1):
    make_case(participant, edition1)
    client.force_login(only_a)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("desk:all") in page and "1 casus wacht op feedback" in page
    assert not DeskVisit.objects.exists()


def test_the_admin_menu_links_her_editions_cases_and_progress_only(client, only_a, participant,
                                                                   edition1, edition2):
    client.force_login(only_a)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    for url in (reverse("desk:all"), reverse("cases:list", args=[edition1.pk]),
                reverse("programme:cohort_progress", args=[edition1.pk]),
                reverse("programme:cohort_invite", args=[edition1.pk])):
        assert url.replace("/", "\\/") in page or url in page, url
    for url in (reverse("cases:list", args=[edition2.pk]),
                reverse("programme:cohort_progress", args=[edition2.pk])):
        assert url not in page and url.replace("/", "\\/") not in page, url
    assert f"{edition1.title}: Voortgang" in page


def test_the_desk_costs_the_same_for_2_and_for_8_editions(client, django_assert_max_num_queries,
                                                         programme, edition1, edition2):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    facilitators_group_ensure()
    boss = member(edition1, role=Membership.Role.FACILITATOR, first_name="Begeleider",
                  email="boss@example.org")
    Membership.objects.create(user=boss, cohort=edition2, role=Membership.Role.FACILITATOR)

    def fill(edition, n):
        people = [member(edition, first_name=f"Lid{n}{i}", email=f"lid{n}-{i}@example.org")
                  for i in range(3)]
        for person in people:
            case = make_case(person, edition)
            post(people[0], threads.thread_for_case(case), f"Reactie {person.pk}.")
        Invitation.objects.create(cohort=edition, email=f"uitnodiging{n}@example.org")
        start = timezone.now() + datetime.timedelta(days=n)  # its next session, with a case
        session = Session.objects.create(cohort=edition, start=start,
                                         end=start + datetime.timedelta(hours=3))
        cases.session_plan_cases(user=type(boss).objects.get(pk=boss.pk), session=session, case_ids=[
            edition.cases.order_by("pk").values_list("pk", flat=True).first()])

    def count():
        client.force_login(boss)
        client.get(reverse("desk:all"))  # the first visit records itself
        DeskVisit.objects.update(seen_at=timezone.now() - datetime.timedelta(hours=2))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("desk:all")).status_code == 200
        return len(queries)

    fill(edition1, 1)
    fill(edition2, 2)
    small = count()
    for n in range(3, 9):
        edition = cohort_page(programme, title=f"Editie {n}")
        Membership.objects.create(user=boss, cohort=edition, role=Membership.Role.FACILITATOR)
        fill(edition, n)
    assert count() == small
    # Issue 15: a member page in at most 12 (a reload, so no visit to record).
    with django_assert_max_num_queries(12):
        client.get(reverse("desk:all"))



def test_comments_addressed_to_her_until_she_answers(client, only_a, participant, peer,
                                                     edition1):
    case = make_case(participant, edition1, title="Wie beslist er?")
    thread = threads.thread_for_case(case)
    post(peer, thread, "@Anna Test, hoe zie jij dit?")
    page = desk(client, only_a)
    section = page[page.index('id="questions"'):page.index('id="new"')]
    assert "Wie beslist er?" in section
    post(only_a, thread, "Goede vraag: wat denk je zelf?")
    page = desk(client, only_a)
    section = page[page.index('id="questions"'):page.index('id="new"')]
    assert "Wie beslist er?" not in section
