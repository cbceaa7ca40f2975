"""Rule 7: a facilitator sees and administers the editions she facilitates only, in the
Wagtail admin too (listings, exports, form choices, previews, page edits); superusers all."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import GroupPagePermission, Page

from cohort.models import Membership
from cohort.permissions import FACILITATORS_GROUP
from cohort.programme import services as programme_services
from cohort.programme.invitations import Invitation
from cohort.programme.models import BlockPage
from cohort.services import facilitators_group_ensure
from tests.factories import UserFactory, cohort_page, member, programme_page

pytestmark = pytest.mark.django_db


def _in_group(user):
    facilitators_group_ensure()
    user.groups.add(Group.objects.get(name=FACILITATORS_GROUP))
    return user


@pytest.fixture
def fac_a(edition1):
    """In the facilitators' group; facilitates edition 1 only."""
    return _in_group(member(edition1, role=Membership.Role.FACILITATOR, first_name="Anna",
                            email="anna@example.org"))


@pytest.fixture
def edition2_member(edition2):
    return member(edition2, first_name="Lotte", display_name="Lotte uit twee",
                  email="lotte-twee@example.org")


@pytest.fixture
def superuser(db):
    from cohort.models import User

    return User.objects.create_superuser(email="root@example.org", password="x")


def test_root_page_permissions_are_gone_and_each_programme_has_its_own(programme):
    group = facilitators_group_ensure()
    assert not GroupPagePermission.objects.filter(group=group, page__depth=1).exists()
    later = programme_page(title="Tweede leergang")  # created after the group: a signal grants
    for page in (programme, later):
        codenames = set(GroupPagePermission.objects.filter(group=group, page=page)
                        .values_list("permission__codename", flat=True))
        assert {"add_page", "change_page", "publish_page"} <= codenames


def test_memberships_listing_and_export_hold_her_editions_only(
    client, fac_a, participant, edition2_member, edition2
):
    client.force_login(fac_a)
    listing = client.get("/admin/memberships/").content.decode()
    assert participant.get_display_name() in listing
    assert "Lotte uit twee" not in listing
    assert edition2.title not in listing  # not even in the edition filter
    export = client.get("/admin/memberships/?export=csv").getvalue().decode()
    assert participant.email in export and edition2_member.email not in export
    xlsx = client.get("/admin/memberships/?export=xlsx")
    assert xlsx.status_code == 200
    filtered = client.get(f"/admin/memberships/?cohort={edition2.pk}").content.decode()
    assert "Lotte uit twee" not in filtered


@pytest.mark.parametrize("view", ["edit", "delete", "inspect", "history", "usage"])
def test_a_membership_of_another_edition_is_not_found(client, fac_a, edition2_member, view):
    other = Membership.objects.get(user=edition2_member)
    client.force_login(fac_a)
    response = client.get(f"/admin/memberships/{view}/{other.pk}/")
    assert response.status_code == 404
    if view == "delete":
        assert client.post(f"/admin/memberships/delete/{other.pk}/").status_code == 404
        assert Membership.objects.filter(pk=other.pk).exists()


def test_she_cannot_add_herself_or_anyone_to_another_edition(
    client, fac_a, participant, edition1, edition2, edition2_member
):
    client.force_login(fac_a)
    form = client.get("/admin/memberships/new/").content.decode()
    assert f'value="{edition1.pk}"' in form
    assert f'value="{edition2.pk}"' not in form
    assert edition2_member.email not in form and "Lotte uit twee" not in form
    response = client.post("/admin/memberships/new/", {
        "user": fac_a.pk, "cohort": edition2.pk, "role": Membership.Role.PARTICIPANT,
    })
    assert response.status_code == 200  # the form again, with its error
    assert not Membership.objects.filter(user=fac_a, cohort=edition2).exists()
    # Moving one of her members into edition 2 is refused the same way.
    mine = Membership.objects.get(user=participant)
    client.post(f"/admin/memberships/edit/{mine.pk}/", {
        "user": participant.pk, "cohort": edition2.pk, "role": Membership.Role.PARTICIPANT,
    })
    mine.refresh_from_db()
    assert mine.cohort_id == edition1.pk


def test_she_adds_a_member_of_her_own_edition(client, fac_a, participant, edition1, programme):
    third = cohort_page(programme, title="Editie 3")
    Membership.objects.create(user=fac_a, cohort=third, role=Membership.Role.FACILITATOR)
    client.force_login(fac_a)
    response = client.post("/admin/memberships/new/", {
        "user": participant.pk, "cohort": third.pk, "role": Membership.Role.PARTICIPANT,
    })
    assert response.status_code == 302
    assert Membership.objects.filter(user=participant, cohort=third).exists()


