"""/zoeken/: visitors find public pages; members also what they may read, nothing more."""

import pytest
from django.urls import reverse

from cohort.threads import services
from tests.threads_tests.conftest import fresh, make_case, reflect

pytestmark = pytest.mark.django_db


def search(client, q):
    response = client.get(reverse("search:search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_visitors_find_public_pages_and_nothing_of_an_edition(client, programme, edition1,
                                                             participant, facilitator):
    case = make_case(participant, edition1, title="Regiotafel zonder eigenaar")
    html = search(client, programme.title.split()[0])
    assert programme.url in html
    html = search(client, "regiotafel")
    assert case.get_absolute_url() not in html and "Regiotafel zonder eigenaar" not in html


def test_members_find_their_editions_cases_reflections_and_comments(
        client, block, prompts, edition1, edition2, participant, peer, outsider, facilitator):
    case = make_case(participant, edition1, title="Woningcorporatie wacht af")
    thread = services.thread_for_case(case)
    comment = services.comment_post(user=fresh(peer), thread=thread,
                                    body="De woningcorporatie is ook eigenaar.")
    reflection = reflect(peer, edition1, block, prompts[1], body="De woningcorporatie zwijgt.")
    other = make_case(outsider, edition2, title="Woningcorporatie in editie twee")
    client.force_login(participant)
    html = search(client, "woningcorporatie")
    for url in (case.get_absolute_url(), comment.get_absolute_url(),
                reflection.get_absolute_url()):
        assert url in html
    assert other.get_absolute_url() not in html and "editie twee" not in html
    # Each hit says where it lives and who may see it.
    assert "Editie 1" in html
    client.force_login(outsider)
    html = search(client, "woningcorporatie")
    assert other.get_absolute_url() in html
    for url in (case.get_absolute_url(), comment.get_absolute_url(),
                reflection.get_absolute_url()):
        assert url not in html


def test_search_keeps_drafts_post_first_and_hidden_comments_out(client, block, prompts,
                                                                edition1, participant, peer,
                                                                facilitator):
    gated, _open = prompts
    draft = make_case(participant, edition1, status="draft", title="Kladje over subsidie")
    theirs = reflect(participant, edition1, block, gated, body="Subsidie als drukmiddel.")
    case = make_case(participant, edition1, title="Openbare casus")
    thread = services.thread_for_case(case)
    hidden = services.comment_post(user=fresh(participant), thread=thread,
                                   body="Subsidie van een naam.")
    services.comment_hide(user=fresh(facilitator), comment=hidden, reason="Naam")
    client.force_login(peer)
    html = search(client, "subsidie")
    assert draft.get_absolute_url() not in html
    assert theirs.get_absolute_url() not in html       # they have not posted their own
    assert hidden.get_absolute_url() not in html
    reflect(peer, edition1, block, gated, body="Mijn eigen verhaal.")
    assert theirs.get_absolute_url() in search(client, "subsidie")
    client.force_login(participant)
    assert draft.get_absolute_url() in search(client, "subsidie")  # their own draft


def test_hostile_and_empty_queries(client, participant):
    client.force_login(participant)
    html = search(client, "<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    search(client, "")
    search(client, "x" * 5000)
    search(client, "' OR 1=1 --")
    search(client, "&|!:*()")


@pytest.mark.parametrize("query", ['">', '"', "rol\" OR \"x", "NEAR(", "*", "a AND", "^x"])
def test_punctuation_in_a_query_never_answers_500(client, programme, query):
    response = client.get("/zoeken/", {"q": query})
    assert response.status_code == 200
