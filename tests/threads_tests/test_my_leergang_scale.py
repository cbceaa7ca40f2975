"""Mijn leergang at scale: its cost does not grow with the number of editions, members,
cases or comments, and a member of many editions sees the latest in full, the rest folded."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cohort.models import Membership
from cohort.programme.models import Session
from cohort.programme.selectors import MY_LEERGANG_OPEN
from tests.factories import cohort_page, member

from .conftest import OPEN_QUESTION, fresh, make_case, post, reflect

MAX_QUERIES = 12


def _edition(programme, block, prompts, index, label, members, comments, *, facilitator, many):
    """An edition with a facilitator, ``many`` as a participant, ``members`` others, a case
    with ``comments`` comments and a shared reflection of ``many``'s own."""
    edition = cohort_page(programme, title=f"Schaaleditie {label}",
                          start_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=index))
    Membership.objects.create(user=facilitator, cohort=edition, role=Membership.Role.FACILITATOR)
    Membership.objects.create(user=many, cohort=edition, role=Membership.Role.PARTICIPANT)
    from cohort.programme.models import BlockRelease

    BlockRelease.objects.create(cohort=edition, block=block,
                                open_from=timezone.now() - datetime.timedelta(hours=1))
    start = timezone.now() + datetime.timedelta(days=index + 1)
    Session.objects.create(cohort=edition, block=block, start=start,
                           end=start + datetime.timedelta(hours=3), location=f"Zaal {label}")
    people = [member(edition, email=f"e{label}-lid{n}@example.org") for n in range(members)]
    case = make_case(people[0], edition, title=f"Casus van editie {label}")
    from cohort.threads.services import thread_for_case

    thread = thread_for_case(case)
    for n in range(comments):
        post(people[n % len(people)], thread, f"Reactie {n} in editie {label}.")
    reflect(fresh(many), edition, block, prompts[1], body=f"Mijn reflectie in editie {label}.")
    return edition


@pytest.fixture
def world(programme, block, prompts):
    """build(n, ...) makes n editions; returns (facilitator of all, member of all, editions)."""

    def build(editions, members, comments):
        from tests.factories import UserFactory

        leader = UserFactory(email=f"leider{editions}@example.org", first_name="Leider")
        many = UserFactory(email=f"veel{editions}@example.org", first_name="Veel")
        made = [_edition(programme, block, prompts, i, f"{editions}-{i}", members, comments,
                         facilitator=leader, many=many) for i in range(editions)]
        return leader, many, made

    return build


def _count(client, user, path="/mijn-leergang/"):
    client.force_login(user)
    client.get(path)  # warm: the navigation and the programme's blocks are cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_mijn_leergang_costs_the_same_for_2_editions_and_for_6(client, world):
    small = world(2, members=2, comments=2)
    big = world(6, members=5, comments=12)
    for who in (0, 1):  # the facilitator of all, the participant of all
        small_count, _ = _count(client, small[who])
        big_count, page = _count(client, big[who])
        assert small_count == big_count, (who, small_count, big_count)
        assert big_count <= MAX_QUERIES
        # What the count covers is on the page: the unread comments of each shown edition.
        assert page.count("12 nieuwe reacties") == MY_LEERGANG_OPEN, who


def test_the_latest_editions_are_shown_in_full_and_the_rest_folded(client, world):
    _leader, many, editions = world(5, members=1, comments=0)
    _count_, page = _count(client, many)
    newest_first = sorted(editions, key=lambda e: e.start_date, reverse=True)
    full = re.findall(r'<h2 id="edition-(\d+)"', page)
    assert full == [str(e.pk) for e in newest_first[:MY_LEERGANG_OPEN]]
    folded = re.findall(r'href="\?editie=(\d+)#edition-\d+"', page)
    assert folded == [str(e.pk) for e in newest_first[MY_LEERGANG_OPEN:]]
    assert f"{5 - MY_LEERGANG_OPEN} andere edities" in page
    # The shown editions carry their own things: the next session's place, the reflection.
    assert "Zaal 5-4" in page and "Zaal 5-0" not in page


def test_a_folded_edition_opens_on_request_and_only_ones_own(client, world, edition2):
    _leader, many, editions = world(5, members=1, comments=0)
    oldest = min(editions, key=lambda e: e.start_date)
    _n, page = _count(client, many, f"/mijn-leergang/?editie={oldest.pk}")
    full = re.findall(r'<h2 id="edition-(\d+)"', page)
    assert full[0] == str(oldest.pk) and len(full) == MY_LEERGANG_OPEN + 1
    assert "Zaal 5-0" in page
    # Another's edition, or nonsense, opens nothing and says nothing about it.
    for value in (edition2.pk, "x", "-1", "9" * 30):
        response = client.get(f"/mijn-leergang/?editie={value}")
        assert response.status_code == 200
        shown = re.findall(r'<h2 id="edition-(\d+)"', response.content.decode())
        assert len(shown) == MY_LEERGANG_OPEN
        assert edition2.title not in response.content.decode()


def test_a_participant_of_one_edition_stays_within_the_budget(client, participant, peer,
                                                              edition1, block, prompts):
    case = make_case(peer, edition1)
    from cohort.threads.services import thread_for_case

    post(peer, thread_for_case(case), "Wat vind jij?")
    reflect(participant, edition1, block, prompts[1], body=OPEN_QUESTION)
    count, page = _count(client, fresh(participant))
    assert count <= MAX_QUERIES
    assert case.title in page and "andere editie" not in page


