"""The facilitator works in the Wagtail admin; our user fields and memberships are there."""

import pytest

from cohort.models import Membership

pytestmark = pytest.mark.django_db


def test_facilitator_can_use_the_page_tree(client, facilitator, programme, edition1):
    client.force_login(facilitator)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{programme.pk}/").status_code == 200
    response = client.get(f"/admin/pages/{edition1.pk}/edit/")
    assert response.status_code == 200
    assert "script-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]
    assert client.get(f"/admin/pages/add/cohort/cohortpage/{programme.pk}/").status_code == 200


def test_the_editions_inline_panels_speak_dutch(client, facilitator, edition1):
    client.force_login(facilitator)
    page = client.get(f"/admin/pages/{edition1.pk}/edit/").content.decode()
    assert "Bijeenkomst toevoegen" in page and "Vervroegde opening toevoegen" in page
    assert "Voeg Bijeenkomsten toe" not in page


def test_facilitator_manages_memberships_and_exports_them(
    client, facilitator, edition1, participant
):
    client.force_login(facilitator)
    listing = client.get("/admin/memberships/")
    assert listing.status_code == 200
    assert participant.get_display_name() in listing.content.decode()
    export = client.get("/admin/memberships/?export=csv")
    assert export.status_code == 200
    assert participant.email in export.getvalue().decode()


def test_participant_cannot_manage_memberships(client, participant):
    client.force_login(participant)
    response = client.get("/admin/memberships/")
    assert response.status_code in (302, 403)


def test_superuser_user_form_has_profile_fields(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="root@example.org", password="x")
    client.force_login(admin)
    content = client.get("/admin/users/new/").content.decode()
    for field in ("display_name", "organisation", "role_name"):
        assert f'name="{field}"' in content
    response = client.post(
        "/admin/users/new/",
        {
            "email": "nieuw@example.org",
            "first_name": "Nieuw",
            "last_name": "Lid",
            "display_name": "",
            "organisation": "Gemeente",
            "role_name": "verbinder",
            "password1": "een-lang-wachtwoord-1",
            "password2": "een-lang-wachtwoord-1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = django_user_model.objects.get(email="nieuw@example.org")
    assert created.role_name == "verbinder"
    assert not Membership.objects.filter(user=created).exists()


def test_creating_an_edition_makes_the_creator_its_facilitator(client, facilitator, programme):
    client.force_login(facilitator)
    response = client.post(
        f"/admin/pages/add/cohort/cohortpage/{programme.pk}/",
        {
            "title": "Editie 3",
            "slug": "editie-nieuw",
            "start_date": "2027-09-07",
            "end_date": "",
            "intro": "",
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
            "sessions-MIN_NUM_FORMS": "0",
            "sessions-MAX_NUM_FORMS": "1000",
            "block_releases-TOTAL_FORMS": "0",
            "block_releases-INITIAL_FORMS": "0",
            "block_releases-MIN_NUM_FORMS": "0",
            "block_releases-MAX_NUM_FORMS": "1000",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    membership = Membership.objects.get(cohort__slug="editie-nieuw", user=facilitator)
    assert membership.role == Membership.Role.FACILITATOR
