"""Rule 1: Membership decides; another edition's people and pages answer 404."""

import pytest

from cohort import permissions
from cohort.models import Membership
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_cohort_visibility_matrix(edition1, edition2, participant, outsider, stranger, facilitator):
    assert permissions.can_view_cohort(participant, edition1)
    assert not permissions.can_view_cohort(participant, edition2)
    assert permissions.can_view_cohort(outsider, edition2)
    assert not permissions.can_view_cohort(outsider, edition1)
    assert not permissions.can_view_cohort(stranger, edition1)
    assert permissions.can_view_cohort(facilitator, edition1)
    assert permissions.can_view_cohort(facilitator, edition2)
    assert list(permissions.visible_cohorts(participant)) == [edition1]


def test_anonymous_and_inactive_users_see_nothing(edition1, participant):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.can_view_cohort(AnonymousUser(), edition1)
    participant.is_active = False
    participant.save()
    assert not permissions.can_view_cohort(participant, edition1)
    assert not permissions.visible_cohorts(participant).exists()


def test_group_gives_admin_not_cohort_access(edition1, stranger):
    from django.contrib.auth.models import Group

    from cohort.services import facilitators_group_ensure

    facilitators_group_ensure()
    stranger.groups.add(Group.objects.get(name=permissions.FACILITATORS_GROUP))
    stranger = type(stranger).objects.get(pk=stranger.pk)
    assert permissions.is_facilitator(stranger)
    assert permissions.can_access_admin(stranger)
    # Cohort access comes from Membership alone.
    assert not permissions.can_view_cohort(stranger, edition1)


def test_member_visibility(participant, peer, outsider, facilitator):
    visible = set(permissions.visible_members(participant))
    assert {participant, peer, facilitator} <= visible
    assert outsider not in visible
    assert permissions.can_view_member(participant, peer)
    assert not permissions.can_view_member(participant, outsider)
    assert permissions.can_view_member(facilitator, outsider)


def test_roles(edition1, participant, facilitator):
    assert permissions.role_in(participant, edition1) == Membership.Role.PARTICIPANT
    assert permissions.is_facilitator_of(facilitator, edition1)
    assert not permissions.is_facilitator_of(participant, edition1)


def test_membership_is_unique_and_add_is_idempotent(edition1, participant):
    from cohort.services import membership_add

    membership_add(user=participant, cohort=edition1)
    membership_add(user=participant, cohort=edition1, role=Membership.Role.OBSERVER)
    assert Membership.objects.filter(user=participant, cohort=edition1).count() == 1
    assert permissions.role_in(participant, edition1) == Membership.Role.OBSERVER


@pytest.mark.parametrize(
    ("who", "expected"),
    [("participant", 200), ("facilitator", 200), ("outsider", 404), ("stranger", 404)],
)
def test_cohort_page_access(client, edition1, request, who, expected):
    client.force_login(request.getfixturevalue(who))
    assert client.get(edition1.url).status_code == expected


def test_cohort_page_sends_visitors_to_login(client, edition1):
    response = client.get(edition1.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_cohort_page_lists_members_in_bounded_queries(
    client, edition1, participant, django_assert_max_num_queries
):
    for n in range(12):
        member(edition1, email=f"extra{n}@example.org")
    client.force_login(participant)
    client.get(edition1.url)  # warm the site and page caches
    with django_assert_max_num_queries(20):
        response = client.get(edition1.url)
    assert response.content.decode().count('class="member"') == 13


def test_member_page_and_photo_are_404_across_editions(client, participant, outsider, peer):
    from django.core.files.base import ContentFile

    from tests.cases_tests.conftest import png_bytes

    # Both have a photo, so a 404 means "not yours to see", not "there is none".
    for person in (peer, outsider):
        person.photo.save("foto.png", ContentFile(png_bytes()))
    client.force_login(participant)
    assert client.get(peer.get_absolute_url()).status_code == 200
    assert client.get(f"/leden/{peer.pk}/foto/").status_code == 200
    assert client.get(outsider.get_absolute_url()).status_code == 404
    assert client.get(f"/leden/{outsider.pk}/foto/").status_code == 404
    client.force_login(outsider)
    assert client.get(f"/leden/{outsider.pk}/foto/").status_code == 200


def test_member_page_needs_login(client, peer):
    response = client.get(peer.get_absolute_url())
    assert response.status_code == 302


@pytest.mark.parametrize(("who", "expected"), [("facilitator", 200), ("participant", 403)])
def test_admin_access(client, request, who, expected):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == expected


def test_a_participant_opening_the_admin_is_told_what_it_is_for(client, participant):
    """No loop between the admin and the login page (which sends a signed-in person on)."""
    client.force_login(participant)
    response = client.get("/admin/pages/", follow=True)
    assert response.redirect_chain == []
    assert response.status_code == 403
    assert "begeleiders" in response.text.lower()
    assert 'href="/mijn-leergang/"' in response.text


def test_visitors_still_go_to_the_one_login_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    # Wagtail's second login form is gone; its name only points at ours.
    old = client.get("/_util/login/?next=/blog/")
    assert old.status_code == 302 and old["Location"] == "/accounts/login/?next=/blog/"


def test_participant_cannot_open_admin_pages(client, participant, edition1):
    client.force_login(participant)
    response = client.get(f"/admin/pages/{edition1.pk}/edit/")
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_the_header_logs_in_to_mijn_leergang_and_a_members_page_explains_itself(
        client, programme, participant):
    from cohort.programme.models import BlockPage

    home = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in home and "/accounts/login/?next=" not in home
    plain = client.get("/accounts/login/").content.decode()
    assert "alleen voor" not in plain and "is voor de deelnemers" not in plain
    block = BlockPage(title="Jouw plek", slug="blok-1", number=1, theme="Rol", body=[])
    programme.add_child(instance=block)
    block.save_revision().publish()
    sent = client.get(block.url)
    assert sent.status_code == 302
    page = client.get(sent["Location"]).content.decode()
    assert "is voor de deelnemers en begeleiders van de leergang" in page
    response = client.post(sent["Location"], {"login": participant.email,
                                              "password": "x-wrong"})
    assert response.status_code == 200  # wrong password: still explained
    assert "is voor de deelnemers en begeleiders van de leergang" in response.content.decode()
