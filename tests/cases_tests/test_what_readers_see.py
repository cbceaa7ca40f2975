"""What a reader may not see does not change what they see: the order and activity of the
list, its reply counts, its author filter, a member's editions."""

import datetime
import re

import pytest
from django.utils import timezone

from cohort.cases import services
from cohort.cases.models import Case
from cohort.models import Membership
from tests.cases_tests.conftest import make_case
from tests.factories import member

pytestmark = pytest.mark.django_db


def _titles_in_order(html):
    return re.findall(r'<a href="/casussen/\d+/">([^<]+)</a>', html)


def _age(case, days):
    moment = timezone.now() - datetime.timedelta(days=days)
    Case.objects.filter(pk=case.pk).update(last_activity_at=moment)


def test_author_only_feedback_moves_the_case_for_its_author_alone(
    client, participant, peer, facilitator, edition1
):
    older = make_case(participant, edition1, title="Oudere casus")
    newer = make_case(peer, edition1, title="Nieuwere casus")
    _age(older, 10)
    _age(newer, 5)
    third = member(edition1, first_name="Derde", email="derde@example.org")
    services.case_feedback_add(user=facilitator, case=older, body="Alleen voor jou.",
                               visibility="author")
    url = f"/edities/{edition1.pk}/casussen/"
    client.force_login(third)
    seen = client.get(url).text
    assert _titles_in_order(seen) == ["Nieuwere casus", "Oudere casus"]
    assert "0 minuten" not in seen and "1 feedback" not in seen  # count and age unchanged
    client.force_login(participant)
    mine = client.get(url).text
    assert _titles_in_order(mine) == ["Oudere casus", "Nieuwere casus"]
    assert "1 feedback" in mine
    services.case_feedback_add(user=facilitator, case=older, body="Voor iedereen.",
                               visibility="audience")
    client.force_login(third)
    assert _titles_in_order(client.get(url).text) == ["Oudere casus", "Nieuwere casus"]


def test_the_author_filter_names_only_authors_of_cases_the_reader_sees(
    client, participant, peer, facilitator, edition1
):
    drafter = member(edition1, first_name="Schrijfster", email="drafter@example.org")
    quiet = member(edition1, first_name="Stille", email="quiet@example.org")
    make_case(drafter, edition1, title="Nog een concept", status="draft")
    make_case(quiet, edition1, title="Voor de begeleiders", audience="facilitators")
    make_case(peer, edition1, title="Gedeeld")
    client.force_login(participant)
    html = client.get(f"/edities/{edition1.pk}/casussen/").text
    select = html[html.index('name="author"'):html.index("</select>", html.index('name="author"'))]
    assert peer.get_display_name() in select
    assert "Schrijfster" not in select and "Stille" not in select
    client.force_login(facilitator)
    html = client.get(f"/edities/{edition1.pk}/casussen/").text
    select = html[html.index('name="author"'):html.index("</select>", html.index('name="author"'))]
    assert "Stille" in select and "Schrijfster" not in select


def test_a_member_page_lists_only_editions_the_viewer_shares(
    client, participant, facilitator, edition1, edition2
):
    """The facilitator is in both editions; a participant of edition 1 sees edition 1 only."""
    client.force_login(participant)
    html = client.get(facilitator.get_absolute_url()).text
    assert edition1.title in html and edition2.title not in html
    assert Membership.objects.filter(user=facilitator, cohort=edition2).exists()
