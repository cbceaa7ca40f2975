"""Bad input to every thread form: a translated refusal (400, 404 or 429), never a 500."""

import pytest
from django.urls import reverse

from cohort.threads import services
from tests.threads_tests.conftest import fresh, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(participant, edition1, facilitator):
    return make_case(participant, edition1)


@pytest.mark.parametrize("data", [
    {"body": "x", "parent": "abc"}, {"body": "x", "parent": "-1"}, {"body": "x", "parent": "9" * 30},
    {"body": "x", "parent": "1e5"}, {}, {"body": ""}, {"body": "x" * 20000}, {"body": "\x00\x01"},
])
@pytest.mark.parametrize("htmx", [False, True])
def test_comment_bad_input(client, case, peer, data, htmx):
    client.force_login(peer)
    headers = {"HX-Request": "true", "HX-Trigger": "reageer\r\nX: y"} if htmx else {}
    r = client.post(reverse("threads:case_comment", args=[case.pk]), data, headers=headers)
    assert r.status_code in (400, 404, 429)


def test_react_hide_pin_bad(client, case, peer, facilitator, participant):
    thread = services.thread_for_case(case)
    c = services.comment_post(user=fresh(peer), thread=thread, body="hoi")
    client.force_login(participant)
    for data in ({}, {"kind": "nope"}, {"kind": "x" * 1000}):
        assert client.post(reverse("threads:comment_react", args=[c.pk]), data).status_code == 302
    client.force_login(facilitator)
    assert client.post(reverse("threads:comment_hide", args=[c.pk]), {}).status_code == 302
    assert client.post(reverse("threads:comment_hide", args=[c.pk]), {"reason": "\x00"}).status_code == 302
    assert client.post(reverse("threads:comment_pin", args=[c.pk]), {"pinned": "x"}).status_code == 302
    for p in ("9" * 40, "-3", "abc", "99999999999999999"):
        assert client.get(case.get_absolute_url() + f"?pagina={p}&antwoord={p}&geplaatst={p}").status_code == 200


def test_reflection_bad(client, participant, edition1, edition2, block, prompts):
    client.force_login(participant)
    url = reverse("threads:reflection_write")
    for data in ({"blok": block.pk, "vraag": "x" * 1000, "body": "a"},
                 {"blok": block.pk, "editie": edition2.pk, "vraag": prompts[1], "body": "a"},
                 {"blok": "abc"}, {"blok": block.pk, "vraag": prompts[1]},
                 {"blok": block.pk, "vraag": prompts[1], "body": "   "}):
        r = client.post(url, data)
        assert r.status_code in (302, 400, 404)
