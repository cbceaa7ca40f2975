"""The edition's progress beyond "done": cases, reflections, comments given and received,
last activity, who answered whom, and the same as CSV; for its facilitators only, at a cost
that does not grow with the number of participants."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohort.threads import services as threads
from tests.cases_tests.conftest import make_case
from tests.factories import member
from tests.threads_tests.conftest import post, reflect

pytestmark = pytest.mark.django_db


def block_case(author, edition, block, **kwargs):
    """A case written for the block's assignment."""
    from cohort.cases.models import Case

    case = make_case(author, edition, **kwargs)
    Case.objects.filter(pk=case.pk).update(block=block)
    return case


def progress(client, user, edition):
    client.force_login(user)
    return client.get(reverse("programme:cohort_progress", args=[edition.pk]))


def test_progress_shows_cases_reflections_and_answers(client, facilitator, participant, peer,
                                                      edition1, block, prompts):
    block_case(participant, edition1, block)
    block_case(peer, edition1, block, status="draft")  # a draft is not shown
    reflect(peer, edition1, block, prompts[1])
    case = make_case(participant, edition1, title="Tweede casus")
    post(peer, threads.thread_for_case(case), "Een vraag aan jou.")
    post(peer, threads.thread_for_case(case), "En nog een.")
    post(participant, threads.thread_for_case(case), "Mijn antwoord.")  # own: not counted
    page = progress(client, facilitator, edition1).content.decode()
    rows = {name: page[page.index(f">{name}</a>"):][:1500]
            for name in (participant.get_display_name(), peer.get_display_name())}
    sanne, peer_row = rows[participant.get_display_name()], rows[peer.get_display_name()]
    assert "casus" in sanne.split("</tr>")[0] and "reflectie" not in sanne.split("</tr>")[0]
    assert "reflectie" in peer_row.split("</tr>")[0] and "casus" not in peer_row.split("</tr>")[0]
    assert reverse("cohort:member", args=[participant.pk]) in page
    assert "Wie reageerde op wie" in page

    csv_response = client.get(reverse("programme:cohort_progress_csv", args=[edition1.pk]))
    assert csv_response["Content-Disposition"].startswith("attachment")
    table = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    header, body = table[0], {row[0]: row for row in table[1:]}
    given, received = header.index("reacties gegeven"), header.index("reacties ontvangen")
    assert body[peer.get_display_name()][given] == "2"
    assert body[participant.get_display_name()][received] == "2"
    assert body[participant.get_display_name()][given] == "0"


def test_progress_is_for_the_editions_facilitators_only(client, participant, outsider,
                                                        edition1, edition2, facilitator):
    for user in (participant, outsider):
        assert progress(client, user, edition1).status_code == 404
        assert client.get(reverse("programme:cohort_progress_csv",
                                  args=[edition1.pk])).status_code == 404


def test_a_csv_cell_never_runs_as_a_formula(client, facilitator, edition1):
    member(edition1, first_name="=HYPERLINK(\"http://x\")", email="formula@example.org")
    client.force_login(facilitator)
    text = client.get(reverse("programme:cohort_progress_csv",
                              args=[edition1.pk])).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text


def test_progress_costs_the_same_for_3_and_for_12_participants(client, facilitator, edition1,
                                                               block, prompts):
    def grow(n):
        for i in range(n):
            person = member(edition1, first_name=f"Lid{n}-{i}", email=f"lid{n}-{i}@example.org")
            case = block_case(person, edition1, block)
            reflect(person, edition1, block, prompts[1])
            post(person, threads.thread_for_case(case), "Een reactie.")

    def count():
        client.force_login(facilitator)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("programme:cohort_progress",
                                      args=[edition1.pk])).status_code == 200
        return len(queries)

    grow(3)
    count()  # the first request fills what is cached (the header, the admin profile)
    small = count()
    grow(9)
    assert count() == small