def test_invitations_are_scoped_in_listing_form_actions_and_service(
    client, fac_a, edition1, edition2
):
    theirs = Invitation.objects.create(cohort=edition2, email="nieuw-twee@example.org")
    mine = Invitation.objects.create(cohort=edition1, email="nieuw-een@example.org")
    client.force_login(fac_a)
    listing = client.get("/admin/invitations/").content.decode()
    assert mine.email in listing and theirs.email not in listing
    assert theirs.email not in client.get("/admin/invitations/?export=csv").getvalue().decode()
    form = client.get("/admin/invitations/new/").content.decode()
    assert f'value="{edition2.pk}"' not in form
    client.post("/admin/invitations/new/", {
        "cohort": edition2.pk, "email": "anna+twee@example.org", "role": "participant",
    })
    assert not Invitation.objects.filter(cohort=edition2, email="anna+twee@example.org").exists()
    for action in ("resend", "revoke"):
        assert client.post(f"/admin/invitations/{theirs.pk}/{action}/").status_code == 404
    assert client.get(f"/admin/invitations/inspect/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None and theirs.sent_count == 0
    with pytest.raises(PermissionDenied):
        programme_services.invitation_create(cohort=edition2, email="x@example.org",
                                             invited_by=fac_a)


def test_she_edits_her_programme_and_edition_but_not_another_edition(
    client, fac_a, programme, edition1, edition2
):
    block = BlockPage(title="Jouw plek", slug="blok-1", number=1)
    programme.add_child(instance=block)
    client.force_login(fac_a)
    assert client.get(f"/admin/pages/{programme.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{block.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{edition1.pk}/edit/").status_code == 200
    explorer = client.get(f"/admin/pages/{programme.pk}/").content.decode()
    assert edition1.title in explorer and edition2.title not in explorer
    for url in (
        f"/admin/pages/{edition2.pk}/edit/",
        f"/admin/pages/{edition2.pk}/history/",
        f"/admin/pages/{edition2.pk}/revisions/",
        f"/admin/pages/{edition2.pk}/copy/",
        f"/admin/pages/{edition2.pk}/delete/",
        f"/admin/pages/{edition2.pk}/move/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "Lotte" not in response.content.decode()
    # Editions have no search index entries, so the admin search never lists one; the
    # page chooser browses the tree, where only her own edition appears.
    chooser = client.get(f"/admin/choose-page/{programme.pk}/").content.decode()
    assert edition1.title in chooser and edition2.title not in chooser


def test_preview_of_another_edition_is_not_found(fac_a, edition2, edition2_member):
    request = RequestFactory().get("/")
    request.user = fac_a
    with pytest.raises(Http404):
        edition2.serve_preview(request, "")
    request.user = edition2_member
    assert edition2.serve_preview(request, "").status_code == 200


def test_a_facilitator_of_another_programme_reaches_none_of_this_one(client, programme, edition1):
    elsewhere = programme_page(title="Andere leergang")
    other = _in_group(member(cohort_page(elsewhere, title="Elders"),
                             role=Membership.Role.FACILITATOR, email="elders@example.org"))
    client.force_login(other)
    assert client.get(f"/admin/pages/{elsewhere.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{programme.pk}/edit/").status_code in (302, 403)
    assert not programme.permissions_for_user(other).can_edit()
    assert not Page.objects.get(pk=edition1.pk).permissions_for_user(other).can_edit()


def test_who_may_edit_an_edition_are_its_facilitators_and_superusers(
    fac_a, facilitator, edition1, edition2, superuser
):
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(Page)
    editors = set(policy.users_with_any_permission_for_instance(["change"], edition2))
    assert fac_a not in editors
    assert {facilitator, superuser} <= editors
    assert fac_a in set(policy.users_with_any_permission_for_instance(["change"], edition1))


def test_superuser_reaches_every_edition(client, superuser, edition2, edition2_member):
    client.force_login(superuser)
    assert client.get(f"/admin/pages/{edition2.pk}/edit/").status_code == 200
    assert "Lotte uit twee" in client.get("/admin/memberships/").content.decode()


def test_the_group_alone_gives_no_edition(client, edition1):
    """In "Begeleiders" but facilitating nothing: no memberships, no editions, no pages."""
    loner = _in_group(UserFactory(email="alleen-groep@example.org"))
    client.force_login(loner)
    listing = client.get("/admin/memberships/").content.decode()
    assert edition1.title not in listing
    assert not Page.objects.get(pk=edition1.pk).permissions_for_user(loner).can_edit()


def test_review_is_for_facilitators_of_the_programme(fac_a, facilitator, programme, edition1):
    from wagtail.models import TaskState, Workflow, WorkflowPage, WorkflowTask

    from cohort.programme.workflows import ProgrammeReviewTask

    elsewhere = programme_page(title="Andere leergang")
    other = _in_group(member(cohort_page(elsewhere, title="Elders"),
                             role=Membership.Role.FACILITATOR, email="elders@example.org"))
    task = ProgrammeReviewTask.objects.create(name="Review")
    task.groups.add(Group.objects.get(name=FACILITATORS_GROUP))
    workflow = Workflow.objects.create(name="Review")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=programme, workflow=workflow)
    block = BlockPage(title="Jouw plek", slug="blok-1", number=1)
    programme.add_child(instance=block)
    block.save_revision(user=fac_a)
    workflow.start(block, fac_a)

    assert task.get_actions(block, facilitator)  # another facilitator of this programme
    assert task.get_actions(block, fac_a) == []  # not the one who asked for it
    assert not TaskState.objects.reviewable_by(fac_a).exists()
    assert task.get_actions(block, other) == []
    assert not task.user_can_access_editor(block, other)
    assert not block.permissions_for_user(other).can_edit()
    assert not TaskState.objects.reviewable_by(other).exists()
    assert TaskState.objects.reviewable_by(facilitator).exists()


def test_routes_that_name_another_edition_by_id_answer_404(client, fac_a, edition1, edition2,
                                                          edition2_member):
    client.force_login(fac_a)
    for url in (
        f"/admin/pages/{edition2.pk}/",
        f"/admin/pages/{edition2.pk}/results/",
        f"/admin/choose-page/{edition2.pk}/",
        f"/admin/choose-page/chosen-multiple/?id={edition2.pk}",
        f"/admin/choose-page/chosen-multiple/?id={edition1.pk}&id={edition2.pk}",
        f"/admin/bulk/wagtailcore/page/publish/?id={edition2.pk}",
        f"/admin/bulk/wagtailcore/page/delete/?id={edition2.pk}",
        "/admin/bulk/wagtailcore/page/publish/?id=" + "9" * 25,
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert edition2.title not in response.content.decode(), url
    assert client.get(f"/admin/pages/{edition1.pk}/").status_code == 200
    assert client.get(f"/admin/choose-page/chosen-multiple/?id={edition1.pk}").status_code == 200


def test_reports_are_for_superusers(client, fac_a, superuser, edition2_member):
    for url in ("/admin/reports/site-history/", "/admin/reports/page-types-usage/",
                "/admin/reports/site-history/?export=csv", "/admin/reports/locked/"):
        client.force_login(fac_a)
        assert client.get(url).status_code == 404, url
        client.force_login(superuser)
        assert client.get(url).status_code == 200, url
    client.force_login(fac_a)
    assert "/admin/reports/" not in client.get("/admin/").content.decode()


def test_the_blog_author_form_offers_facilitators_only(client, fac_a, edition2_member,
                                                       participant):
    client.force_login(fac_a)
    form = client.get("/admin/snippets/blog/blogauthor/add/").content.decode()
    assert fac_a.get_display_name() in form
    assert "Lotte uit twee" not in form and participant.get_display_name() not in form


def test_the_invitation_link_is_shown_to_no_one(client, fac_a, edition1):
    invitation = programme_services.invitation_create(cohort=edition1, email="nw@example.org",
                                                      invited_by=fac_a)
    client.force_login(fac_a)
    page = client.get(f"/admin/invitations/inspect/{invitation.pk}/").content.decode()
    assert invitation.email in page and invitation.token not in page
    for url in ("/admin/invitations/", "/admin/invitations/?export=csv"):
        response = client.get(url)
        body = response.getvalue() if response.streaming else response.content
        assert invitation.token not in body.decode()


@pytest.mark.parametrize("url", ["/admin/memberships/", "/admin/memberships/?export=csv",
                                 "/admin/invitations/", "/admin/invitations/?export=csv"])
def test_admin_listings_take_the_same_queries_at_two_sizes(client, fac_a, edition1, url,
                                                           django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.get(url)  # warm caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        return len(queries)

    client.force_login(fac_a)
    for n in range(3):
        member(edition1, email=f"klein{n}@example.org")
        Invitation.objects.create(cohort=edition1, email=f"uit{n}@example.org", invited_by=fac_a)
    small = count()
    for n in range(30):
        member(edition1, email=f"groot{n}@example.org")
        Invitation.objects.create(cohort=edition1, email=f"uitg{n}@example.org", invited_by=fac_a)
    assert count() == small