def test_the_desk_costs_the_same_for_2_editions_and_for_6(client, world):
    from django.urls import reverse

    small = world(2, members=2, comments=2)
    big = world(6, members=5, comments=12)
    path = reverse("desk:all")
    small_count, _ = _count(client, small[0], path)
    big_count, page = _count(client, big[0], path)
    assert big_count == small_count, (small_count, big_count)
    for edition in big[2]:  # every edition she facilitates is on it
        assert edition.title in page


def test_a_block_page_costs_the_same_for_a_member_of_2_editions_and_of_6(client, world,
                                                                         block):
    small = world(2, members=2, comments=2)
    big = world(6, members=5, comments=12)
    small_count, _ = _count(client, small[1], block.url)
    big_count, page = _count(client, big[1], block.url)
    assert big_count == small_count, (small_count, big_count)
    from cohort.threads.models import Reflection

    newest = max(big[2], key=lambda edition: edition.start_date)
    own = Reflection.objects.get(author=big[1], cohort=newest)
    assert f'href="{own.get_absolute_url()}"' in page  # her reflection in her newest edition


def test_the_case_list_costs_the_same_for_few_cases_and_many(client, world):
    from django.urls import reverse

    from tests.cases_tests.conftest import make_case

    _leader, many, editions = world(1, members=3, comments=1)
    edition = editions[0]
    path = reverse("cases:list", args=[edition.pk])
    small_count, _ = _count(client, many, path)
    authors = [m.user for m in edition.memberships.filter(role="participant")
               .exclude(user=many).select_related("user")]
    for n in range(8):
        make_case(authors[n % len(authors)], edition, title=f"Extra casus {n}")
    big_count, page = _count(client, many, path)
    assert big_count == small_count, (small_count, big_count)
    assert "Extra casus 7" in page


def test_a_desk_of_many_editions_covers_the_latest_and_folds_the_rest(client, world):
    from django.urls import reverse

    from cohort.desk.views import DESK_OPEN

    leader, _many, editions = world(DESK_OPEN + 2, members=1, comments=1)
    _n, page = _count(client, leader, reverse("desk:all"))
    newest_first = sorted(editions, key=lambda e: e.start_date, reverse=True)
    folded = page.split('id="desk-folded"')[1]
    for edition in newest_first[DESK_OPEN:]:
        assert f'href="{reverse("desk:edition", args=[edition.pk])}"' in folded
    assert "2 eerdere edities" in page
    # Each folded edition says what waits there: its one case has no feedback yet.
    items = re.findall(r"<li>(.*?)</li>", folded.split("</ul>")[0], re.S)
    assert len(items) == 2 and all("1 casus wacht op feedback" in item for item in items)
    from cohort.cases.models import Case, CaseFeedback

    oldest_case = Case.objects.get(cohort=newest_first[-1])
    CaseFeedback.objects.create(case=oldest_case, author=leader, body="Goed beschreven.")
    _n, page = _count(client, leader, reverse("desk:all"))
    folded = page.split('id="desk-folded"')[1].split("</ul>")[0]
    last = folded[folded.index(f'href="{reverse("desk:edition", args=[newest_first[-1].pk])}"'):]
    assert "niets wacht op je" in last and "wacht op feedback" not in last
    assert f"Casus van editie {DESK_OPEN + 2}-{DESK_OPEN + 1}" in page  # the newest, in full
    assert f"Casus van editie {DESK_OPEN + 2}-0" not in page
    # A folded edition's own desk shows what waits there.
    oldest = newest_first[-1]
    own = client.get(reverse("desk:edition", args=[oldest.pk])).content.decode()
    assert f"Casus van editie {DESK_OPEN + 2}-0" in own


def test_edition_case_notifications_and_search_cost_the_same_at_two_sizes(client, world):
    """The other member pages: an edition's page (more members), a case with its thread (more
    comments), the notifications (more of them) and search (more hits)."""
    from django.urls import reverse

    from cohort.cases.models import Case
    from cohort.notifications.models import Notification
    from tests.factories import expand_notifications

    small = world(2, members=2, comments=2)
    big = world(6, members=5, comments=12)
    expand_notifications()
    pages = {}
    for label, (leader, many, editions) in (("small", small), ("big", big)):
        newest = max(editions, key=lambda e: e.start_date)
        case = Case.objects.get(cohort=newest)
        pages[label] = {
            "edition": _count(client, many, newest.url),
            "case": _count(client, many, case.get_absolute_url()),
            "notifications": _count(client, leader, reverse("notifications:list")),
            "search": _count(client, many, reverse("search:search") + "?q=Reactie"),
        }
    assert (Notification.objects.filter(recipient=big[0]).count()
            > Notification.objects.filter(recipient=small[0]).count() > 0)
    for page in pages["small"]:
        small_count, _ = pages["small"][page]
        big_count, _ = pages["big"][page]
        assert big_count == small_count, (page, small_count, big_count)
    assert "Reactie 11 in editie 6-5" in pages["big"]["case"][1]
    assert "Reactie 1 in editie 6-" in pages["big"]["search"][1]
