import pytest
from django.core.cache import cache

from cohort.models import Membership
from cohort.permissions import FACILITATORS_GROUP
from tests.factories import UserFactory, cohort_page, member, programme_page


@pytest.fixture(autouse=True)
def _clean_cache():
    from config import redis_rest

    redis_rest.clear()  # a test that stopped Redis must not rest the next one
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def programme(db):
    return programme_page()


@pytest.fixture
def edition1(programme):
    return cohort_page(programme, title="Editie 1")


@pytest.fixture
def edition2(programme):
    return cohort_page(programme, title="Editie 2")


@pytest.fixture
def participant(edition1):
    return member(edition1, first_name="Sanne", email="sanne@example.org")


@pytest.fixture
def peer(edition1):
    return member(edition1, first_name="Youssef", email="youssef@example.org")


@pytest.fixture
def outsider(edition2):
    return member(edition2, first_name="Lotte", email="lotte@example.org")


@pytest.fixture
def facilitator(edition1, edition2):
    from django.contrib.auth.models import Group

    from cohort.services import facilitators_group_ensure

    facilitators_group_ensure()
    user = UserFactory(first_name="Marieke", email="marieke@example.org")
    user.groups.add(Group.objects.get(name=FACILITATORS_GROUP))
    for edition in (edition1, edition2):
        Membership.objects.create(user=user, cohort=edition, role=Membership.Role.FACILITATOR)
    return user


@pytest.fixture
def stranger(db):
    """Signed in, but a member of no edition."""
    return UserFactory(first_name="Onbekend", email="stranger@example.org")
