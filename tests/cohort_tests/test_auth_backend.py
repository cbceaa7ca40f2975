"""The sign-in backend (``cohort.auth_backends``) answers permissions as Django's own does,
in one query, and keeps sessions signed in by allauth's backend valid."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.users.models import UserProfile

from cohort.auth_backends import LeergangAuthenticationBackend
from cohort.models import User

pytestmark = pytest.mark.django_db


def _fresh(user):
    return User.objects.get(pk=user.pk)  # no permissions kept on the object yet


@pytest.fixture
def editor(db):
    user = User.objects.create_user(email="redacteur@example.org", password="x")
    group = Group.objects.create(name="Redactie")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="add_document"))
    return user


def test_permissions_are_djangos_in_one_query(editor):
    theirs = ModelBackend().get_all_permissions(_fresh(editor))
    assert {"wagtailadmin.access_admin", "wagtaildocs.add_document"} <= theirs
    ours_user = _fresh(editor)
    with CaptureQueriesContext(connection) as queries:
        assert LeergangAuthenticationBackend().get_all_permissions(ours_user) == theirs
        assert ours_user.has_perm("wagtailadmin.access_admin")  # every backend reuses it
        assert not ours_user.has_perm("wagtailcore.delete_page")
    assert len(queries) == 1


def test_superusers_have_all_and_inactive_users_none(editor):
    boss = User.objects.create_superuser(email="beheer@example.org", password="x")
    assert LeergangAuthenticationBackend().get_all_permissions(_fresh(boss)) == \
        ModelBackend().get_all_permissions(_fresh(boss)) != set()
    editor.is_active = False
    editor.save()
    assert LeergangAuthenticationBackend().get_all_permissions(_fresh(editor)) == set()
    assert LeergangAuthenticationBackend().get_user(editor.pk) is None


def test_the_user_comes_with_her_wagtail_profile(editor):
    UserProfile.get_for_user(editor)
    user = LeergangAuthenticationBackend().get_user(editor.pk)
    with CaptureQueriesContext(connection) as queries:
        assert user.wagtail_userprofile.theme
    assert len(queries) == 0
    assert LeergangAuthenticationBackend().get_user(10**9) is None


def test_a_session_signed_in_by_allauths_backend_stays_signed_in(client, participant):
    client.force_login(participant, backend="allauth.account.auth_backends.AuthenticationBackend")
    response = client.get("/mijn-leergang/")
    assert response.status_code == 200 and participant.first_name in response.text
    client.force_login(participant)  # a new sign-in: this backend
    assert client.session["_auth_user_backend"] == \
        "cohort.auth_backends.LeergangAuthenticationBackend"
    assert client.get("/mijn-leergang/").status_code == 200


def test_a_wrong_password_is_checked_once_and_a_right_one_signs_in(client, editor,
                                                                   monkeypatch):
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    from cohort.models import User as UserModel

    request = RequestFactory().post("/accounts/login/")

    checks = []
    original = UserModel.check_password

    def counting(self, raw):
        checks.append(raw)
        return original(self, raw)

    monkeypatch.setattr(UserModel, "check_password", counting)
    assert authenticate(request, email="redacteur@example.org", password="fout") is None
    assert len(checks) == 1
    checks.clear()
    assert authenticate(request, username="redacteur@example.org", password="fout") is None
    assert len(checks) == 1
    assert authenticate(request, email="redacteur@example.org", password="x") == editor
    response = client.post("/accounts/login/", {"login": "redacteur@example.org",
                                                "password": "x"})
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == \
        "cohort.auth_backends.LeergangAuthenticationBackend"
